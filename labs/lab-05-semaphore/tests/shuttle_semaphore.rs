//! shuttle: many random schedules of more threads than loom can explore,
//! using every way in and out of the semaphores; and the two classic bugs
//! of [`lab_05_semaphore::flawed`], which shuttle must find.
//!
//! `cargo test -p lab-05-semaphore --features shuttle --test shuttle_semaphore`
#![cfg(all(feature = "shuttle", not(feature = "loom")))]

use lab_05_semaphore::Semaphore;
use lab_05_semaphore::bounded::BoundedSemaphore;
use lab_05_semaphore::flawed::{Flaw, FlawedSemaphore};
use labkit::sync::atomic::{AtomicUsize, Ordering};
use labkit::sync::{Arc, shuttle_failure, thread};
use std::time::Duration;

/// Marks one holder inside, and fails if there are more than `limit`.
fn inside(holders: &AtomicUsize, limit: usize) {
    let now = holders.fetch_add(1, Ordering::SeqCst) + 1;
    assert!(now <= limit, "{now} holders inside with {limit} permits");
    thread::yield_now();
    holders.fetch_sub(1, Ordering::SeqCst);
}

#[test]
fn five_threads_two_permits_every_way_in() {
    labkit::sync::model(|| {
        let s = Arc::new(Semaphore::new(2));
        let holders = Arc::new(AtomicUsize::new(0));
        let blocking_entries = Arc::new(AtomicUsize::new(0));
        let threads: Vec<_> = (0..5)
            .map(|t| {
                let (s, holders, entries) =
                    (Arc::clone(&s), Arc::clone(&holders), Arc::clone(&blocking_entries));
                thread::spawn(move || {
                    for round in 0..3 {
                        let permit = match (t + round) % 3 {
                            0 => {
                                entries.fetch_add(1, Ordering::SeqCst);
                                Some(s.acquire())
                            }
                            1 => s.try_acquire(),
                            _ => s.acquire_timeout(Duration::from_micros(100)),
                        };
                        if let Some(_permit) = permit {
                            inside(&holders, 2);
                        }
                    }
                })
            })
            .collect();
        threads.into_iter().for_each(|t| t.join().unwrap());
        assert_eq!(s.available(), 2, "a permit was lost or made up");
    });
}

#[test]
fn permits_added_while_threads_sleep_all_reach_someone() {
    labkit::sync::model(|| {
        let s = Arc::new(Semaphore::new(1));
        let threads: Vec<_> = (0..4)
            .map(|_| {
                let s = Arc::clone(&s);
                thread::spawn(move || {
                    let permit = s.acquire();
                    thread::yield_now();
                    drop(permit);
                })
            })
            .collect();
        s.add_permits(2);
        threads.into_iter().for_each(|t| t.join().unwrap());
        assert_eq!(s.available(), 3);
    });
}

#[test]
fn the_bounded_semaphore_bounds_holders_and_refuses_extra_releases() {
    labkit::sync::model(|| {
        let s = Arc::new(BoundedSemaphore::new(2));
        let holders = Arc::new(AtomicUsize::new(0));
        let threads: Vec<_> = (0..4)
            .map(|_| {
                let (s, holders) = (Arc::clone(&s), Arc::clone(&holders));
                thread::spawn(move || {
                    s.acquire();
                    inside(&holders, 2);
                    s.release().expect("a release after an acquire is never too many");
                })
            })
            .collect();
        threads.into_iter().for_each(|t| t.join().unwrap());
        assert_eq!(s.value(), 2);
        assert!(s.release().is_err(), "every permit is free: one more release is too many");
    });
}

/// Three threads share one permit of a semaphore with `flaw`, once each.
fn three_share_one(flaw: Flaw) {
    let s = Arc::new(FlawedSemaphore::new(1, flaw));
    let holders = Arc::new(AtomicUsize::new(0));
    let threads: Vec<_> = (0..3)
        .map(|_| {
            let (s, holders) = (Arc::clone(&s), Arc::clone(&holders));
            thread::spawn(move || {
                s.acquire();
                inside(&holders, 1);
                s.release();
            })
        })
        .collect();
    threads.into_iter().for_each(|t| t.join().unwrap());
}

#[test]
fn the_notebooks_while_loop_passes_the_same_check() {
    labkit::sync::model(|| three_share_one(Flaw::None));
}

#[test]
fn shuttle_finds_two_holders_when_if_replaces_while() {
    let message = shuttle_failure(|| three_share_one(Flaw::IfNotWhile), 10_000);
    assert!(
        message.contains("2 holders inside with 1 permits"),
        "failed for another reason: {message}"
    );
}

#[test]
fn shuttle_finds_the_sleeper_that_a_silent_release_never_wakes() {
    let message = shuttle_failure(|| three_share_one(Flaw::NoNotify), 10_000);
    assert!(message.contains("deadlock"), "failed for another reason: {message}");
}
