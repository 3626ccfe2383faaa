//! shuttle: many random schedules of more threads and deeper nesting than
//! loom can explore, the recursive catalog walk on several threads, and a
//! known bug found.
//!
//! `cargo test -p lab-03-rlock --features shuttle --tests`

#![cfg(all(feature = "shuttle", not(feature = "loom")))]

use lab_02_lock::{FutexLock, RawLock};
use lab_03_rlock::RLock;
use lab_03_rlock::catalog::{Catalog, price};
use lab_03_rlock::owner::{self, NOBODY};
use labkit::sync::atomic::Ordering::Relaxed;
use labkit::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize};
use labkit::sync::{Arc, thread};
use std::cell::Cell;

/// What the lock guards: an "inside" flag and a two-step counter.
#[derive(Default)]
struct Shared {
    /// Set while a thread is inside; finding it set means two are.
    inside: AtomicBool,
    /// Incremented as a separate read and write, so a race loses an update.
    count: AtomicUsize,
}

/// Takes the lock `depth` times, nested, and increments at the deepest level.
fn nest(lock: &RLock<Shared>, depth: u32) {
    let outer = lock.lock();
    assert!(!outer.inside.swap(true, Relaxed), "two threads inside the lock");
    let inner: Vec<_> = (1..depth).map(|_| lock.lock()).collect();
    assert_eq!(lock.depth(), depth);
    let n = outer.count.load(Relaxed);
    thread::yield_now();
    outer.count.store(n + 1, Relaxed);
    drop(inner);
    outer.inside.store(false, Relaxed);
}

#[test]
fn four_threads_at_depths_one_to_three_never_overlap_or_lose_an_increment() {
    labkit::sync::model(|| {
        let lock = Arc::new(RLock::new(Shared::default()));
        let threads: Vec<_> = (0..4u32)
            .map(|t| {
                let lock = Arc::clone(&lock);
                thread::spawn(move || {
                    for round in 0..3 {
                        nest(&lock, 1 + (t + round) % 3);
                    }
                })
            })
            .collect();
        threads.into_iter().for_each(|t| t.join().unwrap());
        assert_eq!(lock.depth(), 0);
        assert_eq!(lock.try_lock().expect("free at the end").count.load(Relaxed), 12);
    });
}

#[test]
fn three_threads_price_the_catalog_and_agree() {
    labkit::sync::model(|| {
        let lock = Arc::new(RLock::new(Catalog::bicycle()));
        let threads: Vec<_> = (0..3)
            .map(|_| {
                let lock = Arc::clone(&lock);
                thread::spawn(move || price(&*lock, "bicycle", 1, &|_| thread::yield_now()))
            })
            .collect();
        let totals: Vec<u64> = threads.into_iter().map(|t| t.join().unwrap()).collect();
        assert!(totals.windows(2).all(|w| w[0] == w[1]), "{totals:?}");
    });
}

// ANCHOR: late_clear
/// A bare reentrant lock whose last release can be done in either order.
struct Reentrant<const CLEAR_OWNER_LATE: bool> {
    /// Keeps other threads out.
    lock: FutexLock,
    /// The holder's id, or NOBODY.
    owner: AtomicU64,
    /// Levels held by the holder.
    count: Cell<u32>,
}

// Safety: as for RLock, `count` is used only by the holder of `lock`.
unsafe impl<const LATE: bool> Sync for Reentrant<LATE> {}

impl<const CLEAR_OWNER_LATE: bool> Reentrant<CLEAR_OWNER_LATE> {
    fn lock(&self) {
        let me = owner::current();
        if self.owner.load(Relaxed) == me {
            self.count.set(self.count.get() + 1);
        } else {
            self.lock.lock();
            self.owner.store(me, Relaxed);
            self.count.set(1);
        }
    }

    fn unlock(&self) {
        self.count.set(self.count.get() - 1);
        if self.count.get() == 0 {
            if CLEAR_OWNER_LATE {
                // The bug: between these two lines another thread can take
                // the lock and write its id, which the next line erases.
                // Safety: this thread holds `lock`.
                unsafe { self.lock.unlock() };
                self.owner.store(NOBODY, Relaxed);
            } else {
                self.owner.store(NOBODY, Relaxed);
                // Safety: this thread holds `lock`.
                unsafe { self.lock.unlock() };
            }
        }
    }
}
// ANCHOR_END: late_clear

/// Two threads, each taking the lock twice (nested), twice over.
fn two_nesting_threads<const LATE: bool>() {
    let lock = Arc::new(Reentrant::<LATE> {
        lock: FutexLock::new(),
        owner: AtomicU64::new(NOBODY),
        count: Cell::new(0),
    });
    let threads: Vec<_> = (0..2)
        .map(|_| {
            let lock = Arc::clone(&lock);
            thread::spawn(move || {
                for _ in 0..2 {
                    lock.lock();
                    lock.lock();
                    lock.unlock();
                    lock.unlock();
                }
            })
        })
        .collect();
    threads.into_iter().for_each(|t| t.join().unwrap());
}

#[test]
fn clearing_the_owner_before_unlocking_survives_every_schedule_tried() {
    labkit::sync::model(two_nesting_threads::<false>);
}

/// The bug, found: some schedule erases the new owner's id, and its nested
/// acquire then waits for the lock it holds. shuttle reports the deadlock
/// as a panic, caught by `labkit::sync::shuttle_failure` (never
/// `should_panic` under loom), which tries up to
/// `labkit::sync::SHUTTLE_ITERATIONS` random schedules.
#[test]
fn shuttle_finds_the_deadlock_of_clearing_the_owner_after_unlocking() {
    let message = labkit::sync::shuttle_failure(
        two_nesting_threads::<true>,
        labkit::sync::SHUTTLE_ITERATIONS,
    );
    assert!(message.contains("deadlock"), "failed for another reason: {message}");
}
