//! The two ends of a rival's channel: [`Rival::pipe`] makes them, each is
//! cloned once per thread, and [`Sender::send`] / [`Receiver::recv`] block
//! (or spin) until they succeed.

use crate::backoff::Backoff;
use crate::queue::Queue;
use crate::rivals::Rival;
use crate::steps::BlockingQueue;
use crate::steps::minimal::MinimalQueue;
use crate::waiting::Counters;
use crossbeam_queue::ArrayQueue;
use std::sync::{Arc, Mutex, mpsc};

impl Rival {
    /// A new channel of this kind holding at most `capacity` items (ignored
    /// by the unbounded ones).
    pub fn pipe(self, capacity: usize) -> (Sender, Receiver) {
        match self {
            Rival::Queue | Rival::QueueNoSpin | Rival::QueueUnbounded => {
                let q = Arc::new(match self {
                    Rival::Queue => Queue::bounded(capacity),
                    Rival::QueueNoSpin => Queue::bounded(capacity).spin_tries(0),
                    _ => Queue::unbounded(),
                });
                (Sender::Queue(Arc::clone(&q)), Receiver::Queue(q))
            }
            Rival::Minimal => {
                let q = Arc::new(MinimalQueue::with_capacity(capacity));
                (Sender::Minimal(Arc::clone(&q)), Receiver::Minimal(q))
            }
            Rival::StdSync => {
                let (tx, rx) = mpsc::sync_channel(capacity);
                (Sender::StdSync(tx), Receiver::Std(Arc::new(Mutex::new(rx))))
            }
            Rival::StdUnbounded => {
                let (tx, rx) = mpsc::channel();
                (Sender::Std(tx), Receiver::Std(Arc::new(Mutex::new(rx))))
            }
            Rival::CrossbeamBounded | Rival::CrossbeamUnbounded => {
                let (tx, rx) = match self {
                    Rival::CrossbeamBounded => crossbeam_channel::bounded(capacity),
                    _ => crossbeam_channel::unbounded(),
                };
                (Sender::Crossbeam(tx), Receiver::Crossbeam(rx))
            }
            Rival::ArrayQueue => {
                let q = Arc::new(ArrayQueue::new(capacity));
                (Sender::Array(Arc::clone(&q)), Receiver::Array(q))
            }
        }
    }
}

/// The sending end of a [`Rival::pipe`]; clone it for each producer.
#[derive(Clone)]
pub enum Sender {
    /// This chapter's queue, bounded or not, shared.
    Queue(Arc<Queue<u64>>),
    /// The minimal port, shared.
    Minimal(Arc<MinimalQueue<u64>>),
    /// std's bounded sender.
    StdSync(mpsc::SyncSender<u64>),
    /// std's unbounded sender.
    Std(mpsc::Sender<u64>),
    /// crossbeam's sender, bounded or not.
    Crossbeam(crossbeam_channel::Sender<u64>),
    /// The lock-free ring, shared.
    Array(Arc<ArrayQueue<u64>>),
}

/// The receiving end of a [`Rival::pipe`]; clone it for each consumer.
#[derive(Clone)]
pub enum Receiver {
    /// This chapter's queue, bounded or not, shared.
    Queue(Arc<Queue<u64>>),
    /// The minimal port, shared.
    Minimal(Arc<MinimalQueue<u64>>),
    /// std's receiver cannot be shared: consumers take turns through a lock.
    Std(Arc<Mutex<mpsc::Receiver<u64>>>),
    /// crossbeam's receiver, bounded or not.
    Crossbeam(crossbeam_channel::Receiver<u64>),
    /// The lock-free ring, shared.
    Array(Arc<ArrayQueue<u64>>),
}

impl Sender {
    /// Sends `x`, waiting (or spinning) while the channel is full.
    pub fn send(&self, x: u64) {
        match self {
            Sender::Queue(q) => q.put(x),
            Sender::Minimal(q) => q.put(x),
            Sender::StdSync(tx) => tx.send(x).expect("the receiver lives"),
            Sender::Std(tx) => tx.send(x).expect("the receiver lives"),
            Sender::Crossbeam(tx) => tx.send(x).expect("the receiver lives"),
            Sender::Array(q) => {
                let (mut x, mut backoff) = (x, Backoff::default());
                while let Err(back) = q.push(x) {
                    x = back;
                    backoff.snooze();
                }
            }
        }
    }
}

impl Receiver {
    /// How often threads waited so far, if this rival counts it.
    pub fn counters(&self) -> Option<Counters> {
        match self {
            Receiver::Queue(q) => Some(q.counters()),
            _ => None,
        }
    }

    /// Receives an item, waiting (or spinning) while the channel is empty.
    pub fn recv(&self) -> u64 {
        match self {
            Receiver::Queue(q) => q.get(),
            Receiver::Minimal(q) => q.get(),
            Receiver::Std(rx) => rx.lock().unwrap().recv().expect("a sender lives"),
            Receiver::Crossbeam(rx) => rx.recv().expect("a sender lives"),
            Receiver::Array(q) => {
                let mut backoff = Backoff::default();
                loop {
                    if let Some(x) = q.pop() {
                        return x;
                    }
                    backoff.snooze();
                }
            }
        }
    }
}
