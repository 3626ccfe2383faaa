//! Step 1 gone wrong: the two classic mistakes in a semaphore built on a
//! condition variable, kept here so the lab and the model checkers can show
//! what they do.
//!
//! [`FlawedSemaphore`] is [`crate::minimal::MinimalSemaphore`] with a
//! [`Flaw`] switched in, a signed count (so a broken semaphore can show a
//! count below zero, where Python's would go) and a counter of wake-ups that
//! found no permit left (which the `while` loop sends back to sleep).

use labkit::sync::atomic::{AtomicU64, Ordering};
use labkit::sync::{Condvar, Mutex, MutexGuard};
use std::sync::PoisonError;

/// Which mistake the semaphore makes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flaw {
    /// None: the notebook's code.
    None,
    /// `acquire` checks the count with `if` instead of `while`.
    IfNotWhile,
    /// `release` adds the permit but notifies nobody.
    NoNotify,
}

/// A semaphore with one of the [`Flaw`]s, instrumented.
pub struct FlawedSemaphore {
    /// Free permits; below 0 only when the `IfNotWhile` flaw let in a thread
    /// that should have waited.
    count: Mutex<i64>,
    /// Where acquirers sleep while `count` is 0 or less.
    changed: Condvar,
    /// The mistake this semaphore makes.
    flaw: Flaw,
    /// Wake-ups that found no permit: someone who was not asleep took it first.
    woken_empty: AtomicU64,
}

impl FlawedSemaphore {
    /// A semaphore with `permits` permits and the mistake `flaw`.
    pub fn new(permits: i64, flaw: Flaw) -> FlawedSemaphore {
        FlawedSemaphore {
            count: Mutex::new(permits),
            changed: Condvar::new(),
            flaw,
            woken_empty: AtomicU64::new(0),
        }
    }

    // ANCHOR: acquire
    /// Takes a permit; with [`Flaw::IfNotWhile`], sometimes one that is not there.
    pub fn acquire(&self) {
        let mut count = self.lock();
        if self.flaw == Flaw::IfNotWhile {
            if *count <= 0 {
                count = self.wait(count); // woken: assumes the permit is there
            }
        } else {
            while *count <= 0 {
                count = self.wait(count); // woken: checks again
            }
        }
        *count -= 1;
    }
    // ANCHOR_END: acquire

    /// Gives a permit back; with [`Flaw::NoNotify`], wakes nobody.
    pub fn release(&self) {
        let mut count = self.lock();
        *count += 1;
        if self.flaw != Flaw::NoNotify {
            self.changed.notify_one();
        }
    }

    /// Wakes every sleeper: how the lab frees the threads that
    /// [`Flaw::NoNotify`] left asleep, once it has shown them stuck.
    pub fn wake_all(&self) {
        let _count = self.lock();
        self.changed.notify_all();
    }

    /// The count right now: below 0 means more holders than permits.
    pub fn count(&self) -> i64 {
        *self.lock()
    }

    /// How many wake-ups so far found the permit already taken.
    pub fn woken_empty(&self) -> u64 {
        self.woken_empty.load(Ordering::Relaxed)
    }

    /// Sleeps on the condition, and counts a wake-up that finds no permit.
    fn wait<'a>(&self, count: MutexGuard<'a, i64>) -> MutexGuard<'a, i64> {
        let count = self.changed.wait(count).unwrap_or_else(PoisonError::into_inner);
        if *count <= 0 {
            self.woken_empty.fetch_add(1, Ordering::Relaxed);
        }
        count
    }

    /// The count's lock (nothing under it panics).
    fn lock(&self) -> MutexGuard<'_, i64> {
        self.count.lock().unwrap_or_else(PoisonError::into_inner)
    }
}
