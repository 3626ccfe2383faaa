//! The composed logic under shuttle, with many random schedules: the
//! notebook's `set(); clear()` losing a wake-up (found, and the schedule
//! checked to be the one the chapter describes), the fixes never losing
//! one, and the service stopping cleanly.
//!
//! `cargo test -p lab-06-event --features shuttle --test shuttle_event`
//!
//! shuttle's `Condvar::wait_timeout` never times out, so a timed wait here
//! returns only when woken; a lost wake-up shows as shuttle's deadlock
//! report, which the tests catch and check.
#![cfg(all(feature = "shuttle", not(feature = "loom")))]

use lab_06_event::event::Event;
use lab_06_event::service::{Idle, Service};
use lab_06_event::signal::Signal;
use lab_06_event::state_event::StateEvent;
use labkit::sync::{Arc, model, shuttle_failure, thread};
use labkit::timeline::Timeline;
use std::sync::Mutex;
use std::time::Duration;

/// What each `set()` of the current schedule returned (how many threads
/// were asleep in `wait`), for the failing schedule to be examined; one log
/// per test, since tests run in parallel. A scenario clears its log at the
/// start of every schedule, so after a failure it holds the failing one.
type SetLog = Mutex<Vec<usize>>;
static NOTEBOOK_LOG: SetLog = Mutex::new(Vec::new());
static STEP_1_LOG: SetLog = Mutex::new(Vec::new());

// ANCHOR: notebook
/// The notebook's producer (two pulses, `set(); clear()`) and a consumer
/// that waits for two, logging what each `set()` returned.
fn notebook_pulses(log: &'static SetLog) {
    log.lock().unwrap().clear();
    let event = Arc::new(Event::new());
    let consumer = {
        let event = Arc::clone(&event);
        thread::spawn(move || {
            for _ in 0..2 {
                event.wait();
                thread::yield_now(); // handling the item: not waiting
            }
        })
    };
    for _ in 0..2 {
        let sleepers = event.set();
        log.lock().unwrap().push(sleepers);
        event.clear();
    }
    consumer.join().unwrap();
}

#[test]
fn the_notebooks_pulse_is_lost_by_a_consumer_that_is_not_waiting() {
    let message = shuttle_failure(|| notebook_pulses(&NOTEBOOK_LOG), 10_000);
    assert!(message.contains("deadlock"), "failed for another reason: {message}");
    // The losing schedule: some set() found no thread asleep in wait. With
    // the Python-like event, a sleeping consumer always wakes, so that is
    // the only way to lose a pulse.
    let found = NOTEBOOK_LOG.lock().unwrap().clone();
    assert!(found.contains(&0), "a pulse was lost although set() found the consumer: {found:?}");
}
// ANCHOR_END: notebook

#[test]
fn the_step_1_event_loses_a_pulse_even_on_a_thread_that_was_waiting() {
    let message = shuttle_failure(
        || {
            STEP_1_LOG.lock().unwrap().clear();
            let event = Arc::new(StateEvent::new());
            let consumer = {
                let event = Arc::clone(&event);
                thread::spawn(move || event.wait())
            };
            while event.waiting() == 0 {
                thread::yield_now();
            }
            let sleepers = event.set();
            STEP_1_LOG.lock().unwrap().push(sleepers);
            event.clear();
            consumer.join().unwrap();
        },
        10_000,
    );
    assert!(message.contains("deadlock"), "failed for another reason: {message}");
    assert_eq!(*STEP_1_LOG.lock().unwrap(), [1], "set() found the consumer asleep, and yet");
}

#[test]
fn the_python_like_event_wakes_a_waiting_thread_in_every_schedule() {
    model(|| {
        let event = Arc::new(Event::new());
        let consumers: Vec<_> = (0..2)
            .map(|_| {
                let event = Arc::clone(&event);
                thread::spawn(move || event.wait_timeout(Duration::from_secs(600)))
            })
            .collect();
        while event.waiting() < 2 {
            thread::yield_now();
        }
        assert_eq!(event.set(), 2);
        event.clear();
        for c in consumers {
            assert!(c.join().unwrap());
        }
    });
}

#[test]
fn a_counting_signal_never_misses_whatever_the_consumer_does() {
    model(|| {
        let signal = Arc::new(Signal::new());
        let consumers: Vec<_> = (0..2)
            .map(|_| {
                let signal = Arc::clone(&signal);
                thread::spawn(move || {
                    let (mut seen, mut handled) = (0, 0);
                    while seen < 3 {
                        let now = signal.wait_past(seen);
                        handled += now - seen;
                        seen = now;
                        thread::yield_now(); // busy with the items
                    }
                    handled
                })
            })
            .collect();
        for _ in 0..3 {
            signal.send();
            thread::yield_now();
        }
        for c in consumers {
            assert_eq!(c.join().unwrap(), 3, "a consumer missed a signal");
        }
    });
}

#[test]
fn the_service_stops_cleanly_in_every_schedule() {
    model(|| {
        for idle in [Idle::Wait, Idle::Busy] {
            let service = Service::start(2, idle, Duration::from_millis(1), 10, &Timeline::new());
            thread::yield_now();
            let stopped = service.stop();
            assert!(stopped.is_clean(2), "{idle:?}: {stopped:?}");
            assert!(stopped.rows_in_db >= 2 && stopped.heartbeats_in_db >= 1, "{stopped:?}");
        }
    });
}
