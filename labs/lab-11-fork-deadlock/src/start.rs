//! The ways the chapter starts a child that logs once: the notebook's
//! plain `fork`, and each fix.
//!
//! Every child ends up as a [`ChildProcess`] of the kit (forked with
//! `fork_child`, or started as a program and adopted), so the batch waits
//! for all of them the same way and none is left behind.

use crate::child_mode::{self, Task};
use crate::line::format_line;
use crate::logger::Duty;
use crate::sink::Sink;
use labkit::process::{ChildProcess, fork_child};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;

/// How a child is started, and what it does to log.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Start {
    /// `fork` while the logging thread runs; the child logs through the
    /// sink, taking its lock: the notebook's program, and the bug.
    Fork,
    /// Every child forked before the logging thread starts.
    ForkFirst,
    /// A fresh program: `Command` runs the lab's binary, which opens the
    /// log and writes its line (exec right after fork).
    Exec,
    /// `fork`; the child does only async-signal-safe work: it formats its
    /// line on the stack and writes it with one `write(2)`, no lock.
    SignalSafe,
    /// `fork` with `pthread_atfork` handlers that hold the sink's lock
    /// across it.
    AtFork,
    /// Python's `spawn`, in Rust: a fresh copy of the lab gets its task
    /// serialized on stdin, starts a logging thread of its own, and logs.
    Spawn,
    /// `fork` while a second thread allocates without pause; the child only
    /// allocates and frees: glibc's own `malloc` locks, protected.
    MallocOnly,
}

impl Start {
    /// Every way, in the order the chapter tells them.
    pub const ALL: [Start; 7] = [
        Start::Fork,
        Start::ForkFirst,
        Start::Exec,
        Start::SignalSafe,
        Start::AtFork,
        Start::Spawn,
        Start::MallocOnly,
    ];

    /// A short name, for result keys and file names.
    pub fn key(self) -> &'static str {
        match self {
            Start::Fork => "fork",
            Start::ForkFirst => "fork-first",
            Start::Exec => "exec",
            Start::SignalSafe => "signal-safe",
            Start::AtFork => "atfork",
            Start::Spawn => "spawn",
            Start::MallocOnly => "malloc-only",
        }
    }

    /// What it is, for tables and figures.
    pub fn label(self) -> &'static str {
        match self {
            Start::Fork => "fork, child logs (no fix)",
            Start::ForkFirst => "fork before the thread starts",
            Start::Exec => "exec at once (Command)",
            Start::SignalSafe => "child does one write(2)",
            Start::AtFork => "pthread_atfork holds the lock",
            Start::Spawn => "spawn: fresh program, task sent",
            Start::MallocOnly => "child only mallocs (glibc)",
        }
    }
}

/// What every child needs to know to start.
pub struct Env<'a> {
    /// The lab's own binary, for the fresh-program starts.
    pub program: &'a Path,
    /// The log file.
    pub log: &'a Path,
    /// The sink on it, shared with the logging thread.
    pub sink: &'a Arc<Sink>,
    /// The logging thread's duty, which a spawned child copies.
    pub duty: Duty,
}

/// Starts child number `who` the way `start` says.
pub fn start_one(start: Start, who: u32, env: &Env) -> anyhow::Result<ChildProcess> {
    let name = format!("child {who}");
    let sink = Arc::clone(env.sink);
    Ok(match start {
        // ANCHOR: fork
        Start::Fork | Start::ForkFirst | Start::AtFork => {
            fork_child(move || match sink.log(&name, "hello, I did something") {
                Ok(()) => 0,
                Err(_) => 1,
            })?
        }
        // ANCHOR_END: fork
        // ANCHOR: signal_safe
        Start::SignalSafe => fork_child(move || {
            // getpid(2) and write(2) are async-signal-safe; format_line does not allocate.
            let line = format_line(who, std::process::id());
            if sink.write_unlocked(line.as_bytes()) { 0 } else { 1 }
        })?,
        // ANCHOR_END: signal_safe
        Start::MallocOnly => fork_child(move || {
            let blocks: Vec<Vec<u8>> = (1..=1000).map(|n| vec![1u8; n * 16]).collect();
            let total: usize = blocks.iter().map(Vec::len).sum();
            drop(blocks);
            if total > 0 { 0 } else { 1 }
        })?,
        // ANCHOR: exec
        Start::Exec => {
            let child = Command::new(env.program)
                .args([child_mode::LOG_ONCE.as_ref(), env.log.as_os_str()])
                .args(["--who", &name])
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .spawn()?;
            ChildProcess::adopt(child.id())
        }
        // ANCHOR_END: exec
        Start::Spawn => {
            let task = Task {
                log: PathBuf::from(env.log),
                who: name,
                duty: env.duty.held,
                period_us: env.duty.period.as_micros() as u64,
            };
            let mut child = Command::new(env.program)
                .arg(child_mode::SPAWNED)
                .stdin(Stdio::piped())
                .stdout(Stdio::null())
                .spawn()?;
            let adopted = ChildProcess::adopt(child.id());
            let mut stdin = child.stdin.take().expect("piped stdin");
            stdin.write_all(&postcard::to_stdvec(&task)?)?;
            adopted
        }
    })
}
