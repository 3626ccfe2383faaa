//! The lab's binary as a child: the fresh programs of the `Exec` and
//! `Spawn` starts.
//!
//! `--log-once FILE --who NAME` opens the log and writes one line: a new
//! program, whose lock was born free. `--spawned` is Python's `spawn`
//! start method, in Rust: the program reads its [`Task`] from stdin
//! (serialized with postcard, as `spawn` pickles a `Process`), rebuilds the
//! parent's setup from it, a logging thread included, and logs once. It has
//! threads and a busy lock, and still cannot deadlock: nothing was copied
//! from a process in which another thread held the lock.

use crate::logger::{Duty, Logger};
use crate::sink::Sink;
use serde::{Deserialize, Serialize};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

/// The hidden option that makes the lab a `--log-once` child.
pub const LOG_ONCE: &str = "--log-once";
/// The hidden option that makes the lab a spawned child.
pub const SPAWNED: &str = "--spawned";

/// What a spawned child is told to do.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct Task {
    /// The log file to append to.
    pub log: PathBuf,
    /// Its name in the log.
    pub who: String,
    /// Its own logging thread's duty cycle, as the parent's.
    pub duty: f64,
    /// And its period, in microseconds.
    pub period_us: u64,
}

/// `--log-once`: writes one line to `log` as `who`; the exit code.
pub fn log_once(log: &Path, who: &str) -> i32 {
    match Sink::open(log).and_then(|sink| sink.log(who, "hello, I did something")) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("lab-11-fork-deadlock {LOG_ONCE}: cannot log to {}: {e}", log.display());
            1
        }
    }
}

/// `--spawned`: reads a [`Task`] from stdin and does it; the exit code.
pub fn spawned() -> i32 {
    match run_task() {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("lab-11-fork-deadlock {SPAWNED}: {e:#}");
            1
        }
    }
}

// ANCHOR: spawned
fn run_task() -> anyhow::Result<()> {
    let mut bytes = Vec::new();
    std::io::stdin().read_to_end(&mut bytes)?;
    let task: Task = postcard::from_bytes(&bytes)?;
    let sink = Arc::new(Sink::open(&task.log)?);
    let duty = Duty { held: task.duty, period: Duration::from_micros(task.period_us) };
    let logger = Logger::start(Arc::clone(&sink), duty);
    sink.log(&task.who, "hello, I did something")?;
    logger.stop();
    Ok(())
}
// ANCHOR_END: spawned
