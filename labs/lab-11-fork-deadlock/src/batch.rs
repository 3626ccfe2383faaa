//! One batch: a logging thread at a duty cycle, a fixed number of children
//! started one way, a deadline, and a verdict for each child.
//!
//! Children are started one after another at random moments of the logging
//! thread's period, then all get the same deadline, counted from the last
//! start. A child that logs once needs well under a millisecond; one still
//! there at the deadline is looked at in `/proc`. A single thread asleep on
//! a futex is stuck for ever ([`waits_for_ever`]): it is killed and reaped
//! at once. Anything else may only be slow on a busy machine: it gets ten
//! deadlines more, and is then counted stuck if asleep, late if running,
//! and killed and reaped. Every child ends, and the batch reports each.

use crate::atfork::Protect;
use crate::logger::{Duty, Logger};
use crate::sink::{Sink, count_lines};
use crate::start::{Env, Start, start_one};
use labkit::process::{ChildProcess, Diagnosis};
use rand::Rng;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// What a batch is asked to do.
#[derive(Clone, Debug)]
pub struct Plan {
    /// How many children to start.
    pub forks: usize,
    /// The logging thread's duty cycle and period.
    pub duty: Duty,
    /// How long after the last start a child may still be running.
    pub deadline: Duration,
}

/// What a batch found.
#[derive(Clone, Debug, Default)]
pub struct Batch {
    /// Children started.
    pub forks: usize,
    /// Children that exited with status 0 by the deadline.
    pub finished: usize,
    /// Children that exited otherwise (an error, a signal).
    pub failed: usize,
    /// Children asleep at the deadline: stuck. Killed and reaped.
    pub hung: Vec<Diagnosis>,
    /// Children running at the deadline: late, not stuck. Killed and reaped.
    pub late: Vec<Diagnosis>,
    /// Lines the children wrote to the log.
    pub logged: usize,
    /// The duty cycle the logging thread measured.
    pub duty: f64,
    /// How long each start took (the call that starts the child).
    pub start_costs: Vec<Duration>,
}

impl Batch {
    /// Counts a child that ended by itself.
    fn ended(&mut self, status: std::process::ExitStatus) {
        if status.success() {
            self.finished += 1;
        } else {
            self.failed += 1;
        }
    }

    /// The share of children that were stuck, 0 to 1.
    pub fn hung_share(&self) -> f64 {
        self.hung.len() as f64 / self.forks.max(1) as f64
    }
}

// ANCHOR: run
/// Runs one batch in `dir` (its log file lives there).
pub fn run(
    start: Start,
    plan: &Plan,
    program: &Path,
    dir: &Path,
    rng: &mut impl Rng,
) -> anyhow::Result<Batch> {
    let log = dir.join(format!("{}.log", start.key()));
    let sink = Arc::new(Sink::create(&log)?);
    let env = Env { program, log: &log, sink: &sink, duty: plan.duty };
    let mut children = Vec::with_capacity(plan.forks);
    let mut costs = Vec::with_capacity(plan.forks);
    let mut starting = |who: usize, children: &mut Vec<ChildProcess>| -> anyhow::Result<()> {
        let t = Instant::now();
        children.push(start_one(start, who as u32, &env)?);
        costs.push(t.elapsed());
        Ok(())
    };
    if start == Start::ForkFirst {
        // The fix: every fork happens before the logging thread exists.
        for who in 0..plan.forks {
            starting(who, &mut children)?;
        }
    }
    // Safety: only this thread forks, and it drops the protection below.
    let protect =
        (start == Start::AtFork).then(|| unsafe { Protect::new(sink.lock()) }).transpose()?;
    let logger = Logger::start(Arc::clone(&sink), plan.duty);
    let allocator = (start == Start::MallocOnly).then(Allocator::start);
    if start != Start::ForkFirst {
        for who in 0..plan.forks {
            spin(plan.duty.period.mul_f64(rng.random::<f64>())); // a random moment of the period
            starting(who, &mut children)?;
        }
    }
    drop(protect);
    let mut batch = judge(children, Instant::now() + plan.deadline, plan.deadline * 10)?;
    batch.duty = logger.stop().duty;
    if let Some(allocator) = allocator {
        allocator.stop();
    }
    batch.start_costs = costs;
    batch.logged = count_lines(&log, "child ")?;
    std::fs::remove_file(&log)?;
    Ok(batch)
}

// ANCHOR_END: run

// ANCHOR: judge
/// Waits for every child until `deadline`, then looks at the ones still
/// there in `/proc`. One that [`waits_for_ever`] is stuck: killed and
/// reaped at once. Any other is maybe only slow (a busy machine): it gets
/// `grace` more, and is then stuck if asleep, late if running.
pub fn judge(
    children: Vec<ChildProcess>,
    deadline: Instant,
    grace: Duration,
) -> anyhow::Result<Batch> {
    let mut batch = Batch { forks: children.len(), ..Batch::default() };
    let mut slow = Vec::new();
    for mut child in children {
        let left = deadline.saturating_duration_since(Instant::now());
        if let Some(status) = child.wait_timeout(left)? {
            batch.ended(status);
            continue;
        }
        match child.diagnose() {
            Some(d) if waits_for_ever(&d) => {
                batch.hung.push(d);
                child.kill_and_reap()?;
            }
            _ => slow.push(child),
        }
    }
    let deadline = Instant::now() + grace;
    for mut child in slow {
        let left = deadline.saturating_duration_since(Instant::now());
        if let Some(status) = child.wait_timeout(left)? {
            batch.ended(status);
            continue;
        }
        match child.diagnose() {
            Some(d) if d.state == 'R' => batch.late.push(d),
            Some(d) => batch.hung.push(d),
            None => batch.failed += 1,
        }
        child.kill_and_reap()?;
    }
    Ok(batch)
}
// ANCHOR_END: judge

// ANCHOR: for_ever
/// A process with a single thread, asleep on a futex: the futex is its own
/// memory (a lock, private to it since the fork), and the only thread
/// that could wake it is the sleeper. Nothing will ever wake it.
pub fn waits_for_ever(d: &Diagnosis) -> bool {
    d.threads == 1 && d.state == 'S' && d.wchan.contains("futex")
}
// ANCHOR_END: for_ever

/// Busy-waits for `d` (sleeps that short are not exact).
fn spin(d: Duration) {
    let start = Instant::now();
    while start.elapsed() < d {
        std::hint::spin_loop();
    }
}

/// A thread that allocates and frees without pause, so that forks land
/// while it is inside `malloc` (for [`Start::MallocOnly`]).
struct Allocator {
    /// Set to stop it.
    stop: Arc<AtomicBool>,
    /// The thread.
    thread: std::thread::JoinHandle<()>,
}

impl Allocator {
    fn start() -> Allocator {
        let stop = Arc::new(AtomicBool::new(false));
        let stopped = Arc::clone(&stop);
        let thread = std::thread::spawn(move || {
            let mut n = 0usize;
            while !stopped.load(Ordering::Relaxed) {
                n = n.wrapping_mul(31).wrapping_add(7);
                let block = vec![n as u8; 16 + n % 4096];
                std::hint::black_box(block);
            }
        });
        Allocator { stop, thread }
    }

    fn stop(self) {
        self.stop.store(true, Ordering::Relaxed);
        self.thread.join().expect("the allocating thread does not panic");
    }
}
