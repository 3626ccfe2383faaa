//! The notebook's `SHOULD_EXIT` pattern as a small service: worker threads
//! and a heartbeat thread share one lock around one resource (the notebook's
//! `DB_LOCK` around its database), and one [`Event`] asks them all to stop.
//!
//! Each thread repeats a unit of work (a worker adds a row, the heartbeat
//! stamps the time) and between units idles in one of three ways
//! ([`Idle`]); the way it idles decides how quickly it notices the event.
//! [`Service::stop`] sets the event, joins every thread and measures the
//! time from `set` to the last join.
//!
//! Layout: [`Idle`] and [`idle_loop`] (the three loops), [`Db`] (the shared
//! resource), [`Service`] (start, stop) and [`Stopped`] (what stop found).

use crate::event::Event;
use labkit::sync::thread::{self, JoinHandle};
use labkit::sync::{Arc, Mutex};
use labkit::timeline::{Recorder, Timeline};
use labkit::work::spin;
use std::sync::PoisonError;
use std::time::{Duration, Instant};

/// How a thread spends the time between two units of work.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Idle {
    /// `time.sleep(period)`, then check the event: the thread notices a stop
    /// only when its sleep ends.
    Sleep,
    /// `SHOULD_EXIT.wait(period)`: a sleep that `set` cuts short.
    Wait,
    /// No idling: units of CPU work lasting `period` each, with the event
    /// checked between them (the notebook's `check_for_exit()` per task).
    Busy,
}

// ANCHOR: idle_loop
/// Runs `unit` again and again until `exit` is set, idling between units
/// as `idle` says; returns how many units it ran.
pub fn idle_loop(
    exit: &Event,
    idle: Idle,
    period: Duration,
    busy_iterations: u64,
    rec: &mut Recorder,
    mut unit: impl FnMut(&mut Recorder),
) -> u64 {
    let mut units = 0;
    loop {
        unit(rec);
        units += 1;
        match idle {
            Idle::Sleep => {
                // Not the shim's thread: a real sleep, as in Python.
                rec.span("sleep(period)", || std::thread::sleep(period));
                if exit.is_set() {
                    return units;
                }
            }
            Idle::Wait => {
                if rec.span("wait_timeout(period)", || exit.wait_timeout(period)) {
                    return units;
                }
            }
            Idle::Busy => {
                rec.span("compute a unit", || spin(busy_iterations));
                if exit.is_set() {
                    return units;
                }
            }
        }
    }
}
// ANCHOR_END: idle_loop

/// The resource every thread writes to, under one lock (the notebook's
/// database behind `DB_LOCK`).
#[derive(Debug, Default)]
pub struct Db {
    /// Rows the workers have written, one per unit of work.
    pub rows: u64,
    /// Heartbeats written by the heartbeat thread.
    pub heartbeats: u64,
}

/// A running service: its threads and what they share.
pub struct Service {
    /// The stop request (`SHOULD_EXIT`).
    exit: Arc<Event>,
    /// The shared resource behind its lock (`DB_LOCK`).
    db: Arc<Mutex<Db>>,
    /// The workers, each returning how many rows it wrote.
    workers: Vec<JoinHandle<u64>>,
    /// The heartbeat thread, returning how many heartbeats it wrote.
    heartbeat: JoinHandle<u64>,
    /// The main thread's row in the timeline: when the stop was asked for.
    rec: Recorder,
}

/// What [`Service::stop`] measured and checked.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stopped {
    /// From `set` to the last thread joined.
    pub shutdown: Duration,
    /// Threads joined: every worker and the heartbeat.
    pub joined: usize,
    /// Rows the workers say they wrote, summed.
    pub rows_reported: u64,
    /// Heartbeats the heartbeat thread says it wrote.
    pub heartbeats_reported: u64,
    /// The resource as the threads left it.
    pub rows_in_db: u64,
    /// Heartbeats in the resource.
    pub heartbeats_in_db: u64,
}

// ANCHOR: service
impl Service {
    /// Starts `workers` workers and a heartbeat thread, all idling as `idle`
    /// for `period` between units of work (busy units take `busy_iterations`
    /// of the kit's busy work); records them in `timeline`.
    pub fn start(
        workers: usize,
        idle: Idle,
        period: Duration,
        busy_iterations: u64,
        timeline: &std::sync::Arc<Timeline>,
    ) -> Service {
        let exit = Arc::new(Event::new());
        let db = Arc::new(Mutex::new(Db::default()));
        let spawn = |name: String, heartbeat: bool| {
            let (exit, db) = (Arc::clone(&exit), Arc::clone(&db));
            let mut rec = timeline.recorder(name);
            // A heartbeat never computes: among busy workers it waits.
            let idle = if heartbeat && idle == Idle::Busy { Idle::Wait } else { idle };
            thread::spawn(move || {
                idle_loop(&exit, idle, period, busy_iterations, &mut rec, |rec| {
                    let state = if heartbeat { "heartbeat" } else { "row" };
                    rec.span(state, || {
                        let mut db = db.lock().unwrap_or_else(PoisonError::into_inner);
                        if heartbeat { db.heartbeats += 1 } else { db.rows += 1 }
                    });
                })
            })
        };
        let workers = (0..workers).map(|i| spawn(format!("worker {i}"), false)).collect();
        let heartbeat = spawn("heartbeat".into(), true);
        let rec = timeline.recorder("main");
        Service { exit, db, workers, heartbeat, rec }
    }

    /// Sets the event, joins every thread, and says how long that took and
    /// what the threads left behind.
    pub fn stop(mut self) -> Stopped {
        let start = Instant::now();
        self.rec.enter("stop (set, join)");
        self.exit.set();
        let mut joined = 0;
        let mut rows_reported = 0;
        for worker in self.workers {
            rows_reported += worker.join().expect("a worker panicked");
            joined += 1;
        }
        let heartbeats_reported = self.heartbeat.join().expect("the heartbeat panicked");
        joined += 1;
        let shutdown = start.elapsed();
        self.rec.leave();
        let db = self.db.lock().unwrap_or_else(PoisonError::into_inner);
        Stopped {
            shutdown,
            joined,
            rows_reported,
            heartbeats_reported,
            rows_in_db: db.rows,
            heartbeats_in_db: db.heartbeats,
        }
    }
}
// ANCHOR_END: service

impl Stopped {
    /// Whether the stop was clean: every thread joined and nothing it
    /// reported writing is missing from the resource, or the other way round.
    pub fn is_clean(&self, workers: usize) -> bool {
        self.joined == workers + 1
            && self.rows_reported == self.rows_in_db
            && self.heartbeats_reported == self.heartbeats_in_db
    }
}
