//! The profile service: chapter 01's local HTTP server on 127.0.0.1, with
//! a latency per request, and faults chosen by profile id so that every
//! run and every version meets the same ones:
//!
//! | profile id | request | outcome |
//! | --- | --- | --- |
//! | multiple of `fail_every` | `/status/503` | an error status: counted as failed |
//! | multiple of `slow_every` | a page slower than the client's timeout | counted as timed out |
//! | any other | `/page/<id>` | refreshed |
//!
//! With a rate limit (`Faults::rate_limit`), the server also refuses every
//! request beyond it with 429 at once (chapter 01's token bucket): counted
//! as rate-limited, never lost.
//!
//! Every thread that asks the service gets an HTTP client of its own
//! ([`Service::refresh`] opens it on the thread's first request and keeps
//! it for the thread's life): one connection per worker, as the notebook's
//! workers each hold one, instead of one client shared by all.

use crate::corpus::Profile;
use crate::tally::Tally;
use lab_01_threads::client::{FetchError, agent, fetch};
use lab_01_threads::server::{Defaults, LocalServer, RateLimit};
use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering::Relaxed};
use std::time::Duration;

/// The number the next service gets, to tell a thread's clients apart.
static NEXT_SERVICE: AtomicU64 = AtomicU64::new(1);

thread_local! {
    /// This thread's own clients, one per service it has asked:
    /// (the service's number, the client's number, the client).
    static CLIENTS: RefCell<Vec<(u64, usize, ureq::Agent)>> = const { RefCell::new(Vec::new()) };
}

/// What the service does, and its faults.
#[derive(Debug, Clone, Copy)]
pub struct Faults {
    /// The latency of an ordinary request.
    pub latency: Duration,
    /// Every `fail_every`-th profile gets an error status (0 = none).
    pub fail_every: u64,
    /// Every `slow_every`-th profile is slower than the timeout (0 = none).
    pub slow_every: u64,
    /// How long the client waits for an answer.
    pub timeout: Duration,
    /// The most requests per second the service accepts (None: no limit).
    pub rate_limit: Option<RateLimit>,
}

/// The running service and a client for it.
pub struct Service {
    /// The local server; stopped when dropped.
    server: LocalServer,
    /// The faults it serves.
    faults: Faults,
    /// This service's number, the key of the threads' clients.
    id: u64,
    /// Clients opened so far, one per thread that asked.
    clients: AtomicUsize,
}

impl Service {
    /// Starts the local server.
    pub fn start(faults: Faults) -> anyhow::Result<Service> {
        let defaults = Defaults { latency: faults.latency, bytes: 256 };
        let server = match faults.rate_limit {
            Some(limit) => LocalServer::start_limited(defaults, limit)?,
            None => LocalServer::start(defaults)?,
        };
        let id = NEXT_SERVICE.fetch_add(1, Relaxed);
        Ok(Service { server, faults, id, clients: AtomicUsize::new(0) })
    }

    // ANCHOR: client
    /// The calling thread's own client: opened on its first request, then
    /// reused, so a worker keeps one connection (one more only when a
    /// timed-out request forces a fresh one). Returns its number too.
    pub fn client(&self) -> (usize, ureq::Agent) {
        CLIENTS.with_borrow_mut(|mine| {
            if let Some((_, number, client)) = mine.iter().find(|c| c.0 == self.id) {
                return (*number, client.clone());
            }
            let number = self.clients.fetch_add(1, Relaxed);
            let client = agent(self.faults.timeout);
            mine.push((self.id, number, client.clone()));
            (number, client)
        })
    }
    // ANCHOR_END: client

    /// How many clients have been opened: one per thread that has asked.
    pub fn clients_opened(&self) -> usize {
        self.clients.load(Relaxed)
    }

    /// The URL profile `id` is refreshed at.
    pub fn url(&self, id: u64) -> String {
        let f = self.faults;
        if f.fail_every > 0 && id.is_multiple_of(f.fail_every) {
            self.server.status_url(503)
        } else if f.slow_every > 0 && id.is_multiple_of(f.slow_every) {
            self.server.page_url_with(id as usize, f.timeout * 3, 256)
        } else {
            self.server.page_url(id as usize)
        }
    }

    /// Handles one profile: a request if it needs one, counted either way.
    pub fn refresh(&self, profile: &Profile) -> Tally {
        if !profile.needs_refresh() {
            return Tally { skipped: 1, ..Tally::default() };
        }
        let (_, client) = self.client();
        match fetch(&client, &self.url(profile.id)) {
            Ok(_) => Tally { refreshed: 1, ..Tally::default() },
            Err(FetchError::Timeout) => Tally { timed_out: 1, ..Tally::default() },
            Err(FetchError::Status(429)) => Tally { rate_limited: 1, ..Tally::default() },
            Err(_) => Tally { failed: 1, ..Tally::default() },
        }
    }
}

impl Drop for Service {
    /// Closes the calling thread's client (other threads' clients go with
    /// their threads).
    fn drop(&mut self) {
        let _ = CLIENTS.try_with(|c| c.borrow_mut().retain(|c| c.0 != self.id));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quiet() -> Faults {
        Faults {
            latency: Duration::ZERO,
            fail_every: 0,
            slow_every: 0,
            timeout: Duration::from_secs(5),
            rate_limit: None,
        }
    }

    #[test]
    fn every_thread_gets_a_client_of_its_own_and_keeps_it() {
        let service = Service::start(quiet()).unwrap();
        let profile = Profile { id: 3, incomplete: true, refreshed_days_ago: 30 };
        let numbers: Vec<(usize, usize)> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..3)
                .map(|_| {
                    s.spawn(|| {
                        let first = service.client().0;
                        assert_eq!(service.refresh(&profile).refreshed, 1);
                        (first, service.client().0)
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        for (first, again) in &numbers {
            assert_eq!(first, again, "a thread keeps its client");
        }
        let mut distinct: Vec<usize> = numbers.iter().map(|n| n.0).collect();
        distinct.sort_unstable();
        distinct.dedup();
        assert_eq!(distinct.len(), 3, "three threads, three clients: {numbers:?}");
        assert_eq!(service.clients_opened(), 3);
    }
}
