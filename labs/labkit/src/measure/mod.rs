//! Measuring: warm-up, repetitions, the median and the spread.
//!
//! A single timing on a shared machine is an anecdote. Every number a lab
//! reports is the median of several runs, with the quartiles and extremes
//! kept so a figure can show how much the runs disagreed.
//!
//! - [`Stats`] summarises a set of samples (any unit).
//! - [`sample`] runs a closure after a warm-up and keeps every run's time
//!   ([`Samples`]): each goes into the CSV, their [`Stats`] into the figure.
//! - [`timed`] times one call and keeps its result.
//! - [`quantile`] and [`percentile`] read a distribution (a p99 of
//!   latencies, say) when the spread itself is the finding.
//! - [`calibrate`] (`measure/calibrate.rs`): [`sample_units`] sizes each
//!   sample to last at least a minimum time (10 ms by default), so that a
//!   fast operation is timed over many repetitions, not one timer tick.
//! - [`compare`] (`measure/compare.rs`): whether two measured points can be
//!   told apart, given their spread ([`Comparison`]), and which points of a
//!   curve cannot be told from their neighbours ([`unresolved`]).

mod calibrate;
mod compare;

pub use calibrate::{MIN_SAMPLE, PerUnit, calibrate, sample_units};
pub use compare::{Comparison, TIGHT, compare, unresolved};

use std::time::{Duration, Instant};

/// The summary of repeated measurements of one quantity.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stats {
    /// How many samples were summarised.
    pub n: usize,
    /// The middle sample: the number the labs report.
    pub median: f64,
    /// The smallest sample: the least disturbed run.
    pub min: f64,
    /// The largest sample.
    pub max: f64,
    /// First quartile: a quarter of the samples lie below it.
    pub q1: f64,
    /// Third quartile: a quarter of the samples lie above it.
    pub q3: f64,
}

impl Stats {
    /// Summarises `samples`; `None` when there are none or one is not a number.
    pub fn of(samples: &[f64]) -> Option<Stats> {
        if samples.is_empty() || samples.iter().any(|x| x.is_nan()) {
            return None;
        }
        let mut s = samples.to_vec();
        s.sort_by(f64::total_cmp);
        Some(Stats {
            n: s.len(),
            median: quantile(&s, 0.5),
            min: s[0],
            max: s[s.len() - 1],
            q1: quantile(&s, 0.25),
            q3: quantile(&s, 0.75),
        })
    }

    /// Summarises durations in seconds.
    pub fn of_durations(samples: &[Duration]) -> Option<Stats> {
        Stats::of(&samples.iter().map(Duration::as_secs_f64).collect::<Vec<_>>())
    }

    /// The interquartile range relative to the median, `(q3 - q1) / median`:
    /// 0.05 means the middle half of the runs lie within 5 % of each other.
    /// Infinite when the median is zero and the runs disagree.
    pub fn rel_spread(&self) -> f64 {
        let width = self.q3 - self.q1;
        if width == 0.0 { 0.0 } else { width / self.median.abs() }
    }

    /// The same statistics with every value passed through `f` (a unit change,
    /// or a monotonic transform such as `1/x`, which swaps min and max: they
    /// are put back in order).
    pub fn map(&self, f: impl Fn(f64) -> f64) -> Stats {
        let (a, b) = (f(self.min), f(self.max));
        let (c, d) = (f(self.q1), f(self.q3));
        Stats {
            n: self.n,
            median: f(self.median),
            min: a.min(b),
            max: a.max(b),
            q1: c.min(d),
            q3: c.max(d),
        }
    }
}

/// The `q`-quantile (0 to 1) of sorted samples, interpolating linearly
/// between neighbours; NaN when there are none.
pub fn quantile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let pos = q * (sorted.len() - 1) as f64;
    let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
    sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo as f64)
}

/// The `q`-percentile (0 to 1) of sorted values of any type, by the
/// nearest rank: always one of the values (a measured duration, not an
/// interpolation between two). Panics when there are none.
pub fn percentile<T: Copy>(sorted: &[T], q: f64) -> T {
    assert!(!sorted.is_empty(), "the percentile of no values");
    let rank = (q * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// Times one call of `f`, returning its result and how long it took.
pub fn timed<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let start = Instant::now();
    let value = f();
    (value, start.elapsed())
}

/// The time of every measured run, in order.
#[derive(Debug, Clone, PartialEq)]
pub struct Samples(pub Vec<Duration>);

impl Samples {
    /// The summary in seconds.
    pub fn stats(&self) -> Stats {
        Stats::of_durations(&self.0).expect("at least one run")
    }

    /// `(run number, seconds)` for each run, for a CSV row per run.
    pub fn seconds(&self) -> impl Iterator<Item = (usize, f64)> + '_ {
        self.0.iter().map(Duration::as_secs_f64).enumerate()
    }
}

/// Runs `f` `warmup` times untimed (caches, page faults, thread start-up,
/// CPU frequency), then `runs` times timed, and keeps every timing. `runs`
/// must be at least one.
pub fn sample(warmup: u32, runs: u32, mut f: impl FnMut()) -> Samples {
    assert!(runs >= 1, "measuring needs at least one run");
    for _ in 0..warmup {
        f();
    }
    Samples((0..runs).map(|_| timed(&mut f).1).collect())
}

#[cfg(test)]
mod tests {
    #[test]
    fn quantiles_interpolate_and_percentiles_pick_a_value() {
        let v = [1.0, 2.0, 3.0, 4.0, 5.0];
        assert_eq!(quantile(&v, 0.5), 3.0);
        assert_eq!(quantile(&v, 0.99), 4.96);
        assert!(quantile(&[], 0.5).is_nan());
        let d = [10u32, 20, 30, 40];
        assert_eq!((percentile(&d, 0.5), percentile(&d, 0.99), percentile(&d, 0.0)), (20, 40, 10));
    }

    use super::*;

    #[test]
    fn median_and_quartiles_of_an_odd_count() {
        let s = Stats::of(&[5.0, 1.0, 3.0, 2.0, 4.0]).unwrap();
        assert_eq!((s.n, s.median, s.min, s.max), (5, 3.0, 1.0, 5.0));
        assert_eq!((s.q1, s.q3), (2.0, 4.0));
    }

    #[test]
    fn median_of_an_even_count_interpolates() {
        let s = Stats::of(&[4.0, 1.0, 2.0, 3.0]).unwrap();
        assert_eq!(s.median, 2.5);
    }

    #[test]
    fn no_samples_or_nan_give_none() {
        assert!(Stats::of(&[]).is_none());
        assert!(Stats::of(&[1.0, f64::NAN]).is_none());
    }

    #[test]
    fn an_outlier_moves_the_max_not_the_median() {
        let s = Stats::of(&[1.0, 1.0, 1.0, 1.0, 100.0]).unwrap();
        assert_eq!(s.median, 1.0);
        assert_eq!(s.max, 100.0);
    }

    #[test]
    fn map_keeps_min_below_max_for_decreasing_transforms() {
        let s = Stats::of(&[1.0, 2.0, 4.0]).unwrap().map(|x| 1.0 / x);
        assert_eq!((s.min, s.median, s.max), (0.25, 0.5, 1.0));
        assert!(s.q1 <= s.q3);
    }

    #[test]
    fn sample_warms_up_then_times_each_run() {
        let mut calls = 0;
        let s = sample(2, 3, || calls += 1).stats();
        assert_eq!(calls, 5);
        assert_eq!(s.n, 3);
        assert!(s.min >= 0.0 && s.min <= s.max);
    }

    #[test]
    fn sample_keeps_every_run_in_order() {
        let mut calls = 0u64;
        let samples = sample(1, 4, || {
            calls += 1;
            std::thread::sleep(Duration::from_micros(100 * calls));
        });
        assert_eq!((calls, samples.0.len()), (5, 4));
        let seconds: Vec<(usize, f64)> = samples.seconds().collect();
        assert_eq!(seconds.iter().map(|s| s.0).collect::<Vec<_>>(), [0, 1, 2, 3]);
        assert!(seconds.iter().all(|&(_, s)| s >= 0.000_2), "each run slept at least 0.2 ms");
        assert_eq!(samples.stats().n, 4);
    }

    #[test]
    fn timed_returns_the_value() {
        let (v, d) = timed(|| 6 * 7);
        assert_eq!(v, 42);
        assert!(d < Duration::from_secs(5));
    }
}
