//! Step 2: the chapter's semaphore.
//!
//! The count and condition variable of [`crate::minimal`], with four changes:
//!
//! - a released permit goes to a sleeper, if there is one, rather than back
//!   on the counter, where the releasing thread (still running, and often
//!   about to acquire again) would take it back before the sleeper wakes up.
//!   Nobody jumps the queue, and nobody starves (the lab measures both);
//! - a permit is a value, [`Permit`], and giving it back is dropping it: a
//!   permit cannot be released twice, nor by someone who never acquired one
//!   (the mistake Python's `BoundedSemaphore` catches at run time cannot be
//!   written);
//! - [`Semaphore::acquire_timeout`] gives up after a while;
//! - a release notifies only when someone sleeps: with nobody waiting it
//!   makes no system call.
//!
//! Layout: the state; the three ways to take a permit; the two ways permits
//! come back (`release`, called by [`Permit`]'s drop, and `add_permits`).

use crate::permit::Permit;
use labkit::sync::{Condvar, Mutex, MutexGuard};
use std::sync::PoisonError;
use std::time::{Duration, Instant};

// ANCHOR: state
/// A counting semaphore: at most as many holders as permits, served in turn.
pub struct Semaphore {
    /// The counts below; read and changed only under this lock.
    state: Mutex<State>,
    /// Where acquirers sleep until a permit is handed to them.
    handed_over: Condvar,
}

/// What the lock guards. Always `handed <= waiting`, and `permits > 0`
/// only when `waiting == handed` (nobody is left waiting without a permit).
struct State {
    /// Free permits, anyone's to take: 0 = an acquirer must wait.
    permits: usize,
    /// Threads in `acquire` without a permit (asleep, or just woken).
    waiting: usize,
    /// Permits released to the waiting threads and not yet picked up by
    /// one: 0 = a waking thread has nothing to take and sleeps again.
    handed: usize,
}
// ANCHOR_END: state

impl Semaphore {
    /// A semaphore with `permits` free permits.
    pub fn new(permits: usize) -> Semaphore {
        let state = State { permits, waiting: 0, handed: 0 };
        Semaphore { state: Mutex::new(state), handed_over: Condvar::new() }
    }

    // ANCHOR: acquire
    /// Takes a permit, sleeping until one is free or handed over.
    pub fn acquire(&self) -> Permit<'_> {
        let mut state = self.lock();
        if state.permits > 0 {
            state.permits -= 1;
            return Permit::new(self);
        }
        state.waiting += 1;
        // Sleep first: permits handed over before we came are for the
        // threads that were already asleep. Then check on every wake-up
        // (a loop, not an `if`): waking does not mean a permit is ours.
        loop {
            state = self.handed_over.wait(state).unwrap_or_else(PoisonError::into_inner);
            if state.handed > 0 {
                break;
            }
        }
        state.handed -= 1;
        state.waiting -= 1;
        Permit::new(self)
    }
    // ANCHOR_END: acquire

    /// Takes a permit if one is free right now, without waiting.
    pub fn try_acquire(&self) -> Option<Permit<'_>> {
        let mut state = self.lock();
        if state.permits == 0 {
            return None;
        }
        state.permits -= 1;
        Some(Permit::new(self))
    }

    // ANCHOR: acquire_timeout
    /// Takes a permit, waiting at most `timeout` for one.
    pub fn acquire_timeout(&self, timeout: Duration) -> Option<Permit<'_>> {
        let Some(deadline) = Instant::now().checked_add(timeout) else {
            return Some(self.acquire()); // a deadline past the end of time
        };
        let mut state = self.lock();
        if state.permits > 0 {
            state.permits -= 1;
            return Some(Permit::new(self));
        }
        state.waiting += 1;
        loop {
            let now = Instant::now();
            if now >= deadline {
                state.waiting -= 1;
                return None;
            }
            state = match self.handed_over.wait_timeout(state, deadline - now) {
                Ok((state, _)) => state,
                Err(poisoned) => poisoned.into_inner().0,
            };
            // A handed permit is checked before the clock: one handed over
            // as time ran out is taken, not left stranded.
            if state.handed > 0 {
                break;
            }
        }
        state.handed -= 1;
        state.waiting -= 1;
        Some(Permit::new(self))
    }
    // ANCHOR_END: acquire_timeout

    // ANCHOR: release
    /// Gives `n` permits back: to waiting threads first, one notification
    /// each, the rest to the counter. Only [`Permit`]'s drop and
    /// [`Semaphore::add_permits`] call it.
    pub(crate) fn release(&self, n: usize) {
        let mut state = self.lock();
        let to_waiters = n.min(state.waiting - state.handed);
        state.handed += to_waiters;
        state.permits += n - to_waiters;
        for _ in 0..to_waiters {
            self.handed_over.notify_one();
        }
    }
    // ANCHOR_END: release

    /// Adds `n` new permits: the semaphore grows for good. This is what
    /// Python's `release()` does when called without a matching `acquire()`.
    pub fn add_permits(&self, n: usize) {
        self.release(n);
    }

    /// The free permits right now (stale as soon as it returns).
    pub fn available(&self) -> usize {
        self.lock().permits
    }

    /// The state's lock. The code under it cannot panic, so a poisoned lock
    /// still holds a consistent state.
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(all(test, not(any(feature = "loom", feature = "shuttle"))))]
mod tests;
