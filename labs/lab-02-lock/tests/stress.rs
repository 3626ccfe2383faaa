//! Stress tests on real threads (std backend): many threads, many
//! iterations, exact counts. No timing is asserted.

#![cfg(not(any(feature = "loom", feature = "shuttle")))]

#[cfg(target_os = "linux")]
use lab_02_lock::SemaphoreLock;
use lab_02_lock::{CasSpinLock, FutexLock, Guard, Mutex, RawLock, SpinLock, SpinningFutexLock};
use std::sync::atomic::AtomicBool;
use std::sync::atomic::AtomicU64;
use std::sync::atomic::Ordering::{Acquire, Relaxed, Release};

/// `threads` threads add one `rounds` times each through a `Mutex<u64, L>`,
/// reading and writing in two steps so that a second thread inside would
/// lose an update.
fn count<L: RawLock>(threads: usize, rounds: u64) -> u64 {
    let mutex = Mutex::<u64, L>::new(0);
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                for _ in 0..rounds {
                    let mut guard = mutex.lock();
                    let v = *guard;
                    std::hint::black_box(&mut *guard);
                    *guard = v + 1;
                }
            });
        }
    });
    mutex.into_inner()
}

#[test]
fn every_lock_counts_exactly_with_four_threads() {
    assert_eq!(count::<CasSpinLock>(4, 100_000), 400_000);
    assert_eq!(count::<SpinLock>(4, 100_000), 400_000);
    assert_eq!(count::<FutexLock>(4, 250_000), 1_000_000);
    assert_eq!(count::<SpinningFutexLock>(4, 250_000), 1_000_000);
    #[cfg(target_os = "linux")]
    assert_eq!(count::<SemaphoreLock>(4, 250_000), 1_000_000);
}

#[test]
fn the_sleeping_locks_count_exactly_with_sixteen_threads() {
    // More threads than cores: most of them sleep most of the time, and
    // every wake-up must arrive.
    assert_eq!(count::<FutexLock>(16, 25_000), 400_000);
    assert_eq!(count::<SpinningFutexLock>(16, 25_000), 400_000);
    #[cfg(target_os = "linux")]
    assert_eq!(count::<SemaphoreLock>(16, 25_000), 400_000);
}

/// Threads mixing `try_lock` and `lock`: a flag set inside the critical
/// section must never be found set by someone entering.
fn try_and_lock<L: RawLock>() {
    let lock = L::new();
    let inside = AtomicBool::new(false);
    let entries = AtomicU64::new(0);
    std::thread::scope(|s| {
        for t in 0..4 {
            let (lock, inside, entries) = (&lock, &inside, &entries);
            s.spawn(move || {
                for i in 0..20_000 {
                    let got = if (t + i) % 2 == 0 {
                        lock.try_lock()
                    } else {
                        lock.lock();
                        true
                    };
                    if got {
                        assert!(!inside.swap(true, Relaxed), "{}: two threads inside", L::NAME);
                        entries.fetch_add(1, Relaxed);
                        inside.store(false, Relaxed);
                        // Safety: taken just above.
                        unsafe { lock.unlock() };
                    }
                }
            });
        }
    });
    assert!(entries.load(Relaxed) >= 40_000, "every blocking lock() got in");
}

#[test]
fn try_lock_and_lock_mixed_never_overlap() {
    try_and_lock::<CasSpinLock>();
    try_and_lock::<SpinLock>();
    try_and_lock::<FutexLock>();
    try_and_lock::<SpinningFutexLock>();
    #[cfg(target_os = "linux")]
    try_and_lock::<SemaphoreLock>();
}

#[test]
fn pushes_from_many_threads_are_neither_lost_nor_doubled() {
    let list = Mutex::<Vec<u32>, FutexLock>::new(Vec::new());
    std::thread::scope(|s| {
        for t in 0..8u32 {
            let list = &list;
            s.spawn(move || (0..2_000).for_each(|i| list.lock().push(t * 10_000 + i)));
        }
    });
    let mut all = list.into_inner();
    all.sort_unstable();
    let expected: Vec<u32> = (0..8).flat_map(|t| (0..2_000).map(move |i| t * 10_000 + i)).collect();
    assert_eq!(all, expected);
}

#[test]
fn guard_unlocked_hands_the_lock_over_and_takes_it_back() {
    let mutex = Mutex::<Vec<&str>, FutexLock>::new(Vec::new());
    let (tell, told) = std::sync::mpsc::channel();
    std::thread::scope(|s| {
        let mut guard = mutex.lock();
        guard.push("holder before");
        s.spawn(|| {
            mutex.lock().push("other");
            tell.send(()).unwrap();
        });
        // While unlocked, the other thread gets in; we wait until it has.
        Guard::unlocked(&mut guard, || told.recv().unwrap());
        guard.push("holder after");
    });
    assert_eq!(mutex.into_inner(), ["holder before", "other", "holder after"]);
}

#[test]
fn try_lock_on_the_mutex_fails_while_a_guard_lives() {
    let mutex = Mutex::<u8, SpinningFutexLock>::new(1);
    let guard = mutex.lock();
    assert!(mutex.try_lock().is_none());
    drop(guard);
    assert_eq!(mutex.try_lock().map(|g| *g), Some(1));
}

/// Unlocks of a `Checked` lock that found it free: each one a bug in the caller.
static DOUBLE_UNLOCKS: AtomicU64 = AtomicU64::new(0);

/// A spin lock that counts unlocks of a lock that was not held.
struct Checked {
    /// `true` = held.
    held: AtomicBool,
}

// Safety: a compare-exchange spin lock with Acquire/Release, like the
// chapter's; the counter only watches.
unsafe impl RawLock for Checked {
    const NAME: &'static str = "checked spin lock";

    fn new() -> Self {
        Checked { held: AtomicBool::new(false) }
    }

    fn lock(&self) {
        while !self.try_lock() {
            std::hint::spin_loop();
        }
    }

    fn try_lock(&self) -> bool {
        self.held.compare_exchange(false, true, Acquire, Relaxed).is_ok()
    }

    unsafe fn unlock(&self) {
        if !self.held.swap(false, Release) {
            DOUBLE_UNLOCKS.fetch_add(1, Relaxed);
        }
    }
}

#[test]
fn a_panic_while_unlocked_relocks_before_the_guard_unlocks() {
    let mutex = Mutex::<u8, Checked>::new(0);
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let mut guard = mutex.lock();
        Guard::unlocked(&mut guard, || panic!("boom while unlocked"));
    }));
    assert!(result.is_err(), "the closure panicked");
    let guard = mutex.try_lock().expect("the lock is free again after the guard unwound");
    drop(guard);
    assert_eq!(DOUBLE_UNLOCKS.load(Relaxed), 0, "the guard unlocked a lock it did not hold");
}
