//! loom: every interleaving (and every memory ordering loom models) of two
//! or three threads using the [`RLock`], on small cases.
//!
//! `cargo test -p lab-03-rlock --features loom --tests`
//!
//! Each thread takes the lock twice (nested) and does a read-then-write
//! increment under it: if two threads were ever inside at once, or if one
//! holder's writes were not visible to the next, an increment would be lost
//! or the `inside` flag would be found set. Afterwards the lock must be free
//! again: the count back at zero and the owner forgotten.

#![cfg(feature = "loom")]

use lab_03_rlock::RLock;
use labkit::sync::atomic::Ordering::Relaxed;
use labkit::sync::atomic::{AtomicBool, AtomicUsize};
use labkit::sync::{Arc, thread};

/// What the lock guards in these tests.
#[derive(Default)]
struct Shared {
    /// Set while a thread is inside; finding it set means two are.
    inside: AtomicBool,
    /// Incremented as a separate read and write, so a race loses an update.
    count: AtomicUsize,
}

/// Takes the lock, then again inside, and increments under the inner guard.
fn enter_twice(lock: &RLock<Shared>) {
    let outer = lock.lock();
    assert!(!outer.inside.swap(true, Relaxed), "two threads inside the lock");
    {
        let inner = lock.lock();
        assert_eq!(lock.depth(), 2);
        let n = inner.count.load(Relaxed);
        inner.count.store(n + 1, Relaxed);
    }
    assert_eq!(lock.depth(), 1, "the inner guard released one level only");
    outer.inside.store(false, Relaxed);
}

/// After everyone is done: free, with every increment kept.
fn check_free(lock: &RLock<Shared>, increments: usize) {
    assert_eq!(lock.depth(), 0);
    let guard =
        lock.try_lock().expect("the lock is free: count at zero, owner forgotten, unlocked");
    assert_eq!(guard.count.load(Relaxed), increments, "an increment was lost");
    assert_eq!(lock.depth(), 1);
}

#[test]
fn two_threads_with_nested_acquires_exclude_each_other() {
    labkit::sync::model(|| {
        let lock = Arc::new(RLock::new(Shared::default()));
        let other = {
            let lock = Arc::clone(&lock);
            thread::spawn(move || enter_twice(&lock))
        };
        enter_twice(&lock);
        other.join().unwrap();
        check_free(&lock, 2);
    });
}

#[test]
fn try_lock_never_lets_a_second_thread_in() {
    labkit::sync::model(|| {
        let lock = Arc::new(RLock::new(Shared::default()));
        let other = {
            let lock = Arc::clone(&lock);
            thread::spawn(move || {
                if let Some(guard) = lock.try_lock() {
                    assert!(!guard.inside.swap(true, Relaxed), "try_lock let a second thread in");
                    let n = guard.count.load(Relaxed);
                    guard.count.store(n + 1, Relaxed);
                    guard.inside.store(false, Relaxed);
                    true
                } else {
                    false
                }
            })
        };
        enter_twice(&lock);
        let theirs = other.join().unwrap();
        check_free(&lock, 1 + usize::from(theirs));
    });
}

#[test]
fn three_threads_one_nested_one_plain() {
    labkit::sync::model(|| {
        let lock = Arc::new(RLock::new(Shared::default()));
        let nested = {
            let lock = Arc::clone(&lock);
            thread::spawn(move || enter_twice(&lock))
        };
        let plain = {
            let lock = Arc::clone(&lock);
            thread::spawn(move || {
                let guard = lock.lock();
                let n = guard.count.load(Relaxed);
                guard.count.store(n + 1, Relaxed);
            })
        };
        nested.join().unwrap();
        plain.join().unwrap();
        check_free(&lock, 2);
    });
}
