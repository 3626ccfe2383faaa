//! Lost updates across processes: the counter of chapter 02, now in a
//! shared mapping and incremented by two processes.
//!
//! "Plain" here is a load followed by a store (`Relaxed` atomics, so the
//! Rust program has no data race and no undefined behaviour; the two steps
//! are still two, and another process can add in between). The fixes are
//! the same as between threads: one atomic read-modify-write, or a lock
//! that works across processes.

use crate::lock::ProcessLock;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};

/// A counter under chapter 02's mutex on the process-shared lock.
pub type LockedCounter = lab_02_lock::Mutex<u64, ProcessLock>;

// ANCHOR: increments
/// Adds 1, `n` times, as two steps: read, then write back one more.
pub fn add_plain(counter: &AtomicU64, n: u64) {
    for _ in 0..n {
        let seen = counter.load(Relaxed);
        counter.store(seen + 1, Relaxed);
    }
}

/// Adds 1, `n` times, as one indivisible read-modify-write.
pub fn add_atomic(counter: &AtomicU64, n: u64) {
    for _ in 0..n {
        counter.fetch_add(1, Relaxed);
    }
}

/// Adds 1, `n` times, each under the lock.
pub fn add_locked(counter: &LockedCounter, n: u64) {
    for _ in 0..n {
        *counter.lock() += 1;
    }
}
// ANCHOR_END: increments
