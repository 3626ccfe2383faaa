//! Watchdogs: run something that may hang, with a deadline, and say what
//! was stuck where.
//!
//! Several chapters show a program that deadlocks or hangs on purpose: a
//! thread re-acquiring a lock it holds, a child blocked on a full pipe, a lock
//! held across `fork`. A lab must still end normally and explain. Two tools:
//!
//! - [`Watchdog`] runs a scenario on a thread. Each participant of the
//!   scenario writes what it is doing on a shared board ([`Participant::doing`]);
//!   if the scenario has not finished by the deadline, [`Watchdog::run`]
//!   returns [`Outcome::TimedOut`] with a [`Report`] of the board. A thread
//!   stuck in a deadlock cannot be killed: it is abandoned, blocked, and ends
//!   with the process. That is why a lab runs such scenarios last, or in a
//!   child process.
//! - [`run_child`] (in `watchdog/child.rs`) runs a child process with a
//!   deadline and, if it is late, kills it and the processes it started
//!   (`watchdog/tree.rs`) and reaps it (no zombie), returning what it had
//!   printed.

use std::fmt;
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

mod child;
pub(crate) mod tree;
pub use child::{ChildOutcome, READ_GRACE, run_child};

/// A deadline and the board its participants write on.
pub struct Watchdog {
    /// How long the scenario may take.
    deadline: Duration,
    /// Each participant's name, latest activity and since when.
    board: Arc<Mutex<Vec<Entry>>>,
    /// The watchdog's creation time, the origin of every `since`.
    origin: Instant,
}

/// One line of the board.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// Who: "thread 1", "the heartbeat", "child 4711".
    pub name: String,
    /// What it last said it was doing: "waiting for lock A, which it holds".
    pub doing: String,
    /// When it started doing that, from the watchdog's start.
    pub since: Duration,
}

/// A handle a participant uses to say what it is doing. Cheap to clone and send.
#[derive(Clone)]
pub struct Participant {
    /// Its line on the board.
    index: usize,
    /// The board, shared with the watchdog.
    board: Arc<Mutex<Vec<Entry>>>,
    /// The watchdog's origin, to timestamp changes.
    origin: Instant,
}

/// How a watched scenario ended.
#[derive(Debug)]
pub enum Outcome<T> {
    /// It finished in time, with this result.
    Finished(T),
    /// It did not; the board as it stood at the deadline.
    TimedOut(Report),
    /// It panicked, with this message.
    Panicked(String),
}

impl<T> Outcome<T> {
    /// The scenario's value, or an error naming `what` with the board (it
    /// timed out) or the panic message: for a scenario that is meant to
    /// finish, where anything else is a failure of the lab.
    pub fn into_result(self, what: &str) -> anyhow::Result<T> {
        match self {
            Outcome::Finished(value) => Ok(value),
            Outcome::TimedOut(report) => anyhow::bail!("{what} did not finish:\n{report}"),
            Outcome::Panicked(message) => anyhow::bail!("{what} panicked: {message}"),
        }
    }
}

/// The board at the deadline: who was doing what, for how long.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// The deadline that passed.
    pub deadline: Duration,
    /// Every participant's last activity.
    pub entries: Vec<Entry>,
}

impl Watchdog {
    /// A watchdog that gives a scenario `deadline` to finish.
    pub fn new(deadline: Duration) -> Watchdog {
        Watchdog { deadline, board: Arc::default(), origin: Instant::now() }
    }

    /// Adds a participant to the board, initially "starting".
    pub fn participant(&self, name: impl Into<String>) -> Participant {
        let mut board = self.board.lock().unwrap_or_else(|e| e.into_inner());
        board.push(Entry {
            name: name.into(),
            doing: "starting".into(),
            since: self.origin.elapsed(),
        });
        Participant { index: board.len() - 1, board: Arc::clone(&self.board), origin: self.origin }
    }

    /// Runs `scenario` on its own thread and waits for it until the deadline.
    pub fn run<T: Send + 'static>(
        &self,
        scenario: impl FnOnce() -> T + Send + 'static,
    ) -> Outcome<T> {
        let (done, finished) = mpsc::channel();
        // The thread is detached on purpose: if the scenario deadlocks, it
        // stays blocked and is abandoned; the process still exits normally.
        std::thread::Builder::new()
            .name("watched scenario".into())
            .spawn(move || {
                let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(scenario));
                let _ = done.send(result);
            })
            .expect("spawning the watched scenario");
        match finished.recv_timeout(self.deadline) {
            Ok(Ok(value)) => Outcome::Finished(value),
            Ok(Err(panic)) => Outcome::Panicked(panic_message(panic.as_ref())),
            Err(_) => Outcome::TimedOut(self.report()),
        }
    }

    /// The board as it stands now.
    pub fn report(&self) -> Report {
        let board = self.board.lock().unwrap_or_else(|e| e.into_inner());
        Report { deadline: self.deadline, entries: board.clone() }
    }
}

impl Participant {
    /// Records what this participant is doing from now on.
    pub fn doing(&self, what: impl Into<String>) {
        let mut board = self.board.lock().unwrap_or_else(|e| e.into_inner());
        board[self.index].doing = what.into();
        board[self.index].since = self.origin.elapsed();
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "watchdog: still running after {:.1} s; last seen:",
            self.deadline.as_secs_f64()
        )?;
        let now = self.entries.iter().map(|e| e.since).max().unwrap_or_default().max(self.deadline);
        for e in &self.entries {
            let for_how_long = now.saturating_sub(e.since).as_secs_f64();
            writeln!(f, "  {:<16} {} (for {for_how_long:.1} s)", e.name, e.doing)?;
        }
        Ok(())
    }
}

/// The message a panic carried (its `&str` or `String` payload), for a
/// demonstration that catches a panic it expects.
pub fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic with no message".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_outcome_becomes_a_result_that_says_what_went_wrong() {
        assert_eq!(Outcome::Finished(3).into_result("sum").unwrap(), 3);
        let panicked = Outcome::<()>::Panicked("boom".into()).into_result("sum").unwrap_err();
        assert_eq!(panicked.to_string(), "sum panicked: boom");
        let report = Report { deadline: Duration::from_secs(1), entries: vec![] };
        let late = Outcome::<()>::TimedOut(report).into_result("sum").unwrap_err();
        assert!(late.to_string().starts_with("sum did not finish"), "{late}");
    }

    #[test]
    fn a_finishing_scenario_returns_its_value() {
        let wd = Watchdog::new(Duration::from_secs(10));
        assert!(matches!(wd.run(|| 7), Outcome::Finished(7)));
    }

    #[test]
    fn a_deadlock_is_reported_with_what_each_participant_was_doing() {
        let wd = Watchdog::new(Duration::from_millis(200));
        let worker = wd.participant("worker");
        let lock = Arc::new(Mutex::new(()));
        let outcome = wd.run(move || {
            worker.doing("holding the lock");
            let _held = lock.lock().unwrap();
            worker.doing("waiting for the lock it holds");
            // std's Mutex may deadlock or panic on re-locking; a channel
            // receive that never gets a message hangs for sure.
            let (_tx, rx) = mpsc::channel::<()>();
            let _ = rx.recv();
        });
        let Outcome::TimedOut(report) = outcome else {
            panic!("expected a timeout, got {outcome:?}")
        };
        assert_eq!(report.entries.len(), 1);
        assert_eq!(report.entries[0].doing, "waiting for the lock it holds");
        let text = report.to_string();
        assert!(text.contains("worker") && text.contains("0.2 s"), "{text}");
    }

    #[test]
    fn a_panicking_scenario_is_reported_not_propagated() {
        let wd = Watchdog::new(Duration::from_secs(10));
        let outcome = wd.run(|| -> () { panic!("boom") });
        assert!(matches!(outcome, Outcome::Panicked(ref m) if m == "boom"), "{outcome:?}");
    }
}
