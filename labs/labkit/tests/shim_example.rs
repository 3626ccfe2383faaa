//! A small primitive built on the sync shim, used to test the shim itself
//! under std, loom and shuttle: a spin lock (correct) and a "check then set"
//! lock (broken), both guarding a counter.
//!
//! - `cargo test -p labkit` runs the std stress test.
//! - `cargo test -p labkit --features loom --test shim_example` explores every
//!   interleaving of two threads with the correct lock.
//! - `cargo test -p labkit --features shuttle --test shim_example` also shows
//!   shuttle finding the lost update in the broken lock.

use labkit::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use labkit::sync::{Arc, hint, thread};

/// Two ways to guard a counter's read-modify-write.
struct Counter {
    /// true = someone is inside the critical section.
    locked: AtomicBool,
    /// The guarded value, read and written in two steps on purpose.
    value: AtomicUsize,
    /// Whether to use the broken lock.
    broken: bool,
}

impl Counter {
    fn new(broken: bool) -> Counter {
        Counter { locked: AtomicBool::new(false), value: AtomicUsize::new(0), broken }
    }

    fn lock(&self) {
        if self.broken {
            // Check, then set: two threads can both see `false`.
            while self.locked.load(Ordering::Acquire) {
                hint::spin_loop();
                thread::yield_now();
            }
            self.locked.store(true, Ordering::Relaxed);
        } else {
            while self
                .locked
                .compare_exchange_weak(false, true, Ordering::Acquire, Ordering::Relaxed)
                .is_err()
            {
                hint::spin_loop();
                thread::yield_now();
            }
        }
    }

    fn increment(&self) {
        self.lock();
        let v = self.value.load(Ordering::Relaxed);
        thread::yield_now();
        self.value.store(v + 1, Ordering::Relaxed);
        self.locked.store(false, Ordering::Release);
    }
}

/// Two threads increment once each; returns the final count.
fn two_increments(broken: bool) -> usize {
    let counter = Arc::new(Counter::new(broken));
    let other = {
        let counter = Arc::clone(&counter);
        thread::spawn(move || counter.increment())
    };
    counter.increment();
    other.join().unwrap();
    counter.value.load(Ordering::Relaxed)
}

#[test]
fn the_spin_lock_never_loses_an_increment() {
    labkit::sync::model(|| assert_eq!(two_increments(false), 2));
}

#[cfg(not(any(feature = "loom", feature = "shuttle")))]
#[test]
fn stress_many_threads_many_increments() {
    let counter = Arc::new(Counter::new(false));
    std::thread::scope(|s| {
        for _ in 0..4 {
            s.spawn(|| (0..5_000).for_each(|_| counter.increment()));
        }
    });
    assert_eq!(counter.value.load(Ordering::Relaxed), 20_000);
}

/// The broken lock, explored by shuttle: some schedule loses an increment.
/// Expected failures are shown with shuttle (never `should_panic` under loom,
/// which aborts): the failing check is caught and must have happened.
#[cfg(all(feature = "shuttle", not(feature = "loom")))]
#[test]
fn shuttle_finds_the_lost_update_of_check_then_set() {
    let message = labkit::sync::shuttle_failure(
        || assert_eq!(two_increments(true), 2, "an increment was lost"),
        10_000,
    );
    assert!(message.contains("an increment was lost"), "failed for another reason: {message}");
}

#[test]
fn the_backend_is_the_one_the_features_ask_for() {
    let expected = if cfg!(feature = "loom") {
        "loom"
    } else if cfg!(feature = "shuttle") {
        "shuttle"
    } else {
        "std"
    };
    assert_eq!(labkit::sync::BACKEND, expected);
}
