//! The chapter's experiments, one module each, in the order they run. Each
//! measures, prints its table, writes its CSV and figures through the kit,
//! and records the numbers and claims the chapter quotes.
//!
//! | module | what it shows |
//! | --- | --- |
//! | [`overhead`] | cost per task against task size: thread per task, this pool, rayon, crossbeam; where each pays off |
//! | [`order`] | ordered `imap` against `imap_unordered` on skewed tasks: first result, results held, total; timelines |
//! | [`chunksize`] | the pool's cost per message: cost per tiny task against chunk size |
//! | [`urls`] | the notebook's `ThreadPool(4).map(urlopen, urls)` on chapter 01's local server: this pool against rayon |
//! | [`blocked`] | blocking fetches inside rayon's pool, and a CPU job beside them |
//! | [`python`] | `multiprocessing.dummy.Pool` on the same server, and its cost per tiny task |
//! | [`shutdown`] | poison pills counted right and wrong, skipped by an error, a drop that closes; a panic; terminate |
//!
//! `shutdown` leaves stuck threads behind on purpose (blocked, using no
//! CPU, ended with the process), so it runs last.

pub mod blocked;
pub mod chunksize;
pub mod order;
pub mod overhead;
pub mod python;
pub mod shutdown;
pub mod urls;

use std::time::Duration;

/// What the experiments need besides the lab context.
pub struct Settings {
    /// Threads in each pool of the CPU experiments.
    pub workers: usize,
    /// Task sizes for the overhead experiment, ascending.
    pub sizes: Vec<Duration>,
    /// URLs fetched per batch in the URL experiments.
    pub urls: usize,
    /// The local server's latency per request.
    pub latency: Duration,
    /// The Python interpreter, or why there is none.
    pub python: labkit::python::Python,
    /// The cost per tiny task through `imap_unordered` with chunks of 1,
    /// once measured: the chunk size experiment's first point, which the
    /// Python experiment sets beside CPython's same call.
    pub chunk_1: std::cell::OnceCell<labkit::measure::Stats>,
}

/// `"12.3 µs"`, `"4.56 ms"`: a duration given in seconds, three digits.
pub fn time(seconds: f64) -> String {
    labkit::report::duration(Duration::from_secs_f64(seconds.max(0.0)))
}

/// `"1 µs"`, `"10 ms"`: a task size as the tables and keys name it.
pub fn size_label(size: Duration) -> String {
    let us = size.as_secs_f64() * 1e6;
    if us >= 1000.0 {
        format!("{} ms", (us / 1000.0).round())
    } else {
        format!("{} µs", us.round())
    }
}

/// `"1us"`, `"10ms"`: a task size in a result key.
pub fn size_key(size: Duration) -> String {
    size_label(size).replace(' ', "").replace('µ', "u")
}
