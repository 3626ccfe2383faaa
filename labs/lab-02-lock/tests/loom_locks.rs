//! loom: every interleaving (and every memory-ordering outcome) of 2-3
//! threads taking the chapter's locks.
//!
//! Each thread increments a counter inside the critical section with a
//! relaxed load and a separate relaxed store, so a lock that lets two
//! threads in, or that forgets its Acquire/Release orderings, shows as a
//! lost increment. A lock that forgets to wake a sleeper leaves every
//! thread blocked, which loom reports as a deadlock.
//!
//! `cargo test -p lab-02-lock --features loom --test loom_locks`

#![cfg(feature = "loom")]

use lab_02_lock::{CasSpinLock, FutexLock, Guard, Mutex, RawLock, SpinLock, SpinningFutexLock};
use labkit::sync::atomic::{AtomicBool, AtomicUsize, Ordering::Relaxed};
use labkit::sync::{Arc, model, thread};

/// One increment inside the lock, as a load and a separate store.
fn increment<L: RawLock>(lock: &L, counter: &AtomicUsize) {
    lock.lock();
    let v = counter.load(Relaxed);
    counter.store(v + 1, Relaxed);
    // Safety: taken just above.
    unsafe { lock.unlock() };
}

/// `threads` threads increment once each; returns the final count.
fn increments<L: RawLock + 'static>(threads: usize) -> usize {
    let lock = Arc::new(L::new());
    let counter = Arc::new(AtomicUsize::new(0));
    let others: Vec<_> = (1..threads)
        .map(|_| {
            let (lock, counter) = (Arc::clone(&lock), Arc::clone(&counter));
            thread::spawn(move || increment(&*lock, &counter))
        })
        .collect();
    increment(&*lock, &counter);
    others.into_iter().for_each(|t| t.join().unwrap());
    counter.load(Relaxed)
}

#[test]
fn cas_spin_lock_two_threads() {
    model(|| assert_eq!(increments::<CasSpinLock>(2), 2));
}

#[test]
fn spin_lock_two_threads() {
    model(|| assert_eq!(increments::<SpinLock>(2), 2));
}

#[test]
fn futex_lock_two_threads() {
    model(|| assert_eq!(increments::<FutexLock>(2), 2));
}

#[test]
fn futex_lock_three_threads_every_sleeper_is_woken() {
    // With three threads one can sleep while another holds the lock and
    // the third is about to take it: the case where "wake only one, and
    // let it mark the word CONTENDED again" must still wake everybody.
    // Every interleaving of three threads is too many to try; this bounds
    // the thread switches loom forces on a running thread (it still tries
    // every switch where a thread blocks), which finds most real bugs.
    let mut builder = loom::model::Builder::new();
    builder.preemption_bound = Some(PREEMPTIONS);
    builder.check(|| assert_eq!(increments::<FutexLock>(3), 3));
}

/// The preemption bound for the three-thread model.
const PREEMPTIONS: usize = 3;

#[test]
fn spinning_futex_lock_two_threads() {
    model(|| assert_eq!(increments::<SpinningFutexLock>(2), 2));
}

#[test]
fn try_lock_never_lets_a_second_thread_in() {
    model(|| {
        let lock = Arc::new(FutexLock::new());
        let inside = Arc::new(AtomicBool::new(false));
        let other = {
            let (lock, inside) = (Arc::clone(&lock), Arc::clone(&inside));
            thread::spawn(move || {
                if lock.try_lock() {
                    assert!(!inside.swap(true, Relaxed), "two threads inside");
                    inside.store(false, Relaxed);
                    // Safety: taken by try_lock.
                    unsafe { lock.unlock() };
                }
            })
        };
        lock.lock();
        assert!(!inside.swap(true, Relaxed), "two threads inside");
        inside.store(false, Relaxed);
        // Safety: taken just above.
        unsafe { lock.unlock() };
        other.join().unwrap();
    });
}

#[test]
fn guard_unlocked_lets_another_thread_in_and_locks_again() {
    model(|| {
        let mutex = Arc::new(Mutex::<Vec<u8>, FutexLock>::new(Vec::new()));
        let other = {
            let mutex = Arc::clone(&mutex);
            thread::spawn(move || mutex.lock().push(2))
        };
        {
            let mut guard = mutex.lock();
            guard.push(1);
            Guard::unlocked(&mut guard, thread::yield_now);
            guard.push(3);
        }
        other.join().unwrap();
        let seen = mutex.lock().clone();
        // The other thread's push lands before, between or after ours,
        // but ours stay in order and nothing is lost.
        assert!(matches!(&seen[..], [2, 1, 3] | [1, 2, 3] | [1, 3, 2]), "{seen:?}");
    });
}
