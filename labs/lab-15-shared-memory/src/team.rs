//! Workers for the prime check: forked processes or threads, each checking
//! one range, with one of the flag policies; and a deadline for workers
//! that may hang (chapter 02's lock across processes does).

use crate::check::{Flag, NoFlag, check_range};
use crate::lock::ProcessLock;
use crate::prime::{SERIAL_CUTOFF, ranges, root_bound};
use crate::shared::Shared;
use labkit::process::{ChildProcess, fork_child};
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

/// A flag behind chapter 02's mutex on the process-shared lock: the
/// notebook's `multiprocessing.Value`, which takes a lock on every access.
pub type LockedFlag = lab_02_lock::Mutex<bool, ProcessLock>;

impl Flag for LockedFlag {
    fn is_set(&self) -> bool {
        *self.lock()
    }
    fn set(&self) {
        *self.lock() = true;
    }
}

/// How workers learn that another has found a divisor.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Policy {
    /// They do not: each runs its whole range (or to its own divisor).
    NoFlag,
    /// An atomic flag, looked at every `every` candidates.
    Atomic { every: u64 },
    /// A flag behind a lock, looked at every `every` candidates.
    Locked { every: u64 },
}

/// Who does the checking.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Runner {
    /// Forked processes; the flag in a shared mapping.
    Processes,
    /// Threads; the flag on the parent's stack.
    Threads,
}

/// Whether `n` is prime, checked by `workers` workers.
pub fn is_prime(n: u64, workers: usize, policy: Policy, runner: Runner) -> anyhow::Result<bool> {
    if n < 2 || !check_range(n, 3, SERIAL_CUTOFF.min(root_bound(n)), &NoFlag, u64::MAX) {
        return Ok(n == 2 || n == 3);
    }
    let parts = ranges(SERIAL_CUTOFF, root_bound(n).max(SERIAL_CUTOFF), workers);
    match (policy, runner) {
        (Policy::NoFlag, Runner::Processes) => in_processes(n, &parts, &NoFlag, u64::MAX),
        (Policy::NoFlag, Runner::Threads) => Ok(in_threads(n, &parts, &NoFlag, u64::MAX)),
        (Policy::Atomic { every }, Runner::Processes) => {
            in_processes(n, &parts, &*Shared::new(AtomicBool::new(false))?, every)
        }
        (Policy::Atomic { every }, Runner::Threads) => {
            Ok(in_threads(n, &parts, &AtomicBool::new(false), every))
        }
        (Policy::Locked { every }, Runner::Processes) => {
            in_processes(n, &parts, &*Shared::new(LockedFlag::new(false))?, every)
        }
        (Policy::Locked { every }, Runner::Threads) => {
            Ok(in_threads(n, &parts, &LockedFlag::new(false), every))
        }
    }
}

// ANCHOR: processes
/// One forked child per range; a child exits 0 if its range holds no
/// divisor. The flag must live in shared memory, or the children would
/// each set their own copy.
fn in_processes(
    n: u64,
    parts: &[(u64, u64)],
    flag: &impl Flag,
    every: u64,
) -> anyhow::Result<bool> {
    let children: Vec<ChildProcess> = parts
        .iter()
        .map(|&(from, to)| fork_child(|| if check_range(n, from, to, flag, every) { 0 } else { 1 }))
        .collect::<Result<_, _>>()?;
    let mut prime = true;
    for mut child in children {
        prime &= child.wait()?.success();
    }
    Ok(prime)
}
// ANCHOR_END: processes

fn in_threads(n: u64, parts: &[(u64, u64)], flag: &impl Flag, every: u64) -> bool {
    std::thread::scope(|s| {
        let workers: Vec<_> = parts
            .iter()
            .map(|&(from, to)| s.spawn(move || check_range(n, from, to, flag, every)))
            .collect();
        workers.into_iter().all(|w| w.join().expect("a worker panicked"))
    })
}

/// How a group of processes under a deadline ended.
#[derive(Debug)]
pub enum Outcome {
    /// Every one exited in time, with these codes.
    Exited(Vec<i32>),
    /// Some were still running at the deadline: what each was doing (from
    /// `/proc`) before it was killed and reaped.
    Stuck(Vec<String>),
}

/// Forks `k` children running `f(i)` and waits for them until `deadline`;
/// the late ones are diagnosed, killed and reaped.
pub fn processes_with_deadline(
    k: usize,
    deadline: Duration,
    f: impl Fn(usize) -> i32,
) -> anyhow::Result<Outcome> {
    let mut children: Vec<ChildProcess> =
        (0..k).map(|i| fork_child(|| f(i))).collect::<Result<_, _>>()?;
    let end = Instant::now() + deadline;
    let mut codes = Vec::new();
    let mut stuck = Vec::new();
    for child in &mut children {
        match child.wait_timeout(end.saturating_duration_since(Instant::now()))? {
            Some(status) => codes.push(status.code().unwrap_or(-1)),
            None => {
                let what = child.diagnose().map_or("gone".to_string(), |d| {
                    format!(
                        "process {} {} in {}",
                        d.pid,
                        d.state_meaning(),
                        if d.wchan.is_empty() { "?" } else { &d.wchan }
                    )
                });
                stuck.push(what);
                child.kill_and_reap()?;
            }
        }
    }
    Ok(if stuck.is_empty() { Outcome::Exited(codes) } else { Outcome::Stuck(stuck) })
}
