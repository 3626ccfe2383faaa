//! The chapter's experiments, one module each. Each measures, prints its
//! table, writes its CSV and figures through the kit, and records the
//! numbers the chapter quotes.
//!
//! | module | what it shows |
//! | --- | --- |
//! | [`pool`] | a download pool: threads waiting for permits, never more than `k` downloading |
//! | [`throughput`] | requests/s against permits for a queueing and a degrading service |
//! | [`latency`] | where a request's time goes: waiting for a permit, or in service |
//! | [`fairness`] | who gets the permits: the notebook's semaphore against the chapter's |
//! | [`cost`] | what a permit costs when nobody waits, against a plain mutex |
//! | [`flaws`] | `if` instead of `while`, and a release that wakes nobody, shown on real threads |

pub mod cost;
pub mod fairness;
pub mod flaws;
pub mod latency;
pub mod pool;
pub mod throughput;

use std::time::Duration;

/// What the experiments share, from the command line.
pub struct Settings {
    /// Permit counts `k` for the throughput sweep, ascending.
    pub permits: Vec<usize>,
    /// Client threads sending requests.
    pub clients: usize,
    /// The simulated service's capacity `C`.
    pub capacity: usize,
    /// The simulated service's time per request `T`, within its capacity.
    pub service_time: Duration,
    /// The degrading service's extra time per request beyond capacity, as a fraction of `T`.
    pub overload: f64,
}
