//! A shared counter, incremented by several threads: once racy, twice fixed.
//!
//! In Python, `counter += 1` reads the value, adds one and writes it back,
//! and another thread can run in between. Safe Rust does not let two threads
//! touch a plain `u64` at once, so to show the same bug we spell the two
//! steps out with an atomic: a load, then a store of the value plus one.
//! Each step is atomic; the pair is not. Two threads that load the same
//! value both store value + 1, and one increment is lost. Because both steps
//! are atomic operations the program is still well defined: it just counts
//! wrong.
//!
//! The two fixes are exercise `02-lost-updates`:
//!
//! - [`increment_atomic`]: make the read-modify-write one indivisible
//!   instruction;
//! - [`increment_locked`]: keep the counter behind a lock, so only one thread
//!   at a time runs the read and the write.

use lab_02_lock::mutex::Mutex;
use std::sync::atomic::AtomicU64;
use std::sync::atomic::Ordering::Relaxed;

// ANCHOR: racy
/// The lost update: read, then write back one more, as two separate steps.
pub fn increment_racy(counter: &AtomicU64) {
    let value = counter.load(Relaxed);
    // Another thread may load the same value here, before our store.
    counter.store(value + 1, Relaxed);
}
// ANCHOR_END: racy

/// Fix 1: one atomic read-modify-write, so no thread can come in between.
pub fn increment_atomic(counter: &AtomicU64) {
    // exercise: solution
    counter.fetch_add(1, Relaxed);
    // exercise: starter
    // let _ = counter;
    // todo!("add one in a single atomic operation")
    // exercise: end
}

/// Fix 2: the counter lives behind the chapter's `Mutex`; only the thread
/// holding its lock can read or write it.
pub fn increment_locked(counter: &Mutex<u64>) {
    // exercise: solution
    *counter.lock() += 1;
    // exercise: starter
    // let _ = counter;
    // todo!("take the lock, add one through the guard, let the guard unlock")
    // exercise: end
}

/// Runs `threads` threads that each call `increment(counter)` `per_thread`
/// times, and waits for them all.
pub fn hammer<C: Sync>(
    counter: &C,
    threads: usize,
    per_thread: u64,
    increment: impl Fn(&C) + Sync,
) {
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| (0..per_thread).for_each(|_| increment(counter)));
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    /// These tests use real threads; under the lab's model-checking
    /// features (where the chapter's `Mutex` is loom's or shuttle's) they
    /// are skipped.
    fn real_threads() -> bool {
        labkit::sync::BACKEND == "std"
    }

    #[test]
    fn one_atomic_increment_adds_one() {
        let counter = AtomicU64::new(41);
        increment_atomic(&counter);
        assert_eq!(counter.load(Relaxed), 42);
    }

    #[test]
    fn one_locked_increment_adds_one() {
        if !real_threads() {
            return;
        }
        let counter = Mutex::new(41);
        increment_locked(&counter);
        assert_eq!(counter.into_inner(), 42);
    }

    #[test]
    fn atomic_increments_from_four_threads_are_never_lost() {
        let counter = AtomicU64::new(0);
        hammer(&counter, 4, 200_000, increment_atomic);
        assert_eq!(counter.load(Relaxed), 800_000, "increments were lost");
    }

    #[test]
    fn locked_increments_from_four_threads_are_never_lost() {
        if !real_threads() {
            return;
        }
        let counter = Mutex::new(0);
        hammer(&counter, 4, 200_000, increment_locked);
        assert_eq!(counter.into_inner(), 800_000, "increments were lost");
    }

    #[test]
    fn the_racy_increment_is_right_on_one_thread() {
        let counter = AtomicU64::new(0);
        hammer(&counter, 1, 1_000, increment_racy);
        assert_eq!(counter.load(Relaxed), 1_000);
    }
}
