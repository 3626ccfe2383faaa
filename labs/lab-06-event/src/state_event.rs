//! Step 1: an event as a flag and a condition variable, the textbook way.
//!
//! `set` raises the flag and wakes every sleeper; `clear` lowers it; `wait`
//! sleeps until it sees the flag raised. Because std's `Condvar::wait` may
//! return without anyone calling `notify` (a *spurious* wake-up), `wait`
//! re-checks the flag in a loop and goes back to sleep when it finds it
//! lowered. That loop is right for an event that stays set (a shutdown
//! request), and wrong for the notebook's `set(); clear()` pulse: a sleeper
//! woken by `set` that finds the flag already cleared sleeps on, as if
//! nothing had happened. [`crate::event`] (step 2) fixes that.
//!
//! Layout: `State` is what the mutex guards; [`StateEvent`] holds it with
//! the condition variable; `wait_timeout` loops until a deadline.

use labkit::sync::{Condvar, Mutex, MutexGuard};
use std::sync::PoisonError;
use std::time::{Duration, Instant};

// ANCHOR: state
/// What the mutex guards.
#[derive(Debug, Default)]
struct State {
    /// The event's flag: true = set, false = clear.
    flag: bool,
    /// How many threads are inside `wait` or `wait_timeout` now (asleep, or
    /// woken and not yet back), so that `set` can say how many it found
    /// there, and tests can tell that a thread is really waiting.
    waiting: usize,
}

/// A flag that threads can sleep on until it is raised.
#[derive(Debug, Default)]
pub struct StateEvent {
    /// The flag and the count of sleepers, changed only under this lock.
    state: Mutex<State>,
    /// Where `wait` sleeps; `set` wakes every sleeper.
    cond: Condvar,
}
// ANCHOR_END: state

impl StateEvent {
    /// A cleared event.
    pub fn new() -> StateEvent {
        StateEvent::default()
    }

    // ANCHOR: set
    /// Raises the flag and wakes every thread in `wait`; returns how many
    /// threads were in there.
    pub fn set(&self) -> usize {
        let mut state = self.lock();
        state.flag = true;
        self.cond.notify_all();
        state.waiting
    }

    /// Lowers the flag.
    pub fn clear(&self) {
        self.lock().flag = false;
    }

    /// Whether the flag is raised.
    pub fn is_set(&self) -> bool {
        self.lock().flag
    }

    /// Sleeps until the flag is raised.
    pub fn wait(&self) {
        let mut state = self.lock();
        // `while`, not `if`: a spurious wake-up must not end the wait. The
        // same loop sends a sleeper back to sleep when `set(); clear()` has
        // come and gone before it could look.
        while !state.flag {
            state = self.sleep(state, None);
        }
    }
    // ANCHOR_END: set

    /// Sleeps until the flag is raised or `timeout` has passed; returns the
    /// flag as it finds it on the way out (false: timed out).
    pub fn wait_timeout(&self, timeout: Duration) -> bool {
        let deadline = Instant::now().checked_add(timeout);
        let mut state = self.lock();
        while !state.flag {
            let left = deadline.map(|d| d.saturating_duration_since(Instant::now()));
            if left == Some(Duration::ZERO) {
                return false;
            }
            state = self.sleep(state, left);
        }
        true
    }

    /// How many threads are inside `wait` or `wait_timeout` now.
    pub fn waiting(&self) -> usize {
        self.lock().waiting
    }

    /// Sleeps once on the condition variable (until a notify, a spurious
    /// wake-up or the timeout), counted in `waiting` meanwhile.
    fn sleep<'a>(
        &'a self,
        mut state: MutexGuard<'a, State>,
        timeout: Option<Duration>,
    ) -> MutexGuard<'a, State> {
        state.waiting += 1;
        let mut state = match timeout {
            None => self.cond.wait(state).unwrap_or_else(PoisonError::into_inner),
            Some(t) => self.cond.wait_timeout(state, t).unwrap_or_else(PoisonError::into_inner).0,
        };
        state.waiting -= 1;
        state
    }

    /// Takes the lock; a panic elsewhere cannot leave the state half-changed
    /// (each change is one assignment), so a poisoned lock is still sound.
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(all(test, not(any(feature = "loom", feature = "shuttle"))))]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn set_is_seen_by_later_waits_and_clear_undoes_it() {
        let event = StateEvent::new();
        assert!(!event.is_set());
        assert!(!event.wait_timeout(Duration::from_millis(10)));
        event.set();
        assert!(event.is_set());
        event.wait();
        assert!(event.wait_timeout(Duration::from_secs(60)));
        event.clear();
        assert!(!event.wait_timeout(Duration::from_millis(10)));
    }

    #[test]
    fn a_pulse_is_lost_even_on_a_thread_that_was_waiting() {
        // The step-1 event's flaw, shown deterministically: the waiter is
        // asleep before the pulse, and still sleeps on to its timeout.
        let event = Arc::new(StateEvent::new());
        let waiter = {
            let event = Arc::clone(&event);
            std::thread::spawn(move || event.wait_timeout(Duration::from_millis(300)))
        };
        while event.waiting() == 0 {
            std::thread::yield_now();
        }
        // Holding the lock across set and clear makes the loss certain: the
        // waiter cannot look at the flag between the two.
        let mut state = event.lock();
        state.flag = true;
        event.cond.notify_all();
        state.flag = false;
        drop(state);
        assert!(
            !waiter.join().unwrap(),
            "the waiter saw a flag that was never raised when it looked"
        );
    }
}
