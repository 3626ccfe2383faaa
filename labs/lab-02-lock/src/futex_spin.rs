//! The futex lock's "fast" step: spin a little before going to sleep.
//!
//! Going to sleep and being woken are two system calls and two trips
//! through the scheduler, several microseconds, while a typical critical
//! section lasts nanoseconds. So when a thread finds the lock held, it is
//! often cheaper to watch it for a moment: if the holder lets go within a
//! hundred spins, the waiter takes the lock without sleeping, and the
//! holder's unlock needs no wake-up either.
//!
//! [`SpinningFutexLock`] is the minimal [`FutexLock`] with that one step
//! added in front of its slow path, as in Rust Atomics and Locks (Mara Bos,
//! ch. 9) and std's own futex mutex. It spins only while the word is
//! `LOCKED`: a `CONTENDED` word means others already sleep, and joining
//! them at once keeps the queue fair-ish and the bus quiet.
//!
//! Under loom and shuttle the spin limit is [`SPINS`] = 2 instead of 100:
//! every spin is a step the model checker must explore, and two already
//! cover "spun and saw it free" and "spun out and slept".

use crate::futex_lock::{FutexLock, LOCKED};
use crate::raw::RawLock;
use labkit::sync::hint;

/// How many times a waiter looks at the word before it sleeps (std uses 100).
pub const SPINS: u32 = if cfg!(any(feature = "loom", feature = "shuttle")) { 2 } else { 100 };

/// A futex lock that spins briefly before sleeping.
pub struct SpinningFutexLock {
    /// The minimal futex lock: its word, fast paths, sleep and unlock.
    inner: FutexLock,
}

// ANCHOR: spin
// Safety: every way in ends in `FutexLock::try_lock` or
// `FutexLock::lock_contended`, which take the lock with an Acquire
// read-modify-write; unlock is the inner lock's.
unsafe impl RawLock for SpinningFutexLock {
    const NAME: &'static str = "futex lock + spin";

    fn new() -> Self {
        SpinningFutexLock { inner: FutexLock::new() }
    }

    fn lock(&self) {
        if self.inner.try_lock() {
            return;
        }
        // Held: watch the word (loads only) while its holder may be about
        // to let go and nobody sleeps yet.
        for _ in 0..SPINS {
            if self.inner.state() != LOCKED {
                break;
            }
            hint::spin_loop();
        }
        if !self.inner.try_lock() {
            self.inner.lock_contended();
        }
    }

    fn try_lock(&self) -> bool {
        self.inner.try_lock()
    }

    unsafe fn unlock(&self) {
        // Safety: our caller holds the lock, which is the inner lock.
        unsafe { self.inner.unlock() }
    }
}
// ANCHOR_END: spin

#[cfg(all(test, not(any(feature = "loom", feature = "shuttle"))))]
mod tests {
    use super::*;
    use crate::mutex::Mutex;

    #[test]
    fn excludes_and_releases() {
        let lock = SpinningFutexLock::new();
        lock.lock();
        assert!(!lock.try_lock());
        // Safety: this thread holds it.
        unsafe { lock.unlock() };
        assert!(lock.try_lock());
        // Safety: taken by try_lock.
        unsafe { lock.unlock() };
    }

    #[test]
    fn three_threads_count_exactly() {
        let counter = Mutex::<u64, SpinningFutexLock>::new(0);
        std::thread::scope(|s| {
            for _ in 0..3 {
                s.spawn(|| (0..20_000).for_each(|_| *counter.lock() += 1));
            }
        });
        assert_eq!(counter.into_inner(), 60_000);
    }
}
