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

use crate::corpus::Profile;
use crate::tally::Tally;
use lab_01_threads::client::{FetchError, agent, fetch};
use lab_01_threads::server::{Defaults, LocalServer, RateLimit};
use std::time::Duration;

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
    /// One HTTP client for every thread (it is `Sync`).
    agent: ureq::Agent,
}

impl Service {
    /// Starts the local server.
    pub fn start(faults: Faults) -> anyhow::Result<Service> {
        let defaults = Defaults { latency: faults.latency, bytes: 256 };
        let server = match faults.rate_limit {
            Some(limit) => LocalServer::start_limited(defaults, limit)?,
            None => LocalServer::start(defaults)?,
        };
        Ok(Service { server, faults, agent: agent(faults.timeout) })
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
        match fetch(&self.agent, &self.url(profile.id)) {
            Ok(_) => Tally { refreshed: 1, ..Tally::default() },
            Err(FetchError::Timeout) => Tally { timed_out: 1, ..Tally::default() },
            Err(FetchError::Status(429)) => Tally { rate_limited: 1, ..Tally::default() },
            Err(_) => Tally { failed: 1, ..Tally::default() },
        }
    }
}
