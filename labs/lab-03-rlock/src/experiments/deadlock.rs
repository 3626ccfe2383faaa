//! Experiment 4: the recursive walk, with a reentrant lock and with a plain one.
//!
//! [`price`] takes the catalog's lock at every level of its recursion. With
//! the [`RLock`] it finishes; the lab prints the price and how deep the
//! same thread held the lock. Python's run-time owner check is shown next,
//! with the notebook's `_RLock` translated ([`PyRLock`]): a release from
//! another thread is refused. Then the walk runs with chapter 02's plain
//! lock under a [`Watchdog`]: its second level waits for the lock its first
//! level holds. The walker writes on the watchdog's board which lock it
//! holds and which it waits for; at the deadline the lab prints the board
//! and the diagnosis. The walker's thread stays blocked (a thread cannot be
//! killed from outside) until the lab's process exits, which is why this
//! experiment runs last.

use crate::catalog::{Catalog, Step, price};
use crate::{PyRLock, RLock};
use labkit::LabContext;
use labkit::watchdog::{Outcome, Participant, Watchdog};
use std::cell::Cell;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The lock's name, as the board and the diagnosis say it.
const LOCK: &str = "`catalog`";

/// What the walker has said about the lock, kept for the diagnosis.
#[derive(Debug, Default)]
struct LockLog {
    /// The walker's thread name.
    thread: String,
    /// The levels that hold the lock: (depth, part), outermost first.
    holds: Vec<(u32, &'static str)>,
    /// The level waiting for the lock, if one is: (depth, part).
    waits: Option<(u32, &'static str)>,
}

impl LockLog {
    /// Takes in one step of the walk; returns what to write on the board.
    fn note(&mut self, step: Step) -> String {
        match step {
            Step::Waits { part, depth } => self.waits = Some((depth, part)),
            Step::Holds { part, depth } => {
                self.waits = None;
                self.holds.push((depth, part));
            }
            Step::Released { .. } => {
                self.holds.pop();
            }
        }
        let held = match self.holds.first() {
            Some((d, p)) => format!("holds lock {LOCK} (taken at depth {d} to price `{p}`)"),
            None => "holds no lock".into(),
        };
        match self.waits {
            Some((d, p)) if !self.holds.is_empty() => {
                format!("{held}, waits for lock {LOCK} again (depth {d}, to price `{p}`)")
            }
            Some((d, p)) => format!("waits for lock {LOCK} (depth {d}, to price `{p}`)"),
            None => format!("{held}, {} level(s) deep", self.holds.len()),
        }
    }

    /// The diagnosis at the deadline, if the log shows a thread waiting for a lock it holds.
    fn self_deadlock(&self) -> Option<String> {
        let (d, p) = self.waits?;
        let (d0, p0) = *self.holds.first()?;
        Some(format!(
            "diagnosis: thread `{}` waits for lock {LOCK} (at depth {d}, to price `{p}`), \
             which it already holds (since depth {d0}, pricing `{p0}`). Only the holder can \
             release it, and the holder is the thread that waits: a self-deadlock. \
             It will never end by itself.",
            self.thread
        ))
    }
}

/// Runs the walk with the reentrant lock, Python's owner check, then the
/// walk with the plain lock under the watchdog.
pub fn run(ctx: &mut LabContext) -> anyhow::Result<()> {
    // ANCHOR: reentrant
    let rlock = RLock::new(Catalog::bicycle());
    let deepest = Cell::new(0);
    let total = price(&rlock, "bicycle", 1, &|step| {
        if let Step::Holds { depth, .. } = step {
            deepest.set(deepest.get().max(depth));
        }
    });
    // ANCHOR_END: reentrant
    println!(
        "With the RLock: a bicycle costs {:.2} € (the walk held the lock {} levels deep, then let go of every level).",
        total as f64 / 100.0,
        deepest.get()
    );
    let euros = format!("{:.2} €", total as f64 / 100.0);
    ctx.record_result("walk-total", euros, "the bicycle's price, priced with the RLock");
    ctx.record_result("walk-depth", deepest.get().to_string(), "deepest nesting of the RLock");

    // Python's check, with the notebook's _RLock translated.
    let py = PyRLock::new();
    py.acquire();
    let theirs = std::thread::scope(|s| s.spawn(|| py.release()).join().expect("no panic"));
    let answer = theirs.err().map_or("released it (wrong!)".into(), |e| format!("refused: {e}"));
    println!("PyRLock held by the main thread, release() from another thread: {answer}.");
    py.release()?;
    ctx.record_result("python-foreign-release", answer, "another thread's release() of a PyRLock");

    // ANCHOR: plain
    let deadline = Duration::from_millis(if ctx.quick { 300 } else { 1000 });
    let watchdog = Watchdog::new(deadline);
    let walker: Participant = watchdog.participant("walker");
    let log = Arc::new(Mutex::new(LockLog::default()));
    let plain = Arc::new(lab_02_lock::Mutex::<Catalog>::new(Catalog::bicycle()));
    let outcome = watchdog.run({
        let log = Arc::clone(&log);
        move || {
            let me = std::thread::current().name().unwrap_or("unnamed").to_string();
            log.lock().unwrap().thread = me;
            price(&*plain, "bicycle", 1, &|step| walker.doing(log.lock().unwrap().note(step)))
        }
    });
    // ANCHOR_END: plain
    println!("With chapter 02's plain lock, under a watchdog:");
    match outcome {
        Outcome::TimedOut(report) => {
            print!("{report}");
            let log = log.lock().unwrap();
            let diagnosis = log.self_deadlock().unwrap_or_else(|| {
                "diagnosis: the walker was slow, but not waiting for itself".into()
            });
            println!("{diagnosis}");
            println!(
                "The walker's thread stays blocked: no thread can be killed from outside. \
                 It ends when this process exits, in a moment.\n"
            );
            let found = if log.self_deadlock().is_some() { "self-deadlock" } else { "late" };
            ctx.record_result("plain-outcome", found, "the plain lock's walk at the deadline");
            let what = log.waits.map_or("-".into(), |(d, p)| format!("depth {d}, pricing the {p}"));
            ctx.record_result("plain-stuck-at", what, "where the plain lock's walk waits");
        }
        Outcome::Finished(total) => {
            anyhow::bail!(
                "the plain lock let its holder in again (total {total}): not a plain lock"
            )
        }
        Outcome::Panicked(message) => anyhow::bail!("the plain lock's walk panicked: {message}"),
    }
    ctx.record_result(
        "plain-deadline",
        format!("{:.1} s", deadline.as_secs_f64()),
        "the watchdog's deadline",
    );
    Ok(())
}
