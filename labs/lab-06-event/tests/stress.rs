//! Stress tests on the std backend: many threads, many rounds, exact counts.
//! No timing is asserted; a deadline only turns a hang into a failure.
#![cfg(not(any(feature = "loom", feature = "shuttle")))]

use lab_06_event::event::Event;
use lab_06_event::service::{Idle, Service};
use lab_06_event::signal::Signal;
use labkit::timeline::Timeline;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::thread;
use std::time::{Duration, Instant};

/// Spins (yielding) until `done()`, or fails after 20 s saying `what`.
fn until(what: &str, done: impl Fn() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(start.elapsed() < Duration::from_secs(20), "stuck: {what}");
        thread::yield_now();
    }
}

#[test]
fn every_pulse_wakes_every_waiting_thread() {
    // Python's promise, many times over: each set(); clear() pulse made
    // while all six threads sleep in wait() wakes all six.
    const WAITERS: u64 = 6;
    const ROUNDS: u64 = 300;
    let event = Arc::new(Event::new());
    let woke = Arc::new(AtomicU64::new(0));
    let waiters: Vec<_> = (0..WAITERS)
        .map(|_| {
            let (event, woke) = (Arc::clone(&event), Arc::clone(&woke));
            thread::spawn(move || {
                for _ in 0..ROUNDS {
                    event.wait();
                    woke.fetch_add(1, Ordering::SeqCst);
                    // While the flag is up, wait() returns at once: let
                    // this pulse end before waiting for the next.
                    until("the pulse ending", || !event.is_set());
                }
            })
        })
        .collect();
    for round in 1..=ROUNDS {
        until("the waiters going to sleep", || event.waiting() == WAITERS as usize);
        assert_eq!(event.set(), WAITERS as usize);
        event.clear();
        until("every waiter waking", || woke.load(Ordering::SeqCst) == WAITERS * round);
    }
    for w in waiters {
        w.join().unwrap();
    }
    assert_eq!(woke.load(Ordering::SeqCst), WAITERS * ROUNDS);
}

#[test]
fn timed_waits_racing_a_set_all_end_true_after_it() {
    let event = Arc::new(Event::new());
    let waiters: Vec<_> = (0..8)
        .map(|i| {
            let event = Arc::clone(&event);
            thread::spawn(move || {
                let mut timeouts = 0u64;
                while !event.wait_timeout(Duration::from_micros(50 + 37 * i)) {
                    timeouts += 1;
                }
                // Once it has seen the event set, every later wait is immediate.
                for _ in 0..1000 {
                    assert!(event.wait_timeout(Duration::from_secs(600)));
                }
                timeouts
            })
        })
        .collect();
    thread::sleep(Duration::from_millis(20));
    event.set();
    for w in waiters {
        w.join().unwrap();
    }
    assert!(event.is_set());
}

#[test]
fn a_counting_signal_loses_nothing_between_many_threads() {
    const PER_PRODUCER: u64 = 25_000;
    let signal = Arc::new(Signal::new());
    let consumers: Vec<_> = (0..4)
        .map(|c| {
            let signal = Arc::clone(&signal);
            thread::spawn(move || {
                let (mut seen, mut total) = (0, 0);
                while seen < 2 * PER_PRODUCER {
                    let now = signal.wait_past(seen);
                    assert!(now > seen);
                    total += now - seen;
                    seen = now;
                    std::hint::black_box(labkit::work::spin(100 * c));
                }
                total
            })
        })
        .collect();
    let producers: Vec<_> = (0..2)
        .map(|_| {
            let signal = Arc::clone(&signal);
            thread::spawn(move || {
                for _ in 0..PER_PRODUCER {
                    signal.send();
                }
            })
        })
        .collect();
    for p in producers {
        p.join().unwrap();
    }
    for c in consumers {
        assert_eq!(c.join().unwrap(), 2 * PER_PRODUCER, "a consumer missed signals");
    }
    assert_eq!(signal.count(), 2 * PER_PRODUCER);
}

#[test]
fn many_services_stop_cleanly_whatever_the_way_of_idling() {
    for idle in [Idle::Sleep, Idle::Wait, Idle::Busy] {
        for run in 0..20u64 {
            let service =
                Service::start(8, idle, Duration::from_micros(300), 2_000, &Timeline::new());
            thread::sleep(Duration::from_micros(100 * (run % 7)));
            let stopped = service.stop();
            assert!(stopped.is_clean(8), "{idle:?}, run {run}: {stopped:?}");
            assert!(stopped.heartbeats_in_db >= 1 && stopped.rows_in_db >= 8, "{stopped:?}");
        }
    }
}
