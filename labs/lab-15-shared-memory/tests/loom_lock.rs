//! loom: every interleaving of 2-3 threads through the process lock (its
//! futex is `labkit::sync::Futex`'s model under loom), counting with a
//! load and a separate store inside the lock, so a lock that lets two in
//! loses a count, and one that forgets a wake-up deadlocks.
//!
//! `cargo test -p lab-15-shared-memory --features loom --test loom_lock`

#![cfg(feature = "loom")]

use lab_02_lock::RawLock;
use lab_15_shared_memory::lock::ProcessLock;
use labkit::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use labkit::sync::{Arc, model, thread};

fn increment(lock: &ProcessLock, counter: &AtomicUsize) {
    lock.lock();
    let v = counter.load(Relaxed);
    counter.store(v + 1, Relaxed);
    // Safety: taken just above.
    unsafe { lock.unlock() };
}

fn increments(threads: usize) -> usize {
    let lock = Arc::new(ProcessLock::new());
    let counter = Arc::new(AtomicUsize::new(0));
    let others: Vec<_> = (1..threads)
        .map(|_| {
            let (lock, counter) = (Arc::clone(&lock), Arc::clone(&counter));
            thread::spawn(move || increment(&lock, &counter))
        })
        .collect();
    increment(&lock, &counter);
    others.into_iter().for_each(|t| t.join().unwrap());
    counter.load(Relaxed)
}

#[test]
fn two_threads_count_exactly() {
    model(|| assert_eq!(increments(2), 2));
}

#[test]
fn three_threads_every_sleeper_is_woken() {
    // Every interleaving of three threads is too many; as in chapter 02,
    // bound the switches loom forces on a running thread (it still tries
    // every switch where a thread blocks).
    let mut builder = loom::model::Builder::new();
    builder.preemption_bound = Some(3);
    builder.check(|| assert_eq!(increments(3), 3));
}
