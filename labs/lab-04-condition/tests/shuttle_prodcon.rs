//! shuttle: producers and consumers with more threads than loom can
//! explore, over many random schedules, and the two mistakes found.
//!
//! `cargo test -p lab-04-condition --features shuttle --test shuttle_prodcon`
//!
//! The mistakes are shown the way the workbook shows every known bug: the
//! failing check is caught with `labkit::sync::shuttle_failure`, and the test
//! passes only if shuttle found it, for the expected reason.
#![cfg(all(feature = "shuttle", not(feature = "loom")))]

use lab_02_lock::Mutex;
use lab_04_condition::Condition;
use lab_04_condition::mistakes::wait_registering_late;
use lab_04_condition::monitor::{HandMonitor, Monitor, StdMonitor};
use lab_04_condition::prodcon::{Channel, Check, Popped, State, Wake};
use labkit::sync::{Arc, shuttle_failure, thread};

/// `producers` threads push `per_producer` items each; `consumers` pop
/// until the queue closes. Returns every item taken, sorted, and panics
/// with "stolen wake-up" if a consumer with `Check::If` popped an empty queue.
fn run<M: Monitor<State> + Send + 'static>(
    wake: Wake,
    check: Check,
    producers: u64,
    consumers: u64,
    per_producer: u64,
) -> Vec<u64> {
    let channel = Arc::new(Channel::<M>::new(wake, check));
    let takers: Vec<_> = (0..consumers)
        .map(|_| {
            let channel = Arc::clone(&channel);
            thread::spawn(move || {
                let mut taken = Vec::new();
                loop {
                    match channel.pop() {
                        Popped::Item(item) => taken.push(item),
                        Popped::Closed => return taken,
                        Popped::Stolen => panic!("stolen wake-up: woke to an empty queue"),
                    }
                }
            })
        })
        .collect();
    let makers: Vec<_> = (0..producers)
        .map(|p| {
            let channel = Arc::clone(&channel);
            thread::spawn(move || {
                for i in 0..per_producer {
                    channel.push(p * per_producer + i);
                }
            })
        })
        .collect();
    for m in makers {
        m.join().unwrap();
    }
    channel.close();
    let mut all: Vec<u64> = takers.into_iter().flat_map(|t| t.join().unwrap()).collect();
    all.sort_unstable();
    all
}

fn every_item_once<M: Monitor<State> + Send + 'static>(wake: Wake) {
    labkit::sync::model(move || {
        let all = run::<M>(wake, Check::While, 2, 3, 3);
        assert_eq!(all, (0..6).collect::<Vec<_>>(), "an item was lost or duplicated");
    });
}

#[test]
fn hand_built_notify_one_delivers_every_item_once() {
    every_item_once::<HandMonitor<State>>(Wake::One);
}

#[test]
fn hand_built_notify_all_delivers_every_item_once() {
    every_item_once::<HandMonitor<State>>(Wake::All);
}

#[test]
fn std_condvar_delivers_every_item_once() {
    every_item_once::<StdMonitor<State>>(Wake::One);
}

#[test]
fn notify_n_wakes_exactly_n_of_four_waiters() {
    labkit::sync::model(|| {
        // ready = how many waiters may leave; each leaving waiter takes one.
        let state: Arc<(Mutex<usize>, Condition)> = Arc::new((Mutex::new(0), Condition::new()));
        let waiters: Vec<_> = (0..4)
            .map(|_| {
                let state = Arc::clone(&state);
                thread::spawn(move || {
                    let (ready, cond) = &*state;
                    let mut ready = ready.lock();
                    cond.wait_while(&mut ready, |ready| *ready == 0);
                    *ready -= 1;
                })
            })
            .collect();
        let (ready, cond) = &*state;
        for n in [1, 3] {
            *ready.lock() += n;
            cond.notify(n);
        }
        for w in waiters {
            w.join().unwrap();
        }
        assert_eq!(*ready.lock(), 0);
    });
}

#[test]
fn shuttle_finds_the_stolen_wake_up_of_if() {
    let message = shuttle_failure(
        || {
            run::<HandMonitor<State>>(Wake::One, Check::If, 1, 2, 2);
        },
        10_000,
    );
    assert!(message.contains("stolen wake-up"), "failed for another reason: {message}");
}

#[test]
fn shuttle_finds_the_lost_wake_up_of_registering_late() {
    let message = shuttle_failure(
        || {
            let state: Arc<(Mutex<bool>, Condition)> =
                Arc::new((Mutex::new(false), Condition::new()));
            let notifier = {
                let state = Arc::clone(&state);
                thread::spawn(move || {
                    let (ready, cond) = &*state;
                    *ready.lock() = true;
                    cond.notify_one();
                })
            };
            let (ready, cond) = &*state;
            let mut guard = ready.lock();
            while !*guard {
                wait_registering_late(cond, &mut guard, None);
            }
            drop(guard);
            notifier.join().unwrap();
        },
        10_000,
    );
    assert!(message.contains("deadlock"), "failed for another reason: {message}");
}
