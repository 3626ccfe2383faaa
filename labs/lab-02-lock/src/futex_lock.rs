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
//!
//! This file is also exercise `02-futex-unlock`: the unlock path, `FutexLock::release`,
//! is the part a student writes.

use lab_02_lock::raw::RawLock;
use labkit::sync::Futex;
use labkit::sync::atomic::Ordering::{Acquire, Relaxed, Release};

/// Free.
pub const UNLOCKED: u32 = 0;
/// Held; nobody sleeps on it.
pub const LOCKED: u32 = 1;
/// Held; somebody may sleep on it and must be woken.
pub const CONTENDED: u32 = 2;

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
        self.release();
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
    pub fn lock_contended(&self) {
        while self.state.swap(CONTENDED, Acquire) != UNLOCKED {
            self.state.wait(CONTENDED);
        }
    }
    // ANCHOR_END: contended

    /// The unlock path, called by `unlock` (so only by the holder): make the
    /// word `UNLOCKED`, publishing the critical section's writes, and wake
    /// one sleeper if the word said there might be one.
    fn release(&self) {
        // exercise: solution
        // One swap frees the lock and tells us whether anyone may sleep.
        // Only then is a wake (a system call) needed. The woken thread
        // marks the word CONTENDED again when it takes the lock, in case
        // others still sleep.
        if self.state.swap(UNLOCKED, Release) == CONTENDED {
            self.state.wake_one();
        }
        // exercise: starter
        // todo!("free the lock (Release) and wake one sleeper if the word was CONTENDED")
        // exercise: end
    }

    /// The state word now: `UNLOCKED`, `LOCKED` or `CONTENDED`. For
    /// spinning (see `futex_spin`) and for tests; it may change at once.
    pub fn state(&self) -> u32 {
        self.state.load(Relaxed)
    }
}

impl Default for FutexLock {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lab_02_lock::mutex::Mutex;
    use labkit::testing::finishes_within;
    use std::sync::Arc;
    use std::time::Duration;

    /// These tests use real threads; under the lab's model-checking
    /// features they are skipped (tests/loom_*.rs check the lock there).
    fn real_threads() -> bool {
        labkit::sync::BACKEND == "std"
    }

    #[test]
    fn unlock_frees_the_lock() {
        if !real_threads() {
            return;
        }
        let lock = FutexLock::new();
        lock.lock();
        assert!(!lock.try_lock(), "a held lock cannot be taken");
        // Safety: this thread holds it.
        unsafe { lock.unlock() };
        assert!(lock.try_lock(), "after unlock the lock is free again");
        // Safety: taken by the try_lock above.
        unsafe { lock.unlock() };
    }

    #[test]
    fn unlock_leaves_the_word_unlocked_from_either_held_state() {
        if !real_threads() {
            return;
        }
        for held in [LOCKED, CONTENDED] {
            let lock = FutexLock::new();
            lock.state.store(held, Relaxed);
            // Safety: the word says held and nobody else uses this lock.
            unsafe { lock.unlock() };
            assert_eq!(lock.state(), UNLOCKED, "unlock from state {held}");
        }
    }

    #[test]
    fn a_sleeping_waiter_is_woken() {
        if !real_threads() {
            return;
        }
        // A lost wake-up would hang: fail after 10 s instead (the stuck thread is abandoned).
        finishes_within(Duration::from_secs(10), "a thread asleep on the lock", || {
            let lock = Arc::new(FutexLock::new());
            lock.lock();
            let waiter = {
                let lock = Arc::clone(&lock);
                std::thread::spawn(move || {
                    lock.lock();
                    // Safety: taken just above.
                    unsafe { lock.unlock() };
                })
            };
            // The waiter marks the word CONTENDED, then goes to sleep.
            while lock.state() != CONTENDED {
                std::thread::yield_now();
            }
            std::thread::sleep(Duration::from_millis(50));
            // Safety: this thread took the lock at the start.
            unsafe { lock.unlock() };
            waiter.join().unwrap();
        });
    }

    #[test]
    fn four_threads_count_exactly() {
        if !real_threads() {
            return;
        }
        let count = finishes_within(Duration::from_secs(30), "four threads counting", || {
            let counter = Arc::new(Mutex::<u64, FutexLock>::new(0));
            let threads: Vec<_> = (0..4)
                .map(|_| {
                    let counter = Arc::clone(&counter);
                    std::thread::spawn(move || (0..20_000).for_each(|_| *counter.lock() += 1))
                })
                .collect();
            threads.into_iter().for_each(|t| t.join().unwrap());
            *counter.lock()
        });
        assert_eq!(count, 80_000, "increments were lost: the lock let two threads in");
    }
}
