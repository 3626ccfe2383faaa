//! Step 1: the notebook's `_Semaphore`, line for line in Rust.
//!
//! A counter behind a mutex, and a condition variable to sleep on while the
//! counter is zero. `acquire` waits until it can take one without making the
//! counter negative; `release` adds one and wakes a sleeper. As in Python,
//! nothing stops a caller from releasing what it never acquired: the count
//! can grow past its starting value (the notebook's "no maximum").
//!
//! The chapter's [`crate::Semaphore`] builds on this; the lab keeps this
//! version to measure what the changes cost or save.

use labkit::sync::{Condvar, Mutex, MutexGuard};
use std::sync::PoisonError;

// ANCHOR: minimal
/// A counting semaphore as the notebook writes it.
pub struct MinimalSemaphore {
    /// Free permits: 0 = an acquirer must wait. The notebook's `__value`.
    value: Mutex<usize>,
    /// Where acquirers sleep while `value` is 0. The notebook's `__cond`.
    changed: Condvar,
}

impl MinimalSemaphore {
    /// A semaphore holding `value` permits.
    pub fn new(value: usize) -> MinimalSemaphore {
        MinimalSemaphore { value: Mutex::new(value), changed: Condvar::new() }
    }

    /// Takes a permit, sleeping while there is none.
    pub fn acquire(&self) {
        let mut value = self.lock();
        while *value == 0 {
            value = self.changed.wait(value).unwrap_or_else(PoisonError::into_inner);
        }
        *value -= 1;
    }

    /// Takes a permit if one is free (the notebook's `acquire(blocking=0)`).
    pub fn try_acquire(&self) -> bool {
        let mut value = self.lock();
        if *value == 0 {
            return false;
        }
        *value -= 1;
        true
    }

    /// Gives a permit back (or adds one: nobody checks) and wakes a sleeper.
    pub fn release(&self) {
        let mut value = self.lock();
        *value += 1;
        self.changed.notify_one();
    }
    // ANCHOR_END: minimal

    /// The free permits right now (stale as soon as it returns).
    pub fn value(&self) -> usize {
        *self.lock()
    }

    /// The counter's lock. The code under it cannot panic, so a poisoned
    /// lock still holds a consistent count.
    fn lock(&self) -> MutexGuard<'_, usize> {
        self.value.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(all(test, not(any(feature = "loom", feature = "shuttle"))))]
mod tests {
    use super::*;

    #[test]
    fn counts_down_and_up_like_python() {
        let s = MinimalSemaphore::new(2);
        s.acquire();
        assert!(s.try_acquire());
        assert!(!s.try_acquire());
        s.release();
        s.release();
        s.release(); // one more than was ever taken: Python's Semaphore allows it too
        assert_eq!(s.value(), 3);
    }
}
