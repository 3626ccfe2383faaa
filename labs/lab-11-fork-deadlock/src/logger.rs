//! The notebook's background thread: it logs in a loop, and holds the
//! sink's lock for a chosen share of its time.
//!
//! Each period the thread writes one record and keeps the lock for
//! `duty × period` (`Sink::log_holding`), then spins, unlocked, to the end
//! of the period. Spinning rather than sleeping keeps the timing exact: a
//! sleep of a few tens of microseconds lasts longer than asked. The duty
//! cycle is then the chance that a fork, landing at a random moment, finds
//! the lock held; the thread measures the duty it really had (a preempted
//! holder holds longer), and the lab plots against that.

use crate::sink::Sink;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// What the logging thread is told to do.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Duty {
    /// The share of each period it holds the lock, 0 to 1.
    pub held: f64,
    /// One record per period.
    pub period: Duration,
}

/// A running logging thread.
pub struct Logger {
    /// Set to ask the thread to stop.
    stop: Arc<AtomicBool>,
    /// The thread; it returns what it did.
    thread: JoinHandle<Logged>,
}

/// What the logging thread did.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Logged {
    /// Records written.
    pub records: u64,
    /// The share of its running time it held the lock (0 to 1).
    pub duty: f64,
}

impl Logger {
    // ANCHOR: logger
    /// Starts the thread, writing to `sink` with `duty`.
    pub fn start(sink: Arc<Sink>, duty: Duty) -> Logger {
        let stop = Arc::new(AtomicBool::new(false));
        let stopped = Arc::clone(&stop);
        let hold = duty.period.mul_f64(duty.held.clamp(0.0, 1.0));
        let thread = std::thread::spawn(move || {
            let (start, mut held, mut records) = (Instant::now(), Duration::ZERO, 0);
            while !stopped.load(Ordering::Relaxed) {
                let period_start = Instant::now();
                if !hold.is_zero() {
                    sink.log_holding("logger", "hello, I just did something", hold)
                        .expect("the log file can be written");
                    held += period_start.elapsed();
                    records += 1;
                }
                while period_start.elapsed() < duty.period {
                    std::hint::spin_loop();
                }
            }
            Logged { records, duty: held.as_secs_f64() / start.elapsed().as_secs_f64() }
        });
        Logger { stop, thread }
    }
    // ANCHOR_END: logger

    /// Stops the thread and says what it did.
    pub fn stop(self) -> Logged {
        self.stop.store(true, Ordering::Relaxed);
        self.thread.join().expect("the logging thread does not panic")
    }
}
