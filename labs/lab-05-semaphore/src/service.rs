//! A simulated slow service: the resource the permits stand in front of.
//!
//! A real one (a database, an HTTP API, a disk) can only do so much at once:
//! its *capacity*, `C` (workers, cores, connections). Below `C` a request
//! takes its service time `T`; what happens past `C` depends on the service,
//! and the lab simulates the two common answers:
//!
//! - [`Kind::Queueing`]: `C` worker threads take requests from a queue in
//!   the order they came (a web server with `C` workers); requests beyond
//!   `C` wait in that queue.
//! - [`Kind::Degrading`]: every request is let in, and they share the `C`
//!   slots: with `n > C` in service each runs `n/C` times slower, and each
//!   request beyond `C` also adds `overload × T` to everyone's time
//!   (context switches, cache misses, lock contention, a disk seeking
//!   between files). The time of a request is set when it arrives, from the
//!   number in service then.
//!
//! The service's time is spent asleep, as a client waiting for a remote
//! server spends it: it costs the clients' machine no CPU.

use crossbeam_channel::Sender;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

/// What a service does with more requests than its capacity.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Queues them until a slot is free.
    Queueing,
    /// Lets them all in, and slows down for everyone.
    Degrading,
}

impl Kind {
    /// The name in tables, CSV and legends.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Queueing => "queueing",
            Kind::Degrading => "degrading",
        }
    }
}

/// A service's behaviour: its kind, capacity and speed.
#[derive(Clone, Copy, Debug)]
pub struct Spec {
    /// What it does past its capacity.
    pub kind: Kind,
    /// How many requests it serves at full speed at once (`C`).
    pub capacity: usize,
    /// How long a request takes within the capacity (`T`).
    pub service_time: Duration,
    /// Degrading kind: each request beyond capacity adds this fraction of
    /// `T` to every request's time.
    pub overload: f64,
}

// ANCHOR: model
impl Spec {
    /// How long a request takes with `n` requests in service, itself included.
    pub fn time_with(&self, n: usize) -> Duration {
        match self.kind {
            Kind::Queueing => self.service_time,
            Kind::Degrading => {
                let (n, c) = (n as f64, self.capacity as f64);
                let shared = (n / c).max(1.0);
                let overhead = 1.0 + self.overload * (n - c).max(0.0);
                self.service_time.mul_f64(shared * overhead)
            }
        }
    }

    /// How long `clients` clients sending back to back through `k` permits
    /// take, by the model, until each has been served once.
    pub fn round(&self, clients: usize, k: usize) -> Duration {
        Duration::from_secs_f64(clients as f64 / self.throughput(k.min(clients)))
    }

    /// The throughput (requests/s) the model predicts with `k` requests
    /// always in flight: `min(k, C)/T`, divided by the overhead when degrading.
    pub fn throughput(&self, k: usize) -> f64 {
        let busy = k.min(self.capacity) as f64 / self.service_time.as_secs_f64();
        match self.kind {
            Kind::Queueing => busy,
            Kind::Degrading => {
                busy / (1.0 + self.overload * (k as f64 - self.capacity as f64).max(0.0))
            }
        }
    }
}
// ANCHOR_END: model

/// A running service, shared by the client threads.
pub struct Service {
    /// How it behaves.
    pub spec: Spec,
    /// Queueing kind: the queue of requests, each a channel to answer on;
    /// `None` once the service is shut down.
    requests: Option<Sender<Sender<()>>>,
    /// Queueing kind: the worker threads, joined when the service is dropped.
    workers: Vec<JoinHandle<()>>,
    /// Degrading kind: requests in service now.
    in_service: AtomicUsize,
}

impl Service {
    /// A service that behaves as `spec` says, idle (its workers started).
    pub fn new(spec: Spec) -> Service {
        let (mut requests, mut workers) = (None, Vec::new());
        if spec.kind == Kind::Queueing {
            let (send, queue) = crossbeam_channel::unbounded::<Sender<()>>();
            workers = (0..spec.capacity)
                .map(|_| {
                    let queue = queue.clone();
                    std::thread::spawn(move || {
                        for answer in queue {
                            std::thread::sleep(spec.service_time);
                            let _ = answer.send(()); // a client that left needs no answer
                        }
                    })
                })
                .collect();
            requests = Some(send);
        }
        Service { spec, requests, workers, in_service: AtomicUsize::new(0) }
    }

    /// Sends one request and waits for its answer.
    pub fn call(&self) {
        match (self.spec.kind, &self.requests) {
            (Kind::Queueing, Some(requests)) => {
                let (answer, answered) = crossbeam_channel::bounded(1);
                requests.send(answer).expect("the workers run until the service is dropped");
                answered.recv().expect("a worker answers every request");
            }
            _ => {
                let n = self.in_service.fetch_add(1, Ordering::Relaxed) + 1;
                std::thread::sleep(self.spec.time_with(n));
                self.in_service.fetch_sub(1, Ordering::Relaxed);
            }
        }
    }
}

impl Drop for Service {
    /// Closes the queue, and waits for the workers to finish what is in it.
    fn drop(&mut self) {
        drop(self.requests.take());
        for worker in self.workers.drain(..) {
            let _ = worker.join();
        }
    }
}

#[cfg(all(test, not(any(feature = "loom", feature = "shuttle"))))]
mod tests {
    use super::*;

    fn spec(kind: Kind) -> Spec {
        Spec { kind, capacity: 4, service_time: Duration::from_millis(2), overload: 0.1 }
    }

    #[test]
    fn the_model_rises_to_capacity_then_stays_or_falls() {
        let (q, d) = (spec(Kind::Queueing), spec(Kind::Degrading));
        assert_eq!(q.throughput(1), 500.0);
        assert_eq!(q.throughput(4), 2000.0);
        assert_eq!(q.throughput(16), 2000.0);
        assert_eq!(d.throughput(4), 2000.0);
        assert!((d.throughput(14) - 1000.0).abs() < 1e-9, "{}", d.throughput(14));
    }

    #[test]
    fn a_degrading_request_slows_with_the_crowd() {
        let d = spec(Kind::Degrading);
        assert_eq!(d.time_with(1), Duration::from_millis(2));
        assert_eq!(d.time_with(4), Duration::from_millis(2));
        assert_eq!(d.time_with(8), Duration::from_millis(2).mul_f64(2.0 * 1.4));
    }

    #[test]
    fn the_queueing_service_answers_every_request_and_stops() {
        let service = Service::new(spec(Kind::Queueing));
        assert_eq!(service.workers.len(), 4);
        std::thread::scope(|s| {
            for _ in 0..8 {
                s.spawn(|| service.call());
            }
        });
        drop(service); // joins the workers: a hang here would fail the test run
    }
}
