//! "Wait for that thread, but fail after N s": tests of blocking code that
//! fail with a message instead of hanging when a wake-up is lost.
//!
//! A test of a lock, a condition or a queue starts a thread that blocks,
//! then checks either that it finishes (it was woken) or that it is still
//! blocked (it waits when it should). A bug in the code under test turns
//! the first check into a hang; [`Pending::finish_within`] turns it into a
//! failure that says what was still waiting. A stuck thread cannot be
//! killed: it is abandoned, blocked, and ends with the test process.
//!
//! ```
//! use labkit::testing::wait::{Pending, finishes_within};
//! use std::sync::mpsc;
//! use std::time::Duration;
//!
//! let (tx, rx) = mpsc::channel();
//! let receiver = Pending::spawn(move || rx.recv().unwrap());
//! let receiver = receiver.still_blocked_after(Duration::from_millis(20), "recv with nothing sent");
//! tx.send(7).unwrap();
//! assert_eq!(receiver.finish_within(Duration::from_secs(10), "recv after a send"), 7);
//! assert_eq!(finishes_within(Duration::from_secs(10), "a sum", || 1 + 1), 2);
//! ```

use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

/// A result being computed on a thread of its own.
#[derive(Debug)]
pub struct Pending<T> {
    /// Where the result arrives.
    rx: mpsc::Receiver<T>,
    /// The thread, joined to pass its panic on if it dies.
    thread: JoinHandle<()>,
}

impl<T: Send + 'static> Pending<T> {
    /// Runs `f` on a new thread.
    pub fn spawn(f: impl FnOnce() -> T + Send + 'static) -> Pending<T> {
        let (tx, rx) = mpsc::channel();
        let thread = thread::spawn(move || {
            let _ = tx.send(f());
        });
        Pending { rx, thread }
    }
}

impl<T> Pending<T> {
    /// The result if it comes within `limit` (`Duration::ZERO`: only if it
    /// is already there), else the work back, still pending. A panic of the
    /// thread is passed on to the caller.
    pub fn within(self, limit: Duration) -> Result<T, Pending<T>> {
        match self.rx.recv_timeout(limit) {
            Ok(value) => Ok(value),
            Err(RecvTimeoutError::Timeout) => Err(self),
            Err(RecvTimeoutError::Disconnected) => match self.thread.join() {
                Err(panic) => std::panic::resume_unwind(panic),
                Ok(()) => unreachable!("the thread sends its result before it ends"),
            },
        }
    }

    /// The result, or a test failure `<what>: still waiting after <limit>`
    /// if it has not come within `limit`.
    #[track_caller]
    pub fn finish_within(self, limit: Duration, what: &str) -> T {
        match self.within(limit) {
            Ok(value) => value,
            Err(_) => panic!("{what}: still waiting after {limit:?}"),
        }
    }

    /// Waits `time`, then fails the test if the thread has finished
    /// (`<what> returned instead of waiting`); returns the work, still
    /// pending, so the test can release it and [`Pending::finish_within`].
    #[track_caller]
    pub fn still_blocked_after(self, time: Duration, what: &str) -> Pending<T> {
        match self.within(time) {
            Ok(_) => panic!("{what} returned instead of waiting"),
            Err(pending) => pending,
        }
    }
}

/// Runs `f` on a thread and returns its result, or fails the test if it
/// has not finished within `limit`. `what` names the work in the message.
#[track_caller]
pub fn finishes_within<T: Send + 'static>(
    limit: Duration,
    what: &str,
    f: impl FnOnce() -> T + Send + 'static,
) -> T {
    Pending::spawn(f).finish_within(limit, what)
}

/// Joins `thread` (one the test spawned itself), or fails the test if it
/// has not finished within `limit`. A panic of the thread is passed on.
#[track_caller]
pub fn join_within<T>(thread: JoinHandle<T>, limit: Duration, what: &str) -> T {
    let deadline = Instant::now() + limit;
    while !thread.is_finished() {
        assert!(Instant::now() < deadline, "{what}: still waiting after {limit:?}");
        thread::sleep(Duration::from_millis(1));
    }
    thread.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::panic::{AssertUnwindSafe, catch_unwind};

    /// The message `f` panics with; fails if it returns.
    fn panic_of<R>(f: impl FnOnce() -> R) -> String {
        let Err(panic) = catch_unwind(AssertUnwindSafe(f)) else { panic!("it did not panic") };
        match panic.downcast::<String>() {
            Ok(s) => *s,
            Err(p) => p.downcast::<&str>().map(|s| s.to_string()).unwrap_or_default(),
        }
    }

    /// A thread blocked until the returned sender sends (or is dropped).
    fn blocked() -> (mpsc::Sender<u32>, Pending<u32>) {
        let (tx, rx) = mpsc::channel();
        (tx, Pending::spawn(move || rx.recv().unwrap_or(0)))
    }

    #[test]
    fn a_thread_that_finishes_gives_its_result() {
        let (tx, pending) = blocked();
        let pending = pending.still_blocked_after(Duration::from_millis(20), "recv");
        tx.send(5).unwrap();
        assert_eq!(pending.finish_within(Duration::from_secs(10), "recv after a send"), 5);
        assert_eq!(finishes_within(Duration::from_secs(10), "a sum", || 2 + 2), 4);
        let handle = thread::spawn(|| "done");
        assert_eq!(join_within(handle, Duration::from_secs(10), "a thread"), "done");
    }

    #[test]
    fn a_thread_still_blocked_fails_with_what_and_how_long() {
        let (_tx, pending) = blocked();
        let why = panic_of(|| pending.finish_within(Duration::from_millis(30), "a lost wake-up"));
        assert_eq!(why, "a lost wake-up: still waiting after 30ms");

        let (tx, rx) = mpsc::channel::<()>();
        let handle = thread::spawn(move || rx.recv().is_ok());
        let why = panic_of(|| join_within(handle, Duration::from_millis(30), "a joiner"));
        assert_eq!(why, "a joiner: still waiting after 30ms");
        drop(tx); // frees the abandoned thread
    }

    #[test]
    fn a_thread_that_should_block_but_returns_fails() {
        let done = Pending::spawn(|| 1);
        let why = panic_of(|| done.still_blocked_after(Duration::from_millis(50), "take on empty"));
        assert_eq!(why, "take on empty returned instead of waiting");
    }

    #[test]
    fn the_threads_own_panic_is_passed_on() {
        let why = panic_of(|| finishes_within(Duration::from_secs(10), "x", || panic!("bad sum")));
        assert_eq!(why, "bad sum");
        let handle = thread::spawn(|| panic!("bad join"));
        let why = panic_of(|| join_within::<()>(handle, Duration::from_secs(10), "y"));
        assert_eq!(why, "bad join");
    }

    #[test]
    fn within_zero_only_takes_a_result_already_there() {
        let (tx, pending) = blocked();
        let pending = pending.within(Duration::ZERO).expect_err("nothing sent yet");
        tx.send(9).unwrap();
        assert_eq!(pending.finish_within(Duration::from_secs(10), "after the send"), 9);
    }
}
