//! Load: client threads sending requests to a service through a semaphore,
//! and what each request went through.
//!
//! A closed loop: each of `clients` threads sends a request, waits for the
//! answer, and sends the next one at once, until the run stops. Before each
//! request it takes a permit, so at most `k` requests are at the service.
//! Each request is timed in two parts: *waiting* for a permit, then *in
//! service* (which, for a queueing service, includes its own queue).
//!
//! A run's first stretch is skipped: all clients start together, so the
//! first requests meet an empty service. [`Run::window`] summarises the rest:
//! the requests *completed* in the window give the throughput, the requests
//! *sent* in it their latencies (each is waited for, however long it takes).

use crate::minimal::MinimalSemaphore;
use crate::semaphore::Semaphore;
use crate::service::Service;
use std::time::{Duration, Instant};

/// A semaphore the clients can go through: runs `f` holding a permit.
pub trait Limit: Sync {
    /// Takes a permit, runs `f`, gives the permit back.
    fn hold<R>(&self, f: impl FnOnce() -> R) -> R;
}

impl Limit for Semaphore {
    fn hold<R>(&self, f: impl FnOnce() -> R) -> R {
        let _permit = self.acquire();
        f()
    }
}

impl Limit for MinimalSemaphore {
    fn hold<R>(&self, f: impl FnOnce() -> R) -> R {
        self.acquire();
        let result = f();
        self.release();
        result
    }
}

/// One request, as its client saw it.
#[derive(Clone, Copy, Debug)]
pub struct Request {
    /// When the client wanted to send it (and started waiting for a permit).
    pub sent: Instant,
    /// When it got a permit and reached the service.
    pub admitted: Instant,
    /// When the service answered.
    pub done: Instant,
}

/// Every request of a run, client by client, and when the run started.
pub struct Run {
    /// When the clients were started.
    pub start: Instant,
    /// Each client's requests, in the order it sent them.
    pub clients: Vec<Vec<Request>>,
}

// ANCHOR: client
/// Runs `clients` threads against `service` through `permits` until `stop`
/// (from now); requests sent before then are waited for.
pub fn closed_loop(service: &Service, permits: &impl Limit, clients: usize, stop: Duration) -> Run {
    let start = Instant::now();
    let stop = start + stop;
    let clients = std::thread::scope(|s| {
        let threads: Vec<_> = (0..clients)
            .map(|_| {
                s.spawn(move || {
                    let mut requests = Vec::with_capacity(1024);
                    while Instant::now() < stop {
                        let sent = Instant::now();
                        let (admitted, done) = permits.hold(|| {
                            let admitted = Instant::now();
                            service.call();
                            (admitted, Instant::now())
                        });
                        requests.push(Request { sent, admitted, done });
                    }
                    requests
                })
            })
            .collect();
        threads.into_iter().map(|t| t.join().expect("a client panicked")).collect()
    });
    Run { start, clients }
}
// ANCHOR_END: client

/// What a run did in its measured window.
#[derive(Clone, Debug, PartialEq)]
pub struct Window {
    /// Requests completed in the window, per second.
    pub throughput: f64,
    /// Latencies of the requests sent in the window, in seconds, each part
    /// sorted: waiting for a permit, in service, and the two together.
    pub waiting: Vec<f64>,
    /// See `waiting`.
    pub in_service: Vec<f64>,
    /// See `waiting`.
    pub total: Vec<f64>,
}

impl Run {
    /// The window from `skip` after the start, `length` long.
    pub fn window(&self, skip: Duration, length: Duration) -> Window {
        let (from, to) = (self.start + skip, self.start + skip + length);
        let all = || self.clients.iter().flatten();
        let done = all().filter(|r| r.done >= from && r.done < to).count();
        let sent: Vec<&Request> = all().filter(|r| r.sent >= from && r.sent < to).collect();
        let part = |f: fn(&Request) -> Duration| {
            let mut v: Vec<f64> = sent.iter().map(|r| f(r).as_secs_f64()).collect();
            v.sort_by(f64::total_cmp);
            v
        };
        Window {
            throughput: done as f64 / length.as_secs_f64(),
            waiting: part(|r| r.admitted - r.sent),
            in_service: part(|r| r.done - r.admitted),
            total: part(|r| r.done - r.sent),
        }
    }

    /// How many requests each client completed in the window.
    pub fn per_client(&self, skip: Duration, length: Duration) -> Vec<usize> {
        let (from, to) = (self.start + skip, self.start + skip + length);
        let in_window = |r: &&Request| r.done >= from && r.done < to;
        self.clients.iter().map(|c| c.iter().filter(in_window).count()).collect()
    }

    /// The longest any request of the run waited for a permit, in seconds.
    pub fn longest_wait(&self) -> f64 {
        let waits = self.clients.iter().flatten().map(|r| (r.admitted - r.sent).as_secs_f64());
        waits.fold(0.0, f64::max)
    }
}

/// The mean of values; NaN if empty.
pub fn mean(values: &[f64]) -> f64 {
    values.iter().sum::<f64>() / values.len() as f64
}

#[cfg(all(test, not(any(feature = "loom", feature = "shuttle"))))]
mod tests {
    use super::*;
    use crate::service::{Kind, Spec};

    #[test]
    fn a_closed_loop_keeps_at_most_k_at_the_service_and_waits_for_every_request() {
        let spec = Spec {
            kind: Kind::Degrading,
            capacity: 2,
            service_time: Duration::from_millis(1),
            overload: 0.0,
        };
        let service = Service::new(spec);
        let permits = Semaphore::new(2);
        let run = closed_loop(&service, &permits, 6, Duration::from_millis(30));
        let requests: Vec<Request> = run.clients.iter().flatten().copied().collect();
        assert_eq!(run.clients.len(), 6);
        assert!(!requests.is_empty());
        assert_eq!(permits.available(), 2);
        for r in &requests {
            assert!(r.sent <= r.admitted && r.admitted <= r.done);
        }
        // At any request's admission, at most 2 requests are between admitted and done.
        for r in &requests {
            let at = r.admitted;
            let inside = requests.iter().filter(|o| o.admitted <= at && at < o.done).count();
            assert!(inside <= 2, "{inside} requests at the service at once");
        }
        let w = run.window(Duration::ZERO, Duration::from_millis(30));
        assert_eq!(w.waiting.len(), w.total.len());
        assert!(w.throughput > 0.0);
        let per_client = run.per_client(Duration::ZERO, Duration::from_millis(30));
        let counted = per_client.iter().sum::<usize>() as f64;
        assert!((counted - w.throughput * 0.030).abs() < 1e-6, "{counted} vs {}", w.throughput);
    }
}
