//! The RLock on real threads (std backend): its behaviour one case at a
//! time, then many threads and many nested acquisitions at once.

#![cfg(not(any(feature = "loom", feature = "shuttle")))]

use lab_03_rlock::RLock;
use std::cell::Cell;
use std::sync::atomic::{AtomicBool, Ordering::Relaxed};
use std::thread;

/// Whether another thread could take the lock right now.
fn free_for_others<T: Send>(lock: &RLock<T>) -> bool {
    thread::scope(|s| s.spawn(|| lock.try_lock().is_some()).join().unwrap())
}

#[test]
fn the_holder_reenters_and_every_guard_releases_one_level() {
    let lock = RLock::new(Cell::new(0));
    let a = lock.lock();
    let b = lock.lock();
    let c = lock.try_lock().expect("the holder gets in with try_lock too");
    assert_eq!(lock.depth(), 3);
    c.set(c.get() + 1); // interior mutability: the guards give &Cell
    drop(a); // out of order: any guard releases one level
    assert_eq!((lock.depth(), b.get()), (2, 1));
    assert!(!free_for_others(&lock));
    drop(c);
    assert!(!free_for_others(&lock), "one level is still held");
    drop(b);
    assert_eq!(lock.depth(), 0);
    assert!(free_for_others(&lock), "the last guard frees the lock");
}

#[test]
fn another_thread_waits_until_the_last_level_is_released() {
    let lock = RLock::new(Cell::new(0u32));
    let outer = lock.lock();
    let inner = lock.lock();
    thread::scope(|s| {
        let waiter = s.spawn(|| {
            let guard = lock.lock();
            guard.get()
        });
        inner.set(7);
        drop(inner);
        thread::sleep(std::time::Duration::from_millis(20));
        assert!(!waiter.is_finished(), "the waiter got in while one level was still held");
        drop(outer);
        assert_eq!(waiter.join().unwrap(), 7, "the waiter sees what the holder wrote");
    });
}

#[test]
fn a_leaked_guard_keeps_the_lock_even_after_its_thread_ends() {
    let lock = RLock::new(());
    thread::scope(|s| s.spawn(|| std::mem::forget(lock.lock())).join().unwrap());
    // Later threads never get the ended thread's id, so none of them is
    // mistaken for the owner.
    for _ in 0..10 {
        assert!(!free_for_others(&lock), "a new thread was taken for the dead owner");
    }
    assert!(lock.try_lock().is_none());
}

#[test]
fn a_panic_under_the_lock_releases_every_level_on_the_way_out() {
    let lock = RLock::new(());
    // The lock's state stays whole when a holder panics (each guard's drop
    // releases its level), so asserting unwind safety is right here.
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let _a = lock.lock();
        let _b = lock.lock();
        panic!("boom");
    }));
    assert!(result.is_err());
    assert_eq!(lock.depth(), 0);
    assert!(free_for_others(&lock));
}

#[test]
fn a_refcell_inside_turns_aliasing_across_levels_into_a_panic() {
    let lock = RLock::new(std::cell::RefCell::new(0));
    let outer = lock.lock();
    let mut held = outer.borrow_mut(); // kept across the nested acquire: the mistake
    *held += 1;
    let inner = lock.lock();
    let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| *inner.borrow()));
    let panic = caught.expect_err("a shared borrow while a mutable one is alive must panic");
    let message = (panic.downcast_ref::<String>().cloned())
        .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_default();
    assert!(message.contains("already mutably borrowed"), "{message}");
    drop(held);
    assert_eq!(*inner.borrow(), 1, "short borrows, one after the other, are fine");
}

/// What the stress test guards.
#[derive(Default)]
struct Shared {
    /// Set while a thread is inside; finding it set means two are.
    inside: AtomicBool,
    /// Incremented as a separate read and write under the lock.
    count: Cell<u64>,
}

#[test]
fn stress_eight_threads_nesting_up_to_four_deep_lose_nothing() {
    const THREADS: u64 = 8;
    const ROUNDS: u64 = 20_000;
    let lock = RLock::new(Shared::default());
    thread::scope(|s| {
        for t in 0..THREADS {
            let lock = &lock;
            s.spawn(move || {
                for round in 0..ROUNDS {
                    let depth = 1 + (t + round) % 4;
                    let outer = if round % 5 == 0 {
                        loop {
                            if let Some(guard) = lock.try_lock() {
                                break guard;
                            }
                            std::hint::spin_loop();
                        }
                    } else {
                        lock.lock()
                    };
                    assert!(!outer.inside.swap(true, Relaxed), "two threads inside");
                    let inner: Vec<_> = (1..depth).map(|_| lock.lock()).collect();
                    assert_eq!(u64::from(lock.depth()), depth);
                    let deepest = inner.last().unwrap_or(&outer);
                    deepest.count.set(deepest.count.get() + 1);
                    drop(inner);
                    outer.inside.store(false, Relaxed);
                }
            });
        }
    });
    assert_eq!(lock.depth(), 0);
    assert_eq!(lock.into_inner().count.get(), THREADS * ROUNDS);
}
