//! Measuring how late a waiter wakes, and what it costs to wait.
//!
//! - [`wakeups`]: a waiter waits on a monitor; a notifier changes the state
//!   and notifies a chosen delay after the wait began. Each round gives one
//!   [`WakeSample`]: when the notify came, and the *wake-up latency*, the
//!   time from the notify until the waiter runs again with the mutex.
//! - [`idle_waits`]: threads wait, each on its own monitor, until notified
//!   after a chosen time; each reports its CPU time and how often it woke.
//!
//! The notifier changes the state under the mutex and notifies after
//! unlocking it, so the woken waiter never finds the mutex still held.

use crate::cpu::ThreadUsage;
use crate::monitor::Monitor;
use std::sync::Barrier;
use std::time::{Duration, Instant};

/// Where a round of [`wakeups`] stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Between rounds.
    Idle,
    /// The waiter waits, since this instant.
    Waiting(Instant),
    /// The notifier changed the state and notified at this instant.
    Notified(Instant),
}

/// One wake-up, measured.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WakeSample {
    /// How long after the wait began the notify came.
    pub notified_after: Duration,
    /// From the notify until the waiter ran again, holding the mutex.
    pub latency: Duration,
}

// ANCHOR: round
/// One waiter and one notifier on a monitor of type `M`, one round per
/// delay: the notify comes `delay` after the wait began.
pub fn wakeups<M: Monitor<Phase>>(delays: &[Duration]) -> Vec<WakeSample> {
    let monitor = M::new(Phase::Idle);
    let round = Barrier::new(2);
    std::thread::scope(|s| {
        s.spawn(|| {
            for &delay in delays {
                round.wait();
                // Wait until the waiter has started (and released the mutex).
                let began = loop {
                    if let Phase::Waiting(since) = *monitor.lock() {
                        break since;
                    }
                    std::thread::sleep(Duration::from_micros(50));
                };
                std::thread::sleep((began + delay).saturating_duration_since(Instant::now()));
                *monitor.lock() = Phase::Notified(Instant::now());
                monitor.notify_one();
            }
        });
        let mut samples = Vec::with_capacity(delays.len());
        for _ in delays {
            round.wait();
            let mut phase = monitor.lock();
            let began = Instant::now();
            *phase = Phase::Waiting(began);
            let notified = loop {
                phase = monitor.wait(phase);
                if let Phase::Notified(at) = *phase {
                    break at;
                }
            };
            let woke = Instant::now();
            *phase = Phase::Idle;
            samples.push(WakeSample {
                notified_after: notified.saturating_duration_since(began),
                latency: woke.saturating_duration_since(notified),
            });
        }
        samples
    })
}
// ANCHOR_END: round

/// What one idle waiter of [`idle_waits`] used.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct IdleWait {
    /// How long it waited.
    pub waited: Duration,
    /// Its CPU time and sleeps while waiting.
    pub used: ThreadUsage,
}

/// `waiters` threads wait, each on its own monitor, until notified
/// `length` later. Returns what each used.
pub fn idle_waits<M: Monitor<bool>>(waiters: usize, length: Duration) -> Vec<IdleWait> {
    let monitors: Vec<M> = (0..waiters).map(|_| M::new(false)).collect();
    let started = Barrier::new(waiters + 1);
    std::thread::scope(|s| {
        let handles: Vec<_> = monitors
            .iter()
            .map(|monitor| {
                let started = &started;
                s.spawn(move || {
                    let mut done = monitor.lock();
                    started.wait();
                    let (before, since) = (ThreadUsage::now(), Instant::now());
                    while !*done {
                        done = monitor.wait(done);
                    }
                    IdleWait { waited: since.elapsed(), used: ThreadUsage::now().since(&before) }
                })
            })
            .collect();
        started.wait();
        std::thread::sleep(length);
        for monitor in &monitors {
            *monitor.lock() = true;
            monitor.notify_one();
        }
        handles.into_iter().map(|h| h.join().expect("a waiter panicked")).collect()
    })
}
