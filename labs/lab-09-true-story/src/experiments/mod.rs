//! The chapter's experiments, one module each, in the order they run. Each
//! measures, prints its table, writes its CSV and figure through the kit,
//! and records the numbers and claims the chapter quotes.
//!
//! | module | what it shows |
//! | --- | --- |
//! | [`throughput`] | profiles per second against workers, for each of the three versions |
//! | [`in_flight`] | profiles read but not done: bounded queue, unbounded queue, the pool |
//! | [`notice`] | from a worker's panic to the feeder noticing |
//! | [`ending`] | the notebook's `while qsize(): sleep()` against `join`: time wasted at the end |
//! | [`idle`] | workers that quit on an empty `get(timeout)`: profiles left behind, and the fix |
//! | [`limit`] | a service that refuses more than 170 requests a second: the sequential pacing against the pool |
//! | [`nested`] | a task waiting on its own pool: the deadlock, rayon's join, the fix |

pub mod ending;
pub mod idle;
pub mod in_flight;
pub mod limit;
pub mod nested;
pub mod notice;
pub mod throughput;

use crate::refresh::Refresh;
use crate::service::{Faults, Service};
use labkit::measure::Stats;
use std::sync::Arc;
use std::time::Duration;

/// What the experiments need besides the lab context.
pub struct Settings {
    /// Profiles in the corpus of the throughput experiment.
    pub profiles: usize,
    /// Worker counts for the throughput experiment, ascending.
    pub workers: Vec<usize>,
    /// The service's latency and faults.
    pub faults: Faults,
}

/// The faults every experiment on the service meets: 1 ms a request, one
/// profile in 37 answered 503, one in 101 slower than the 50 ms timeout.
pub fn faults() -> Faults {
    Faults {
        latency: Duration::from_millis(1),
        fail_every: 37,
        slow_every: 101,
        timeout: Duration::from_millis(50),
        rate_limit: None,
    }
}

/// A refresh that asks `service`.
pub fn asking(service: &Arc<Service>) -> Arc<Refresh> {
    let service = Arc::clone(service);
    Arc::new(move |p| service.refresh(p))
}

/// Profiles per second over `runs` timed runs of `run` on `profiles` profiles.
pub fn rate(runs: u32, profiles: usize, mut run: impl FnMut()) -> Stats {
    labkit::measure::sample(0, runs.max(1), &mut run).stats().map(|s| profiles as f64 / s)
}
