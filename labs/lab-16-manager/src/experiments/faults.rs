//! Experiment 3: what happens when one side dies.
//!
//! - The manager dies mid-call: a client thread asks for a slow call
//!   (`Sleep(2000)`), and 100 ms later the manager is killed (SIGKILL).
//!   The client must get a clear error at once, not wait for its reply
//!   for ever (nor even for its 10 s call timeout). A client that
//!   connects afterwards must be told the manager is gone.
//! - A client dies mid-call: one client process is killed after sending
//!   half a request, another while it waits for the reply to a slow
//!   call. A client connected before them must still be served.

use crate::protocol::{Request, Value};
use crate::proxy::{CALL_TIMEOUT, Client, ManagerError};
use crate::server::Manager;
use crate::state::State;
use labkit::LabContext;
use labkit::claim::Claim;
use labkit::process::fork_child;
use labkit::report::{Table, duration};
use std::io::Write;
use std::time::{Duration, Instant};

/// Runs both faults, prints, records results and claims.
pub fn run(ctx: &mut LabContext) -> anyhow::Result<()> {
    manager_dies(ctx)?;
    client_dies(ctx)
}

// ANCHOR: manager_dies
fn manager_dies(ctx: &mut LabContext) -> anyhow::Result<()> {
    let mut manager = Manager::start(State::default())?;
    let path = manager.path().to_path_buf();
    let mut client = Client::connect(&path)?;
    let caller = std::thread::spawn(move || {
        let result = client.call(Request::Sleep(2000));
        (result, Instant::now())
    });
    std::thread::sleep(Duration::from_millis(100));
    let killed = Instant::now();
    manager.kill()?;
    let (result, answered) =
        caller.join().map_err(|_| anyhow::anyhow!("the client thread panicked"))?;
    let after = Client::connect(&path).map(|_| ());
    // ANCHOR_END: manager_dies
    let waited = answered.saturating_duration_since(killed);
    let said = match &result {
        Ok(reply) => format!("a reply: {reply:?}"),
        Err(e) => e.to_string(),
    };
    let later = match &after {
        Ok(()) => "connected!".to_string(),
        Err(e) => e.to_string(),
    };
    let mut table = Table::new(
        "The manager is killed during a call",
        &["who", "what they got", "after the kill"],
    );
    table.row(["the client mid-call".to_string(), said.clone(), duration(waited)]);
    table.row(["a client connecting afterwards".to_string(), later.clone(), "-".to_string()]);
    table.print();
    ctx.record_result(
        "dies-mid-call",
        said.clone(),
        "what a client mid-call got when the manager was killed",
    );
    ctx.record_result(
        "dies-mid-call-after",
        duration(waited),
        "how long after the kill the client mid-call got its error",
    );
    ctx.record_result(
        "dies-then-connect",
        later.clone(),
        "what a client connecting after the kill got",
    );
    let clear =
        matches!(result, Err(ManagerError::Gone(_))) && matches!(after, Err(ManagerError::Gone(_)));
    ctx.claim(
        "manager-death-is-an-error",
        Claim::fact(
            "when the manager died, the client mid-call and a client connecting afterwards both got an error saying it is gone, within a second and long before the call timeout",
            clear && waited < Duration::from_secs(1).min(CALL_TIMEOUT),
            format!("mid-call: {said} after {}; afterwards: {later}", duration(waited)),
        ),
    );
    Ok(())
}

// ANCHOR: client_dies
fn client_dies(ctx: &mut LabContext) -> anyhow::Result<()> {
    let manager = Manager::start(State::default())?;
    let path = manager.path().to_path_buf();
    let mut survivor = Client::connect(&path)?;
    survivor.list().append(Value::Int(1))?;
    // Killed after sending half of a request: a header for 1000 bytes, then 10.
    let mut half = fork_child(|| {
        let Ok(mut s) = std::os::unix::net::UnixStream::connect(&path) else { return 1 };
        let _ = s.write_all(&1000u32.to_le_bytes());
        let _ = s.write_all(&[0u8; 10]);
        std::thread::sleep(Duration::from_secs(30));
        0
    })?;
    // Killed while it waits for the reply to a slow call.
    let mut waiting = fork_child(|| {
        let Ok(mut c) = Client::connect(&path) else { return 1 };
        let _ = c.call(Request::Sleep(300));
        0
    })?;
    std::thread::sleep(Duration::from_millis(100));
    half.kill_and_reap()?;
    waiting.kill_and_reap()?;
    std::thread::sleep(Duration::from_millis(400)); // the slow call's reply meets a closed socket
    let served = survivor.list().append(Value::Int(2)).and_then(|()| survivor.list().len());
    let newcomer = Client::connect(&path).and_then(|mut c| c.list().len());
    // ANCHOR_END: client_dies
    drop(survivor);
    manager.shutdown()?;
    let show = |r: &Result<usize, ManagerError>| match r {
        Ok(n) => format!("served: the list has {n} items"),
        Err(e) => e.to_string(),
    };
    let mut table = Table::new("Two clients killed mid-call", &["who", "what they got"]);
    table.row(["the client connected before".to_string(), show(&served)]);
    table.row(["a client connecting after".to_string(), show(&newcomer)]);
    table.print();
    ctx.record_result(
        "client-dies-survivor",
        show(&served),
        "the client connected before two others were killed mid-call",
    );
    ctx.record_result(
        "client-dies-newcomer",
        show(&newcomer),
        "a client connecting after they were killed",
    );
    ctx.claim(
        "client-death-harmless",
        Claim::fact(
            "after two clients were killed mid-call, the manager still served the client connected before and a new one",
            served == Ok(2) && newcomer == Ok(2),
            format!("before: {}; new: {}", show(&served), show(&newcomer)),
        ),
    );
    Ok(())
}
