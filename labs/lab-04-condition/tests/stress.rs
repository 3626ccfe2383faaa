//! Stress tests on real threads: many threads, many rounds, exact counts.
//! They assert what happened, never how long it took.
#![cfg(not(any(feature = "loom", feature = "shuttle")))]

use lab_02_lock::Mutex;
use lab_04_condition::Condition;
use lab_04_condition::monitor::{
    HandMonitor, Monitor, PollingMonitor, StdMonitor, StdTimedMonitor,
};
use lab_04_condition::prodcon::{Channel, Check, State, Wake, transfer};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

fn moves_every_item_once<M: Monitor<State>>(wake: Wake, check: Check, items: u64) {
    let channel = Channel::<M>::new(wake, check);
    let nothing = || {};
    let t = transfer(&channel, 3, 5, items, &nothing, &nothing);
    assert_eq!((t.taken, t.sum), (items, items * (items - 1) / 2), "{}: {t:?}", M::NAME);
    if check == Check::While {
        assert_eq!(t.counts.stolen, 0);
    }
}

#[test]
fn every_monitor_moves_every_item_exactly_once() {
    for wake in [Wake::One, Wake::All] {
        for check in [Check::While, Check::If] {
            moves_every_item_once::<HandMonitor<State>>(wake, check, 100_000);
            moves_every_item_once::<StdMonitor<State>>(wake, check, 100_000);
            moves_every_item_once::<StdTimedMonitor<State>>(wake, check, 20_000);
        }
    }
    // The polling wait sleeps up to 50 ms at a time: fewer items.
    moves_every_item_once::<PollingMonitor<State>>(Wake::One, Check::While, 2_000);
}

#[test]
fn a_counter_handed_round_robin_between_threads_never_stalls() {
    // Four threads take turns by number: each waits until the counter says
    // it is its turn. Every wake-up but one per step is for the wrong
    // thread, so notify_all must be used, and nothing may be lost.
    let (threads, rounds) = (4usize, 5_000usize);
    let turn: Mutex<usize> = Mutex::new(0);
    let cond = Condition::new();
    std::thread::scope(|s| {
        for me in 0..threads {
            let (turn, cond) = (&turn, &cond);
            s.spawn(move || {
                for _ in 0..rounds {
                    let mut guard = turn.lock();
                    cond.wait_while(&mut guard, |t| *t % threads != me);
                    *guard += 1;
                    cond.notify_all();
                }
            });
        }
    });
    assert_eq!(*turn.lock(), threads * rounds);
}

#[test]
fn timed_waits_racing_notifies_never_lose_a_notification() {
    // Waiters wait with tiny timeouts (zero: register, look once, withdraw)
    // while notifiers notify one at a time as fast as they can, so that
    // notifies often land just as a waiter gives up. Each notify that says
    // it woke a waiter must be matched by a wait that says it was notified:
    // a notification taken from a waiter whose time ran out still counts.
    let (state, cond): (Mutex<()>, Condition) = (Mutex::new(()), Condition::new());
    let (woken, notified) = (AtomicUsize::new(0), AtomicUsize::new(0));
    let waiters_left = AtomicUsize::new(4);
    std::thread::scope(|s| {
        for _ in 0..4 {
            s.spawn(|| {
                for i in 0..8_000u64 {
                    let mut guard = state.lock();
                    let timeout = Duration::from_micros((i % 3) * 20);
                    if cond.wait_timeout_polling(&mut guard, timeout).notified {
                        notified.fetch_add(1, Ordering::Relaxed);
                    }
                }
                waiters_left.fetch_sub(1, Ordering::Relaxed);
            });
        }
        for _ in 0..2 {
            s.spawn(|| {
                while waiters_left.load(Ordering::Relaxed) > 0 {
                    if cond.notify_one() {
                        woken.fetch_add(1, Ordering::Relaxed);
                    }
                    std::thread::yield_now();
                }
            });
        }
    });
    assert_eq!(woken.load(Ordering::Relaxed), notified.load(Ordering::Relaxed));
    assert_eq!(cond.waiting(), 0);
}
