//! Experiment 1: the notebook's records, the proxy trap, and a
//! read-modify-write through a proxy.
//!
//! - Records: the manager starts with three records; process p1 appends
//!   `("Jeff", 8)`, then process p2 prints every record, as in the
//!   notebook. Both are forked children that connect to the manager's socket.
//! - The trap: the manager's list holds a list; the parent fetches it,
//!   pushes onto its copy, and looks at the manager's: unchanged. The
//!   right way: assign the changed item back (`set`), or ask the manager to
//!   make the change (`add_to_score`).
//! - Read-modify-write: two processes each add 1 to a record's score
//!   `increments` times, first by `get` then `set` (two calls, and the
//!   other process can run between them), then by `add_to_score` (one
//!   call, applied under the manager's lock). Updates lost are counted.

use super::Settings;
use crate::protocol::Value;
use crate::proxy::Client;
use crate::server::Manager;
use crate::state::State;
use labkit::LabContext;
use labkit::claim::Claim;
use labkit::process::fork_child;
use labkit::report::Table;
use std::io::Write;

/// Runs the three parts, prints, records results and claims.
pub fn run(ctx: &mut LabContext, s: &Settings) -> anyhow::Result<()> {
    records(ctx)?;
    trap(ctx)?;
    read_modify_write(ctx, s.increments)
}

fn record(name: &str, score: i64) -> Value {
    Value::Record(name.into(), score)
}

// ANCHOR: records
fn records(ctx: &mut LabContext) -> anyhow::Result<()> {
    let manager = Manager::start(State::with_list(vec![
        record("Sam", 10),
        record("Adam", 9),
        record("Kevin", 9),
    ]))?;
    let path = manager.path().to_path_buf();
    println!("The notebook's records, through a manager process (pid {}):", manager.pid());
    let mut p1 = fork_child(|| {
        let Ok(mut c) = Client::connect(&path) else { return 1 };
        match c.list().append(record("Jeff", 8)) {
            Ok(()) => {
                println!("  p1 (pid {}): New record added!", std::process::id());
                0
            }
            Err(_) => 1,
        }
    })?;
    let p1_status = p1.wait()?;
    let mut p2 = fork_child(|| {
        let Ok(mut c) = Client::connect(&path) else { return 1 };
        let Ok(records) = c.list().snapshot() else { return 1 };
        for r in &records {
            if let Value::Record(name, score) = r {
                println!("  p2 (pid {}): Name: {name}, Score: {score}", std::process::id());
            }
        }
        let _ = std::io::stdout().flush();
        records.len() as i32
    })?;
    let seen_by_p2 = p2.wait()?.code().unwrap_or(-1);
    let after = Client::connect(&path)?.list().snapshot()?;
    manager.shutdown()?;
    println!();
    // ANCHOR_END: records
    let shown: Vec<String> = after.iter().map(Value::to_string).collect();
    ctx.record_result(
        "records",
        shown.join(", "),
        "the manager's list after p1 appended and p2 read",
    );
    ctx.claim(
        "records-shared",
        Claim::fact(
            "the record one process appended was seen by the next process and by the parent",
            p1_status.success() && seen_by_p2 == 4 && after.len() == 4,
            format!("p1 {p1_status}; p2 saw {seen_by_p2} records; the parent sees {}", after.len()),
        ),
    );
    Ok(())
}

// ANCHOR: trap
fn trap(ctx: &mut LabContext) -> anyhow::Result<()> {
    let manager = Manager::start(State::with_list(vec![Value::List(vec![1, 2])]))?;
    let mut client = Client::connect(manager.path())?;
    let mut list = client.list();
    // The trap: `records[0].append(3)` in Python. The item is a copy.
    let mut item = list.get(0)?;
    if let Value::List(v) = &mut item {
        v.push(3);
    }
    let after_push = list.get(0)?;
    // The right way: assign the changed copy back.
    list.set(0, item.clone())?;
    let after_set = list.get(0)?;
    // ANCHOR_END: trap
    drop(client);
    manager.shutdown()?;
    let mut table = Table::new(
        "The proxy trap: the manager's list holds [1, 2]",
        &["step", "the local copy", "the manager's item"],
    );
    table.row([
        "get(0), then push 3 onto the copy".to_string(),
        item.to_string(),
        after_push.to_string(),
    ]);
    table.row(["set(0, copy)".to_string(), item.to_string(), after_set.to_string()]);
    table.print();
    ctx.record_result("trap-local", item.to_string(), "the fetched copy after pushing 3");
    ctx.record_result(
        "trap-after-push",
        after_push.to_string(),
        "the manager's item after the copy was changed",
    );
    ctx.record_result(
        "trap-after-set",
        after_set.to_string(),
        "the manager's item after set(0, copy)",
    );
    ctx.claim(
        "trap-copy",
        Claim::fact(
            "changing an item fetched through the proxy changed nothing in the manager, and assigning it back did",
            after_push != item && after_set == item,
            format!("copy {item}; manager {after_push} after the push, {after_set} after set"),
        ),
    );
    Ok(())
}

// ANCHOR: rmw
/// Two processes each add 1 to the score of record 0, `n` times, with
/// `step`; returns how many of the 2n additions were lost.
fn two_processes(n: usize, step: fn(&mut Client) -> bool) -> anyhow::Result<(i64, usize)> {
    let manager = Manager::start(State::with_list(vec![record("Sam", 0)]))?;
    let path = manager.path().to_path_buf();
    let work = || {
        let Ok(mut c) = Client::connect(&path) else { return 1 };
        if (0..n).all(|_| step(&mut c)) { 0 } else { 1 }
    };
    let mut children = [fork_child(work)?, fork_child(work)?];
    let ok = children
        .iter_mut()
        .map(|c| c.wait().map(|s| s.success()))
        .collect::<Result<Vec<_>, _>>()?;
    anyhow::ensure!(ok.iter().all(|&s| s), "a client process failed");
    let score = match Client::connect(&path)?.list().get(0)? {
        Value::Record(_, score) => score,
        other => anyhow::bail!("record 0 is {other}"),
    };
    manager.shutdown()?;
    Ok((score, 2 * n))
}

/// `get` then `set`: two calls, and the other process may run between them.
fn get_then_set(c: &mut Client) -> bool {
    let mut list = c.list();
    match list.get(0) {
        Ok(Value::Record(name, score)) => list.set(0, Value::Record(name, score + 1)).is_ok(),
        _ => false,
    }
}

/// One call; the manager adds under its lock.
fn in_the_manager(c: &mut Client) -> bool {
    c.list().add_to_score(0, 1).is_ok()
}
// ANCHOR_END: rmw

fn read_modify_write(ctx: &mut LabContext, n: usize) -> anyhow::Result<()> {
    let (racy, made) = two_processes(n, get_then_set)?;
    let (whole, _) = two_processes(n, in_the_manager)?;
    let lost = |score: i64| made as i64 - score;
    let mut table = Table::new(
        format!("Two processes, {n} additions each, through the manager"),
        &["how", "final score", "lost"],
    );
    table.row(["get, then set (two calls)".to_string(), racy.to_string(), lost(racy).to_string()]);
    table.row(["add_to_score (one call)".to_string(), whole.to_string(), lost(whole).to_string()]);
    table.print();
    ctx.record_result("rmw-made", made.to_string(), "additions made by the two processes");
    ctx.record_result(
        "rmw-lost-get-set",
        lost(racy).to_string(),
        "additions lost with get then set",
    );
    ctx.record_result(
        "rmw-lost-in-manager",
        lost(whole).to_string(),
        "additions lost with add_to_score",
    );
    ctx.claim(
        "rmw-get-set-loses",
        Claim::fact("get-then-set through the proxy lost updates", lost(racy) > 0, format!("{} of {made} lost", lost(racy)))
            .if_not("the two processes never interleaved between a get and its set in this run; more additions (--increments) make it likelier"),
    );
    ctx.claim(
        "rmw-in-manager-keeps",
        Claim::fact(
            "a single add_to_score call per addition, applied under the manager's lock, lost none",
            lost(whole) == 0,
            format!("{} of {made} lost", lost(whole)),
        ),
    );
    Ok(())
}
