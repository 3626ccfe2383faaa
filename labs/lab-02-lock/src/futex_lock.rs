//! A lock built on a futex, in the shape of glibc's and Rust's own.
//!
//! One 32-bit word says everything, with three states:
//!
//! - `UNLOCKED` (0): free.
//! - `LOCKED` (1): held, and nobody is asleep waiting for it, so `unlock`
//!   needs no system call.
//! - `CONTENDED` (2): held, and a thread may be asleep on the word, so
//!   `unlock` must wake one.
//!
//! The fast paths are one atomic instruction each: a compare-exchange 0 -> 1
//! to lock, a swap to 0 to unlock. Only a thread that finds the lock held
//! goes to the slow path, marks the word `CONTENDED` and sleeps in the
//! kernel until the holder wakes it.

use crate::raw::RawLock;
use labkit::sync::Futex;
use labkit::sync::atomic::Ordering::{Acquire, Relaxed, Release};

/// Free.
const UNLOCKED: u32 = 0;
/// Held; nobody sleeps on it.
const LOCKED: u32 = 1;
/// Held; somebody may sleep on it and must be woken.
const CONTENDED: u32 = 2;

/// A lock on a futex: sleeps instead of spinning when the lock is held.
pub struct FutexLock {
    /// `UNLOCKED`, `LOCKED` or `CONTENDED` (see the module docs).
    state: Futex,
}

// ANCHOR: lock
// Safety: `lock` returns only after this thread moved the word away from
// UNLOCKED with an Acquire read-modify-write, and only `unlock` (a Release
// swap) makes it UNLOCKED again, so holders are exclusive and ordered.
unsafe impl RawLock for FutexLock {
    const NAME: &'static str = "futex lock";

    fn new() -> Self {
        FutexLock { state: Futex::new(UNLOCKED) }
    }

    fn lock(&self) {
        // Fast path: free -> held, nobody waiting.
        if self.state.compare_exchange(UNLOCKED, LOCKED, Acquire, Relaxed).is_err() {
            self.lock_contended();
        }
    }

    fn try_lock(&self) -> bool {
        self.state.compare_exchange(UNLOCKED, LOCKED, Acquire, Relaxed).is_ok()
    }

    unsafe fn unlock(&self) {
        // If anyone may be asleep, wake one; it will mark the word
        // CONTENDED again when it takes the lock, in case others sleep too.
        if self.state.swap(UNLOCKED, Release) == CONTENDED {
            self.state.wake_one();
        }
    }
}
// ANCHOR_END: lock

impl FutexLock {
    // ANCHOR: contended
    /// The slow path: say "someone is waiting" and sleep until the lock is
    /// free. The swap both tests and marks: if it returns UNLOCKED we hold
    /// the lock (as CONTENDED, which may make one unlock wake nobody; that
    /// is the price of not counting sleepers).
    #[cold]
    fn lock_contended(&self) {
        while self.state.swap(CONTENDED, Acquire) != UNLOCKED {
            self.state.wait(CONTENDED);
        }
    }
    // ANCHOR_END: contended
}

impl Default for FutexLock {
    fn default() -> Self {
        Self::new()
    }
}
