//! Experiment 4: bad input against a running RPC server.
//!
//! One RPC server (64 KiB frames, a short handshake deadline) and one good
//! client that connected first and stays connected. Each attack in
//! [`ATTACKS`] runs against the server; then the good client calls
//! `add(2, 3)` and a fresh client connects and calls it too. The table says
//! what the attacker got, how the server logged the connection, and whether
//! both good calls were answered. The process's peak memory, resident and
//! virtual, is read from `/proc/self/status` before and after: a 3 GiB
//! length prefix must not have been allocated, not even lazily.

use super::KEY;
use super::attacks_list::{ATTACKS, Attack, Target};
use crate::listener::Options;
use crate::rpc::{self, Proxy};
use crate::server::Outcome;
use crate::socket::Address;
use labkit::LabContext;
use labkit::claim::{Claim, show};
use labkit::report::{Csv, Table};
use std::time::{Duration, Instant};

/// The largest frame the attacked server accepts.
pub const MAX_FRAME: usize = 64 << 10;

/// What one attack led to.
struct Row {
    /// The attack.
    attack: &'static Attack,
    /// What the attacker saw.
    got: String,
    /// How the server logged the attacker's connection, if it ended.
    server: String,
    /// Whether the connected good client and a new one were both answered afterwards.
    still_serving: bool,
}

/// Runs every attack, prints the table, saves `attacks.csv`, records results and claims.
pub fn run(ctx: &mut LabContext) -> anyhow::Result<()> {
    let deadline = Duration::from_millis(if ctx.quick { 200 } else { 400 });
    ctx.record_result(
        "handshake-deadline",
        show::seconds(deadline.as_secs_f64()),
        "the attacked server's handshake deadline",
    );
    let options =
        Options { max_frame: MAX_FRAME, handshake_deadline: deadline, ..Options::with_key(KEY) };
    let mut server = rpc::serve(&Address::loopback(), options.clone(), 8, rpc::arithmetic())?;
    let target = Target { address: server.address().clone(), options: options.clone() };
    let mut good = Proxy::connect(&target.address, &options)?;
    let peak_before = peak_rss_kib();
    let hook = quiet_client_panics();
    let mut rows = Vec::new();
    for attack in ATTACKS {
        // Each step waits for the server to log the connection it used, so
        // that the log entry read next belongs to the attacker.
        let logged = server.outcomes().len();
        let got = (attack.run)(&target);
        let server_said = logged_as(&server, logged, attack.ends_connection);
        let logged = server.outcomes().len();
        let fresh = Proxy::connect(&target.address, &options)
            .ok()
            .and_then(|mut p| p.call::<_, i64>("add", &(2i64, 3i64)).ok());
        logged_as(&server, logged, true);
        let kept = good.call::<_, i64>("add", &(2i64, 3i64)).ok();
        rows.push(Row {
            attack,
            got,
            server: server_said,
            still_serving: fresh == Some(5) && kept == Some(5),
        });
    }
    std::panic::set_hook(hook);
    let peak_after = peak_rss_kib();
    drop(good);
    server.stop();
    report(ctx, &rows, peak_before, peak_after)
}

/// Waits (3 s at most) for the server to log the next connection's end
/// after the first `before` entries, and says how it ended. `refusal`:
/// whether the server should have ended it (else the client left after
/// its error reply, and the connection had gone on until then).
fn logged_as(server: &crate::server::Server, before: usize, refusal: bool) -> String {
    let limit = Instant::now() + Duration::from_secs(3);
    loop {
        if let Some(outcome) = server.outcomes().get(before) {
            return match outcome {
                Outcome::Refused(why) => format!("refused: {why}"),
                Outcome::Failed(why) => format!("dropped: {why}"),
                Outcome::Closed if refusal => "closed by the client".into(),
                Outcome::Closed => "answered; the connection went on until the client left".into(),
            };
        }
        if Instant::now() > limit {
            return "not logged within 3 s".into();
        }
        std::thread::sleep(Duration::from_millis(2));
    }
}

/// The panics of the `boom` function are expected: keep them off the
/// terminal (the default hook prints a trace for each), and say so once.
fn quiet_client_panics() -> Box<dyn Fn(&std::panic::PanicHookInfo<'_>) + Sync + Send + 'static> {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(|info| {
        let name = std::thread::current().name().unwrap_or("").to_string();
        if !name.starts_with("client-") {
            eprintln!("{info}");
        }
    }));
    previous
}

/// The process's peak resident memory (`VmHWM`) and peak virtual memory
/// (`VmPeak`), in KiB. The second catches an allocation that was made but
/// never touched (a lazy `vec![0; n]` maps zero pages and is not resident).
fn peak_rss_kib() -> Option<(u64, u64)> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let field = |name: &str| -> Option<u64> {
        let line = status.lines().find(|l| l.starts_with(name))?;
        line.split_whitespace().nth(1)?.parse().ok()
    };
    Some((field("VmHWM:")?, field("VmPeak:")?))
}

fn report(
    ctx: &mut LabContext,
    rows: &[Row],
    before: Option<(u64, u64)>,
    after: Option<(u64, u64)>,
) -> anyhow::Result<()> {
    let mut table = Table::new(
        "Bad input against a running RPC server",
        &["attack", "the attacker got", "the server logged", "served the others after?"],
    );
    let mut csv = Csv::new(&["attack", "attacker_got", "server_logged", "still_serving"]);
    for r in rows {
        let yes = if r.still_serving { "yes" } else { "NO" };
        table.row([r.attack.name.to_string(), r.got.clone(), r.server.clone(), yes.to_string()]);
        csv.row(&[&r.attack.name, &r.got, &r.server, &r.still_serving]);
        ctx.record_result(
            &format!("attack-{}", r.attack.key),
            format!("{} / server: {}", r.got, r.server),
            r.attack.name,
        );
    }
    table.print();
    ctx.save_csv("attacks", "each bad input, what the attacker got, how the server logged it, and whether it served good clients after", &csv)?;
    ctx.record_result("attack-count", rows.len().to_string(), "bad inputs tried");

    let refused: Vec<&Row> = rows.iter().filter(|r| !r.attack.refused(&r.got, &r.server)).collect();
    ctx.claim(
        "attacks-refused",
        Claim::fact(
            "every bad input was refused with an error that names what was wrong",
            refused.is_empty(),
            if refused.is_empty() {
                format!("{} of {} refused", rows.len(), rows.len())
            } else {
                format!("accepted: {}", names(&refused))
            },
        ),
    );
    let broken: Vec<&Row> = rows.iter().filter(|r| !r.still_serving).collect();
    ctx.claim(
        "attacks-server-lives",
        Claim::fact(
            "after every bad input the server still answered both a client that was already connected and a new one",
            broken.is_empty(),
            if broken.is_empty() { format!("all {} checks answered add(2, 3) = 5", 2 * rows.len()) } else { format!("not answered after: {}", names(&broken)) },
        ),
    );
    match (before, after) {
        (Some((b, vb)), Some((a, va))) => {
            let grew = a.saturating_sub(b);
            let grew_virtual = va.saturating_sub(vb);
            ctx.record_result(
                "attack-peak-growth",
                format!("{} KiB", grew),
                "growth of the lab's peak memory (VmHWM) over all the attacks",
            );
            ctx.record_result(
                "attack-virtual-growth",
                format!("{} MiB", grew_virtual >> 10),
                "growth of the lab's peak virtual memory (VmPeak) over all the attacks",
            );
            ctx.claim(
                "attacks-memory-bounded",
                Claim::fact(
                    "the server's memory stayed bounded: the lab's peak resident memory grew by less than 16 MiB over all the attacks, a 3 GiB length prefix among them, and its peak virtual memory (which counts even an allocation never touched) by less than 1 GiB",
                    grew < 16 << 10 && grew_virtual < 1 << 20,
                    format!("peak resident memory {b} KiB before, {a} KiB after; peak virtual memory {vb} KiB before, {va} KiB after"),
                ),
            );
        }
        _ => ctx.claim(
            "attacks-memory-bounded",
            Claim::not_measured(
                "the server's memory stayed bounded",
                "/proc/self/status could not be read (this is not Linux)",
            ),
        ),
    }
    Ok(())
}

fn names(rows: &[&Row]) -> String {
    rows.iter().map(|r| r.attack.name).collect::<Vec<_>>().join(", ")
}
