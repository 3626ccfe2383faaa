//! The JSON object `python/lock_gil.py` prints, as the lab reads it.

use labkit::measure::Stats;
use serde::Deserialize;

/// What `lock_gil.py` prints.
#[derive(Deserialize)]
pub(super) struct Report {
    /// Python's version, e.g. `3.11.7`.
    pub(super) python: String,
    /// Whether the interpreter ran with the GIL.
    pub(super) gil: bool,
    /// `sys.getswitchinterval()`: how often CPython asks the running thread to let go.
    pub(super) switch_interval_s: f64,
    /// The one-thread timings.
    pub(super) lock: LockTimes,
    /// The lost-update counts, one entry per form of the increment.
    pub(super) counter: Vec<Form>,
}

/// `with lock: counter += 1` and `counter += 1` alone, in calibrated samples.
#[derive(Deserialize)]
pub(super) struct LockTimes {
    /// With the lock.
    pub(super) locked: Calibrated,
    /// Without it: the loop and the increment.
    pub(super) bare: Calibrated,
}

/// Samples of `units` iterations each.
#[derive(Deserialize)]
pub(super) struct Calibrated {
    /// Iterations per sample.
    pub(super) units: u64,
    /// Each sample's time, in seconds.
    pub(super) seconds: Vec<f64>,
}

impl Calibrated {
    /// Seconds per iteration, over the samples.
    pub(super) fn per_unit(&self) -> Option<Stats> {
        let per: Vec<f64> = self.seconds.iter().map(|s| s / self.units as f64).collect();
        Stats::of(&per)
    }
}

/// One form of the increment, run by several threads.
#[derive(Deserialize)]
pub(super) struct Form {
    /// The Python line, e.g. `counter += 1`.
    pub(super) form: String,
    /// Threads incrementing at once.
    pub(super) threads: usize,
    /// Increments made in each run, all threads together.
    pub(super) made: Vec<u64>,
    /// Increments lost in each run.
    pub(super) lost: Vec<u64>,
}
