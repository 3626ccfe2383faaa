//! shuttle: many random schedules of more threads and composed use of the
//! locks (a `Mutex<T>` and its guard), and the two broken locks caught.
//!
//! Expected failures are shown with shuttle: `labkit::sync::shuttle_failure`
//! catches the failing check, and the test asserts that it failed, and why.
//!
//! `cargo test -p lab-02-lock --features shuttle --test shuttle_locks`

#![cfg(all(feature = "shuttle", not(feature = "loom")))]

use lab_02_lock::broken::{CheckThenSetLock, ForgetfulLock};
use lab_02_lock::{CasSpinLock, FutexLock, Guard, Mutex, RawLock, SpinLock, SpinningFutexLock};
use labkit::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use labkit::sync::{Arc, model, shuttle_failure, thread};

/// `threads` threads each add one `rounds` times through a `Mutex<u64, L>`.
fn count_through_a_mutex<L: RawLock + 'static>(threads: usize, rounds: u64) -> u64 {
    let mutex = Arc::new(Mutex::<u64, L>::new(0));
    let workers: Vec<_> = (0..threads)
        .map(|_| {
            let mutex = Arc::clone(&mutex);
            thread::spawn(move || {
                for _ in 0..rounds {
                    let mut guard = mutex.lock();
                    let v = *guard;
                    thread::yield_now(); // invite a switch inside the critical section
                    *guard = v + 1;
                }
            })
        })
        .collect();
    workers.into_iter().for_each(|w| w.join().unwrap());
    *mutex.lock()
}

#[test]
fn every_lock_counts_exactly_with_four_threads() {
    model(|| {
        assert_eq!(count_through_a_mutex::<CasSpinLock>(4, 3), 12);
        assert_eq!(count_through_a_mutex::<SpinLock>(4, 3), 12);
        assert_eq!(count_through_a_mutex::<FutexLock>(4, 3), 12);
        assert_eq!(count_through_a_mutex::<SpinningFutexLock>(4, 3), 12);
    });
}

#[test]
fn a_waiter_slips_in_while_the_guard_is_unlocked() {
    model(|| {
        let mutex = Arc::new(Mutex::<Vec<usize>, FutexLock>::new(Vec::new()));
        let others: Vec<_> = (1..=3)
            .map(|i| {
                let mutex = Arc::clone(&mutex);
                thread::spawn(move || mutex.lock().push(i))
            })
            .collect();
        {
            let mut guard = mutex.lock();
            guard.push(0);
            Guard::unlocked(&mut guard, thread::yield_now);
            guard.push(4);
        }
        others.into_iter().for_each(|t| t.join().unwrap());
        let mut seen = mutex.lock().clone();
        let (first, last) = (seen.iter().position(|&x| x == 0), seen.iter().position(|&x| x == 4));
        assert!(first < last, "the holder's own writes stay in order: {seen:?}");
        seen.sort_unstable();
        assert_eq!(seen, [0, 1, 2, 3, 4], "nothing lost or doubled");
    });
}

#[test]
fn shuttle_finds_the_forgetful_unlock_deadlock() {
    let message =
        shuttle_failure(|| assert_eq!(count_through_a_mutex::<ForgetfulLock>(2, 1), 2), 10_000);
    assert!(message.contains("deadlock"), "failed for another reason: {message}");
}

#[test]
fn shuttle_finds_two_threads_inside_the_check_then_set_lock() {
    let message = shuttle_failure(
        || {
            let lock = Arc::new(CheckThenSetLock::new());
            let counter = Arc::new(AtomicUsize::new(0));
            let increment = |lock: &CheckThenSetLock, counter: &AtomicUsize| {
                lock.lock();
                let v = counter.load(Relaxed);
                counter.store(v + 1, Relaxed);
                lock.unlock();
            };
            let other = {
                let (lock, counter) = (Arc::clone(&lock), Arc::clone(&counter));
                thread::spawn(move || increment(&lock, &counter))
            };
            increment(&lock, &counter);
            other.join().unwrap();
            assert_eq!(counter.load(Relaxed), 2, "an increment was lost");
        },
        10_000,
    );
    assert!(message.contains("an increment was lost"), "failed for another reason: {message}");
}
