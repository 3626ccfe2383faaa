//! loom: every interleaving of two or three threads using the chapter's
//! semaphore (and the notebook's), in small cases. loom also reports a
//! deadlock (a sleeper nobody wakes) as a failure.
//!
//! `cargo test -p lab-05-semaphore --features loom --test loom_semaphore`
#![cfg(feature = "loom")]

use lab_05_semaphore::Semaphore;
use lab_05_semaphore::minimal::MinimalSemaphore;
use labkit::sync::atomic::{AtomicUsize, Ordering};
use labkit::sync::{Arc, thread};
use std::time::Duration;

/// Runs a three-thread body under loom with at most `LOOM_BOUND`
/// preemptions per execution: the unbounded search of three threads on a
/// mutex and a condition variable takes hours; bugs in code this size need
/// few preemptions to show (the two-thread tests above run unbounded).
fn model_bounded(body: impl Fn() + Send + Sync + 'static) {
    let mut builder = loom::model::Builder::new();
    builder.preemption_bound = Some(LOOM_BOUND);
    builder.check(body);
}

/// The preemption bound of the three-thread tests.
const LOOM_BOUND: usize = 3;

/// Marks one holder inside while `f` runs, and fails if there are more
/// than `limit` inside at once.
fn inside(holders: &AtomicUsize, limit: usize) {
    let now = holders.fetch_add(1, Ordering::SeqCst) + 1;
    assert!(now <= limit, "{now} holders inside with {limit} permits");
    holders.fetch_sub(1, Ordering::SeqCst);
}

#[test]
fn one_permit_two_threads_never_both_inside() {
    labkit::sync::model(|| {
        let s = Arc::new(Semaphore::new(1));
        let holders = Arc::new(AtomicUsize::new(0));
        let other = {
            let (s, holders) = (Arc::clone(&s), Arc::clone(&holders));
            thread::spawn(move || {
                let _permit = s.acquire();
                inside(&holders, 1);
            })
        };
        {
            let _permit = s.acquire();
            inside(&holders, 1);
        }
        other.join().unwrap();
        assert_eq!(s.available(), 1, "the permit must be back on the counter");
    });
}

#[test]
fn a_release_wakes_the_sleeper() {
    labkit::sync::model(|| {
        let s = Arc::new(Semaphore::new(1));
        let held = s.acquire_timeout(Duration::ZERO).expect("the permit is free");
        drop(held);
        let held = s.acquire();
        let sleeper = {
            let s = Arc::clone(&s);
            thread::spawn(move || drop(s.acquire()))
        };
        drop(held); // if this wakes nobody, loom reports the sleeper deadlocked
        sleeper.join().unwrap();
        assert_eq!(s.available(), 1);
    });
}

#[test]
fn two_permits_three_threads_at_most_two_inside() {
    model_bounded(|| {
        let s = Arc::new(Semaphore::new(2));
        let holders = Arc::new(AtomicUsize::new(0));
        let threads: Vec<_> = (0..2)
            .map(|_| {
                let (s, holders) = (Arc::clone(&s), Arc::clone(&holders));
                thread::spawn(move || {
                    let _permit = s.acquire();
                    inside(&holders, 2);
                })
            })
            .collect();
        {
            let _permit = s.acquire();
            inside(&holders, 2);
        }
        threads.into_iter().for_each(|t| t.join().unwrap());
        assert_eq!(s.available(), 2);
    });
}

#[test]
fn try_acquire_and_a_zero_timeout_never_block_and_lose_nothing() {
    labkit::sync::model(|| {
        let s = Arc::new(Semaphore::new(1));
        let other = {
            let s = Arc::clone(&s);
            thread::spawn(move || s.try_acquire().is_some())
        };
        let mine = s.acquire_timeout(Duration::ZERO).is_some();
        let theirs = other.join().unwrap();
        assert!(mine || theirs, "with the permit free at the start, someone gets it");
        assert_eq!(s.available(), 1);
    });
}

#[test]
fn added_permits_reach_every_sleeper() {
    model_bounded(|| {
        let s = Arc::new(Semaphore::new(0));
        let sleepers: Vec<_> = (0..2)
            .map(|_| {
                let s = Arc::clone(&s);
                thread::spawn(move || s.acquire().forget())
            })
            .collect();
        s.add_permits(2);
        sleepers.into_iter().for_each(|t| t.join().unwrap());
        assert_eq!(s.available(), 0, "both permits were taken and kept");
    });
}

#[test]
fn the_notebooks_semaphore_wakes_its_sleeper_too() {
    labkit::sync::model(|| {
        let s = Arc::new(MinimalSemaphore::new(1));
        let holders = Arc::new(AtomicUsize::new(0));
        let other = {
            let (s, holders) = (Arc::clone(&s), Arc::clone(&holders));
            thread::spawn(move || {
                s.acquire();
                inside(&holders, 1);
                s.release();
            })
        };
        s.acquire();
        inside(&holders, 1);
        s.release();
        other.join().unwrap();
        assert_eq!(s.value(), 1);
    });
}
