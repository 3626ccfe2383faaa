//! The workers of the queue version, as one thing: started together,
//! checked for life by the feeder, stopped with one sentinel each, joined.
//!
//! The liveness rule: a worker ends only after it takes a sentinel, so
//! once `s` sentinels are on the queue at most `s` workers may have ended.
//! One more ended worker has died (panicked) or quit on its own.

use super::{Item, Progress, Refresh, feed, worker};
use crate::tally::Tally;
use lab_07_queue::Queue;
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

/// How a worker of the crew decides it is done.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Stop {
    /// At its sentinel ([`worker::work`]): the right way.
    Sentinel,
    /// When the queue stays empty this long ([`worker::work_until_idle`]).
    WhenIdle(Duration),
}

/// Running workers and the queue that feeds them.
pub struct Crew {
    /// The queue of chunks, and sentinels at the end.
    pub queue: Arc<Queue<Item>>,
    /// The run's counters, shared with the workers.
    pub progress: Arc<Progress>,
    /// One per worker, in the order they were started.
    handles: Vec<JoinHandle<Tally>>,
}

impl Crew {
    /// Starts `workers` threads on a queue of at most `bound` items (`None`: unbounded).
    pub fn start(workers: usize, bound: Option<usize>, refresh: Arc<Refresh>, stop: Stop) -> Crew {
        let queue = Arc::new(match bound {
            Some(b) => Queue::bounded(b.max(1)),
            None => Queue::unbounded(),
        });
        let progress = Arc::new(Progress::default());
        let handles = (0..workers.max(1))
            .map(|_| {
                let (queue, refresh) = (Arc::clone(&queue), Arc::clone(&refresh));
                let progress = Arc::clone(&progress);
                std::thread::spawn(move || match stop {
                    Stop::Sentinel => worker::work(&queue, &*refresh, &progress),
                    Stop::WhenIdle(idle) => {
                        worker::work_until_idle(&queue, &*refresh, &progress, idle)
                    }
                })
            })
            .collect();
        Crew { queue, progress, handles }
    }

    // ANCHOR: alive
    /// `Ok` while no more than `sentinels` workers have ended.
    pub fn alive(&self, sentinels: usize) -> Result<(), String> {
        let ended = self.handles.iter().filter(|h| h.is_finished()).count();
        if ended > sentinels {
            Err(format!(
                "{ended} of {} workers ended with {sentinels} sentinel(s) put",
                self.handles.len()
            ))
        } else {
            Ok(())
        }
    }
    // ANCHOR_END: alive

    /// Puts `item`, checking every `check_every` that `sentinels` explain the ended workers.
    pub fn put(&self, item: Item, sentinels: usize, check_every: Duration) -> Result<(), String> {
        feed::put_checked(&self.queue, item, check_every, || self.alive(sentinels))
    }

    /// Puts a sentinel for every worker still running, then joins them all:
    /// the counts of every worker, and a message for each that panicked.
    pub fn stop(self, check_every: Duration) -> (Tally, Vec<String>) {
        for _ in 0..self.handles.len() {
            let running = || {
                let left = self.handles.iter().filter(|h| !h.is_finished()).count();
                if left > 0 { Ok(()) } else { Err("no worker left".to_string()) }
            };
            if feed::put_checked(&self.queue, None, check_every, running).is_err() {
                break;
            }
        }
        self.join()
    }

    /// Joins every worker (each must have a sentinel or have ended).
    pub fn join(self) -> (Tally, Vec<String>) {
        let (mut tally, mut panics) = (Tally::default(), Vec::new());
        for (i, handle) in self.handles.into_iter().enumerate() {
            match handle.join() {
                Ok(t) => tally += t,
                Err(p) => panics.push(format!(
                    "worker {} panicked: {}",
                    i + 1,
                    labkit::watchdog::panic_message(&*p)
                )),
            }
        }
        (tally, panics)
    }
}
