//! The chapter's experiments, one module each, in the order the chapter
//! tells them. Each measures, prints its table, writes its CSV and figures
//! through the kit, and records the numbers the chapter quotes.
//!
//! | module | what it measures |
//! | --- | --- |
//! | [`strategies`] | N pages fetched sequentially, a thread per URL (spawn, scoped), a pool, workers writing one file, and workers that hold the list's lock; a timeline of the last two |
//! | [`workers`] | wall time against the number of workers, next to the latency model |
//! | [`errors`] | failed requests handled, and what the notebook's loop does with them (in Python) |
//! | [`cpu`] | CPU-bound work in Rust threads and in Python threads, next to the I/O-bound fetches |

pub mod cpu;
pub mod errors;
pub mod strategies;
pub mod workers;

use crate::server::{Defaults, LocalServer};
use labkit::measure::Stats;
use labkit::python::Python;
use std::time::Duration;

/// What every experiment needs besides the lab context.
pub struct Settings {
    /// How many pages a run fetches (N).
    pub urls: usize,
    /// The server's answer time for each page (L).
    pub latency: Duration,
    /// The size of each page's body, in bytes.
    pub body: usize,
    /// Worker counts for the wall time against workers, ascending.
    pub workers: Vec<usize>,
    /// Thread counts for the CPU-bound comparison, ascending.
    pub cpu_threads: Vec<usize>,
    /// How long the CPU-bound work takes on one thread, in each language.
    pub cpu_work: Duration,
    /// The Python interpreter, or why there is none to use.
    pub python: Python,
}

impl Settings {
    /// A local server answering pages with this run's latency and body size.
    pub fn server(&self) -> anyhow::Result<LocalServer> {
        LocalServer::start(Defaults { latency: self.latency, bytes: self.body })
    }

    /// The URLs of pages `0..n` on `server`.
    pub fn pages(&self, server: &LocalServer, n: usize) -> Vec<String> {
        (0..n).map(|i| server.page_url(i)).collect()
    }
}

/// A time in seconds, as milliseconds with one decimal.
pub fn ms(seconds: f64) -> String {
    format!("{:.1} ms", seconds * 1e3)
}

/// The speedup `base / t` of each time, as statistics (the fastest run
/// gives the largest speedup).
pub fn speedup(base: f64, time: &Stats) -> Stats {
    time.map(|t| base / t)
}
