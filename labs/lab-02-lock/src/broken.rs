//! Two locks that are wrong on purpose, for the model checkers and the
//! lab's watchdog to catch.
//!
//! - [`ForgetfulLock`]: the futex lock with an unlock that never wakes
//!   anyone. It still excludes, so it is a [`RawLock`]; but a thread that
//!   went to sleep waiting for it sleeps forever. That is why the futex
//!   lock's word has a `CONTENDED` state at all.
//! - [`CheckThenSetLock`]: looks whether the lock is free, then takes it,
//!   in two steps. Two threads can both look before either takes it, and
//!   both go in. It does not exclude, so it is deliberately *not* a
//!   [`RawLock`] (a `Mutex<T>` on it would be a data race); it only guards
//!   an atomic counter in the tests.

use crate::futex_lock::{CONTENDED, LOCKED, UNLOCKED};
use crate::raw::RawLock;
use labkit::sync::Futex;
use labkit::sync::atomic::AtomicBool;
use labkit::sync::atomic::Ordering::{Acquire, Relaxed, Release};
use labkit::sync::hint;

/// A futex lock whose unlock forgets to wake sleepers.
pub struct ForgetfulLock {
    /// `UNLOCKED` (0), `LOCKED` (1) or `CONTENDED` (2), as in `FutexLock`.
    state: Futex,
}

// Safety: the same Acquire/Release protocol as `FutexLock`: one holder at
// a time. What is broken is liveness (a sleeper is never woken), which the
// `RawLock` contract does not promise.
unsafe impl RawLock for ForgetfulLock {
    const NAME: &'static str = "forgetful lock";

    fn new() -> Self {
        ForgetfulLock { state: Futex::new(UNLOCKED) }
    }

    fn lock(&self) {
        if self.state.compare_exchange(UNLOCKED, LOCKED, Acquire, Relaxed).is_err() {
            while self.state.swap(CONTENDED, Acquire) != UNLOCKED {
                self.state.wait(CONTENDED);
            }
        }
    }

    fn try_lock(&self) -> bool {
        self.state.compare_exchange(UNLOCKED, LOCKED, Acquire, Relaxed).is_ok()
    }

    // ANCHOR: forgetful
    unsafe fn unlock(&self) {
        // BUG: frees the word but never calls wake_one. A thread already
        // asleep in `wait(CONTENDED)` is not woken by the store alone.
        self.state.store(UNLOCKED, Release);
    }
    // ANCHOR_END: forgetful
}

/// A "lock" that checks, then sets: two threads can both get in.
pub struct CheckThenSetLock {
    /// `false` = free, `true` = held (when it works).
    locked: AtomicBool,
}

impl CheckThenSetLock {
    /// A free lock.
    pub fn new() -> Self {
        CheckThenSetLock { locked: AtomicBool::new(false) }
    }

    // ANCHOR: check_then_set
    /// Waits until the lock looks free, then marks it held. BUG: another
    /// thread can run between the last load and the store.
    pub fn lock(&self) {
        while self.locked.load(Acquire) {
            hint::spin_loop();
        }
        self.locked.store(true, Relaxed);
    }
    // ANCHOR_END: check_then_set

    /// Marks the lock free.
    pub fn unlock(&self) {
        self.locked.store(false, Release);
    }
}

impl Default for CheckThenSetLock {
    fn default() -> Self {
        Self::new()
    }
}
