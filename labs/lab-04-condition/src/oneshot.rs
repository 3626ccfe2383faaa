//! A one-shot signal: one thread waits until another says "go", once.
//!
//! This is what the notebook's `_Condition` makes from a lock it allocates
//! for each waiter and acquires twice: the first `acquire` locks it, the
//! second blocks until a notifier calls `release`. A Rust mutex cannot be
//! unlocked by a thread that does not hold it, so the one-shot is written
//! directly on a futex word with two states:
//!
//! - `WAITING` (0): not signalled yet; a waiter sleeps on the word.
//! - `SIGNALLED` (1): signalled; waits return at once, now and later.
//!
//! Because the signal is a state and not an event, a signal that comes
//! before the wait is remembered: the wait sees 1 and does not sleep. The
//! futex's own check ("sleep only if the word is still 0", atomic with
//! going to sleep) closes the last gap, a signal between the load and the
//! sleep.

use labkit::sync::Futex;
use labkit::sync::atomic::Ordering::{Acquire, Release};

/// Not signalled yet: a waiter sleeps.
const WAITING: u32 = 0;
/// Signalled: every wait returns at once.
const SIGNALLED: u32 = 1;

/// A signal that is given once and waited for by one thread.
pub struct OneShot {
    /// `WAITING` or `SIGNALLED` (see the module docs); the waiter sleeps on it.
    state: Futex,
}

// ANCHOR: oneshot
impl OneShot {
    /// A one-shot that has not been signalled.
    pub fn new() -> OneShot {
        OneShot { state: Futex::new(WAITING) }
    }

    /// Gives the signal and wakes the waiter if it sleeps. The Release
    /// store publishes everything the signaller wrote before it.
    pub fn signal(&self) {
        self.state.store(SIGNALLED, Release);
        self.state.wake_one();
    }

    /// Blocks until the signal has been given (at once if it already was).
    pub fn wait(&self) {
        while self.state.load(Acquire) == WAITING {
            // Sleeps only if the word is still WAITING; may return early,
            // hence the loop.
            self.state.wait(WAITING);
        }
    }

    /// Whether the signal has been given, without blocking: the notebook's
    /// `waiter.acquire(0)`.
    pub fn is_signalled(&self) -> bool {
        self.state.load(Acquire) == SIGNALLED
    }
}
// ANCHOR_END: oneshot

impl Default for OneShot {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(all(test, not(any(feature = "loom", feature = "shuttle"))))]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::time::Duration;

    #[test]
    fn a_signal_before_the_wait_is_remembered() {
        let shot = OneShot::new();
        assert!(!shot.is_signalled());
        shot.signal();
        assert!(shot.is_signalled());
        shot.wait();
        shot.wait(); // and stays given
    }

    #[test]
    fn a_sleeping_waiter_is_woken() {
        let shot = Arc::new(OneShot::new());
        let waiter = {
            let shot = Arc::clone(&shot);
            std::thread::spawn(move || shot.wait())
        };
        std::thread::sleep(Duration::from_millis(20));
        shot.signal();
        waiter.join().unwrap();
    }
}
