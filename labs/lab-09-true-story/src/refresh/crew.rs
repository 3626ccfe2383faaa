//! The workers of the queue version, as one thing: started together,
//! checked for life by the feeder, stopped with one sentinel each, joined.
//!
//! The liveness rule: a worker ends only after it takes a sentinel, so
//! once `s` sentinels are on the queue at most `s` workers may have ended.
//! One more ended worker has died (panicked) or quit on its own.
//!
//! A worker's counts are kept outside it as it goes, so a worker that
//! panics still accounts for the profiles it handled before it died.

use super::{Item, Progress, Refresh, feed, worker};
use crate::corpus::Profile;
use crate::tally::Tally;
use lab_07_queue::Queue;
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::Duration;

/// One worker: its thread, and the counts it has kept so far.
struct Member {
    /// The thread; its value is the worker's counts.
    handle: JoinHandle<Tally>,
    /// The same counts, added to after every profile: what is left of
    /// them if the thread panics.
    kept: Arc<Mutex<Tally>>,
}

/// Running workers and the queue that feeds them.
pub struct Crew {
    /// The queue of chunks, and sentinels at the end.
    pub queue: Arc<Queue<Item>>,
    /// The run's counters, shared with the workers.
    pub progress: Arc<Progress>,
    /// One per worker, in the order they were started.
    members: Vec<Member>,
}

impl Crew {
    /// Starts `workers` threads on a queue of at most `bound` items (`None`: unbounded).
    pub fn start(workers: usize, bound: Option<usize>, refresh: Arc<Refresh>) -> Crew {
        let queue = Arc::new(match bound {
            Some(b) => Queue::bounded(b.max(1)),
            None => Queue::unbounded(),
        });
        let progress = Arc::new(Progress::default());
        let members = (0..workers.max(1))
            .map(|_| {
                let (queue, refresh) = (Arc::clone(&queue), Arc::clone(&refresh));
                let progress = Arc::clone(&progress);
                let kept = Arc::new(Mutex::new(Tally::default()));
                let keep = Arc::clone(&kept);
                let handle = std::thread::spawn(move || {
                    let counted = move |p: &Profile| {
                        let one = refresh(p);
                        *keep.lock().unwrap_or_else(PoisonError::into_inner) += one;
                        one
                    };
                    worker::work(&queue, &counted, &progress)
                });
                Member { handle, kept }
            })
            .collect();
        Crew { queue, progress, members }
    }

    // ANCHOR: alive
    /// `Ok` while no more than `sentinels` workers have ended.
    pub fn alive(&self, sentinels: usize) -> Result<(), String> {
        let ended = self.members.iter().filter(|m| m.handle.is_finished()).count();
        if ended > sentinels {
            Err(format!(
                "{ended} of {} workers ended with {sentinels} sentinel(s) put",
                self.members.len()
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
        for _ in 0..self.members.len() {
            let running = || {
                let left = self.members.iter().filter(|m| !m.handle.is_finished()).count();
                if left > 0 { Ok(()) } else { Err("no worker left".to_string()) }
            };
            if feed::put_checked(&self.queue, None, check_every, running).is_err() {
                break;
            }
        }
        self.join()
    }

    /// Joins every worker (each must have a sentinel or have ended): the
    /// counts of all of them, a dead worker's up to its death included,
    /// and a message for each that panicked.
    pub fn join(self) -> (Tally, Vec<String>) {
        let (mut tally, mut panics) = (Tally::default(), Vec::new());
        for (i, member) in self.members.into_iter().enumerate() {
            match member.handle.join() {
                Ok(t) => tally += t,
                Err(p) => {
                    tally += *member.kept.lock().unwrap_or_else(PoisonError::into_inner);
                    panics.push(format!(
                        "worker {} panicked: {}",
                        i + 1,
                        labkit::watchdog::panic_message(&*p)
                    ))
                }
            }
        }
        (tally, panics)
    }
}
