//! Experiment 5: the full-pipe hang, and its fixes.
//!
//! A child (this lab's own program, started in a child mode, see
//! [`CHILD_ENV`]) writes 16 times what a pipe holds to its stdout, a pipe
//! to us. Four runs:
//!
//! 1. The parent only waits for it to exit, as a program that reads the
//!    output afterwards does. The child fills the pipe and blocks in
//!    `write`; the parent waits for ever. A deadline ends the wait: the
//!    child's state and wait channel are read from /proc, it is killed and
//!    reaped, and what it had got out (one pipe's worth) is read.
//! 2. The notebook's fix: a thread drains the pipe while the parent waits
//!    (`crate::drain::run_draining`). The child finishes.
//! 3. A child that never ends, under the same fix: the deadline (the
//!    notebook's 30 minutes, scaled down) kills it, reaps it, and joins
//!    the draining thread.
//! 4. The notebook's slip: `kill()` without `wait()` leaves a zombie,
//!    shown in /proc before it is reaped. And `Command::output`, which
//!    reads stdout and stderr while it waits, so it never hangs on a pipe.

use super::{Settings, bytes};
use crate::capacity::{pipe_of, probe};
use crate::drain::run_draining;
use labkit::LabContext;
use labkit::claim::Claim;
use labkit::process::Diagnosis;
use labkit::report::{Table, duration};
use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The environment variable that starts this lab's program as a child:
/// `write:N` writes N bytes to stdout and exits; `forever` writes a line
/// and sleeps until killed.
pub const CHILD_ENV: &str = "LAB_12_PIPE_CHILD";

/// The environment variable that carries the parent's process id to the child.
pub const PARENT_ENV: &str = "LAB_12_PIPE_PARENT";

/// The child mode, if this process was started as one: runs it and returns
/// its exit code.
pub fn child_mode() -> Option<i32> {
    let mode = std::env::var(CHILD_ENV).ok()?;
    // Die with the parent, so an interrupted run leaves no child behind.
    // Safety: prctl with PR_SET_PDEATHSIG only sets a flag of this process.
    unsafe { libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL) };
    // The parent may have died before the prctl, and then no signal comes:
    // check that the parent that started us is still our parent.
    let parent = std::env::var(PARENT_ENV).ok().and_then(|p| p.parse::<libc::pid_t>().ok());
    // Safety: getppid has no preconditions.
    if parent.is_some_and(|p| p != unsafe { libc::getppid() }) {
        return Some(1);
    }
    let mut out = std::io::stdout().lock();
    if let Some(n) = mode.strip_prefix("write:").and_then(|n| n.parse::<usize>().ok()) {
        let block = vec![b'x'; 64 << 10];
        let mut left = n;
        while left > 0 {
            let k = left.min(block.len());
            if out.write_all(&block[..k]).is_err() {
                return Some(1);
            }
            left -= k;
        }
        return Some(0);
    }
    if mode == "forever" {
        let _ = writeln!(out, "started");
        let _ = out.flush();
        loop {
            std::thread::sleep(Duration::from_secs(3600));
        }
    }
    eprintln!("unknown {CHILD_ENV} mode {mode:?}");
    Some(2)
}

/// This program, started in child mode `mode`.
fn child(mode: &str) -> anyhow::Result<Command> {
    let mut c = Command::new(std::env::current_exe()?);
    c.env(CHILD_ENV, mode)
        .env(PARENT_ENV, std::process::id().to_string())
        .stdin(Stdio::null())
        .stderr(Stdio::null());
    Ok(c)
}

/// Runs the four scenes, prints what happened, records results and claims.
pub fn run(ctx: &mut LabContext, settings: &Settings) -> anyhow::Result<()> {
    let (_r, mut w) = pipe_of(None)?;
    let capacity = probe(&mut w)?;
    let volume = 16 * capacity;
    let write = format!("write:{volume}");
    let mut table = Table::new(
        format!("A child writing {} to a pipe of {}", bytes(volume), bytes(capacity)),
        &["parent", "outcome"],
    );

    // ANCHOR: hang
    // 1. Wait for the child without reading its output.
    let mut stuck = child(&write)?.stdout(Stdio::piped()).spawn()?;
    let start = Instant::now();
    let mut exited = None;
    while start.elapsed() < settings.deadline {
        if let Some(status) = stuck.try_wait()? {
            exited = Some(status);
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let diagnosis = Diagnosis::of(stuck.id()).map_or("(gone)".into(), |d| d.to_string());
    if exited.is_none() {
        stuck.kill()?;
        stuck.wait()?; // reaped: no zombie
    }
    let mut got_out = Vec::new();
    stuck.stdout.take().expect("piped").read_to_end(&mut got_out)?;
    // ANCHOR_END: hang
    let hung = exited.is_none();
    table.row([
        "waits, never reads".to_string(),
        if hung {
            format!(
                "still running after {}: {diagnosis}; killed and reaped; it had written {}",
                duration(settings.deadline),
                bytes(got_out.len())
            )
        } else {
            "the child finished (the pipe held everything?)".to_string()
        },
    ]);
    ctx.record_result("hang-diagnosis", diagnosis.clone(), "the stuck writer, from /proc");
    ctx.record_result(
        "hang-written",
        bytes(got_out.len()),
        "what the stuck child got into the pipe",
    );
    ctx.claim(
        "hang-without-drain",
        Claim::fact(
            "a child writing more than the pipe holds never exits while its parent only waits",
            hung,
            format!(
                "still running at the {} deadline, {diagnosis}, with {} in the pipe",
                duration(settings.deadline),
                bytes(got_out.len())
            ),
        ),
    );
    ctx.claim(
        "stuck-at-capacity",
        Claim::fact(
            "the stuck child had written exactly one pipe's capacity",
            got_out.len() == capacity,
            format!("{} written, capacity {}", bytes(got_out.len()), bytes(capacity)),
        ),
    );

    // 2. The draining thread.
    let start = Instant::now();
    let drained = run_draining(&mut child(&write)?, Duration::from_secs(30))?;
    let took = start.elapsed();
    let drained_ok = !drained.killed && drained.status.success() && drained.output.len() == volume;
    table.row([
        "drains on a thread while it waits".to_string(),
        format!(
            "exit {} after {}, {} read",
            drained.status,
            duration(took),
            bytes(drained.output.len())
        ),
    ]);
    ctx.record_result("drain-time", duration(took), "the draining parent: child done in");
    ctx.claim(
        "drain-fixes",
        Claim::fact(
            "with a draining thread the same child finishes and every byte arrives",
            drained_ok,
            format!("{} read in {}", bytes(drained.output.len()), duration(took)),
        ),
    );

    // 3. A child that never ends: the deadline kills it.
    let start = Instant::now();
    let endless = run_draining(&mut child("forever")?, settings.deadline)?;
    let took = start.elapsed();
    table.row([
        format!("drains, deadline {}", duration(settings.deadline)),
        format!(
            "never-ending child killed ({}) after {}; reaped; it had printed {:?}",
            endless.status,
            duration(took),
            String::from_utf8_lossy(&endless.output).trim()
        ),
    ]);
    ctx.claim(
        "deadline-kills",
        Claim::fact(
            "a child that never ends is killed at the deadline, reaped, and its output kept",
            endless.killed && endless.output == b"started\n",
            format!("ended after {}", duration(took)),
        ),
    );

    // 4. Killed but not waited for: a zombie until reaped.
    let mut zombie = child("forever")?.stdout(Stdio::null()).spawn()?;
    zombie.kill()?;
    let state_of = |pid| Diagnosis::of(pid).map_or('-', |d| d.state);
    let mut state = state_of(zombie.id());
    let look = Instant::now();
    while state != 'Z' && look.elapsed() < Duration::from_secs(2) {
        std::thread::sleep(Duration::from_millis(1));
        state = state_of(zombie.id());
    }
    zombie.wait()?;
    let after = state_of(zombie.id());
    table.row([
        "kills, does not wait (notebook)".to_string(),
        format!("state {state} (zombie) until waited for; then gone (/proc entry: {after})"),
    ]);
    ctx.claim(
        "kill-leaves-zombie",
        Claim::fact(
            "a killed child stays a zombie until its parent waits for it",
            state == 'Z',
            format!("/proc state {state} after kill, {after} after wait"),
        ),
    );

    // And Command::output: reads while it waits.
    let start = Instant::now();
    let out = child(&write)?.stderr(Stdio::piped()).output()?;
    table.row([
        "Command::output".to_string(),
        format!(
            "exit {} after {}, {} read",
            out.status,
            duration(start.elapsed()),
            bytes(out.stdout.len())
        ),
    ]);
    ctx.claim(
        "output-reads",
        Claim::fact(
            "Command::output collects everything without hanging",
            out.status.success() && out.stdout.len() == volume,
            format!("{} read", bytes(out.stdout.len())),
        ),
    );
    table.print();
    println!();
    Ok(())
}
