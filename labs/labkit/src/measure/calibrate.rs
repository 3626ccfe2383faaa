//! Samples long enough to trust.
//!
//! Timing one fast operation measures the clock, the timer interrupt and
//! whatever else the machine did in that microsecond. [`sample_units`]
//! first [`calibrate`]s: it finds how many units of work (iterations,
//! items, round trips) one sample must do to last at least a minimum time
//! ([`MIN_SAMPLE`], 10 ms, unless a lab says why not), then times that many
//! units in every run. The result ([`PerUnit`]) is reported per unit.

use super::{Samples, Stats, timed};
use std::time::Duration;

/// The shortest sample the kit aims for by default.
pub const MIN_SAMPLE: Duration = Duration::from_millis(10);

/// The most units a calibration will try: a guard against work that does
/// not grow with the count it is given.
const MAX_UNITS: u64 = 1 << 40;

/// Runs `work(n)` with a growing `n`, starting at `start`, until one call
/// lasts at least `min`; returns that `n`. The calls made while searching
/// also warm the work up.
pub fn calibrate(min: Duration, start: u64, mut work: impl FnMut(u64)) -> u64 {
    let mut units = start.max(1);
    loop {
        let ((), took) = timed(|| work(units));
        if took >= min || units >= MAX_UNITS {
            return units;
        }
        // Aim a little past the target, growing at least 2× and at most 100× a step.
        let wanted = min.as_secs_f64() * 1.2 / took.as_secs_f64().max(1e-9);
        let factor = wanted.clamp(2.0, 100.0);
        units = ((units as f64 * factor).ceil() as u64).min(MAX_UNITS);
    }
}

/// Calibrated samples: each of `runs` samples did `units` units of work.
#[derive(Debug, Clone, PartialEq)]
pub struct PerUnit {
    /// How many units each sample did.
    pub units: u64,
    /// The time of each whole sample.
    pub samples: Samples,
}

impl PerUnit {
    /// Seconds per unit, over the samples.
    pub fn per_unit(&self) -> Stats {
        let units = self.units as f64;
        self.samples.stats().map(|t| t / units)
    }

    /// Units per second, over the samples.
    pub fn rate(&self) -> Stats {
        let units = self.units as f64;
        self.samples.stats().map(|t| units / t)
    }

    /// `(run number, seconds per unit)` for each run, for a CSV row per run.
    pub fn per_unit_seconds(&self) -> impl Iterator<Item = (usize, f64)> + '_ {
        let units = self.units as f64;
        self.samples.seconds().map(move |(run, s)| (run, s / units))
    }
}

/// Calibrates `work` to samples of at least `min`, then times `runs`
/// samples of that many units. `work(n)` must do `n` units.
///
/// Calibration trusts one call, and a call the machine slowed down (the
/// thread was preempted) makes the count too small. So if the timed
/// samples' median comes out below `min`, the count is scaled up from what
/// the samples took and they are timed again (at most five times more).
pub fn sample_units(min: Duration, runs: u32, mut work: impl FnMut(u64)) -> PerUnit {
    assert!(runs >= 1, "measuring needs at least one run");
    let mut units = calibrate(min, 1, &mut work);
    let mut tries = 0;
    loop {
        let samples = Samples((0..runs).map(|_| timed(|| work(units)).1).collect());
        let median = samples.stats().median;
        tries += 1;
        if median >= min.as_secs_f64() || tries == 6 || units >= MAX_UNITS {
            return PerUnit { units, samples };
        }
        let factor = (min.as_secs_f64() * 1.2 / median.max(1e-9)).clamp(1.1, 100.0);
        units = ((units as f64 * factor).ceil() as u64).min(MAX_UNITS);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calibration_grows_until_a_call_lasts_long_enough() {
        // A sleep lasts what it asks for plus what the machine adds, so the
        // test checks how long the calls lasted, not how many units that
        // took (a quiet machine's sleeps overrun less: 196 units did it).
        let mut calls = Vec::new();
        let units = calibrate(Duration::from_millis(2), 1, |n| {
            let ((), took) = timed(|| std::thread::sleep(Duration::from_micros(10 * n)));
            calls.push((n, took));
        });
        let (last, took) = *calls.last().unwrap();
        assert_eq!(last, units);
        // Timed from inside, the call is a little shorter than calibration saw.
        assert!(took >= Duration::from_micros(1800), "the last call lasted {took:?}");
        assert!(calls.len() >= 2, "one sleep of 10 µs cannot last 2 ms: {calls:?}");
        let calls: Vec<u64> = calls.iter().map(|(n, _)| *n).collect();
        assert!(calls.windows(2).all(|w| w[1] >= 2 * w[0]), "each try grows: {calls:?}");
    }

    #[test]
    fn samples_shorter_than_the_minimum_are_taken_again_with_more_units() {
        // The first call is slowed (as by a preemption): calibration stops
        // at too few units, and the timed samples come out short.
        let mut first = true;
        let per = sample_units(Duration::from_millis(5), 3, |n| {
            let slow = if first { Duration::from_millis(6) } else { Duration::ZERO };
            first = false;
            std::thread::sleep(slow + Duration::from_micros(10 * n));
        });
        // Calibration stopped at one unit (its one call was slow); the
        // samples were taken again with more. How many more depends on
        // what a sleep costs beyond what it asks for on this machine (a
        // quiet one ended at 491 units of 10 µs plus overhead), so the
        // test asks only that the count grew and the samples are now long
        // enough.
        assert!(per.units > 1, "re-timed with more units: {per:?}");
        assert!(per.samples.stats().median >= 0.005, "{per:?}");
    }

    #[test]
    fn work_that_ignores_its_count_stops_at_the_cap() {
        assert_eq!(calibrate(Duration::from_secs(3600), 1, |_| {}), MAX_UNITS);
    }

    #[test]
    fn per_unit_and_rate_divide_by_the_units() {
        let p = PerUnit {
            units: 1000,
            samples: Samples(vec![Duration::from_millis(10), Duration::from_millis(20)]),
        };
        assert!((p.per_unit().median - 15e-6).abs() < 1e-12);
        assert!((p.rate().max - 100_000.0).abs() < 1e-6);
        assert_eq!(p.per_unit_seconds().count(), 2);
    }

    #[test]
    fn sample_units_times_each_run_with_the_calibrated_count() {
        let mut seen = Vec::new();
        let p = sample_units(Duration::from_millis(1), 3, |n| {
            seen.push(n);
            std::thread::sleep(Duration::from_micros(50 * n));
        });
        assert_eq!(p.samples.0.len(), 3);
        assert!(seen.ends_with(&[p.units, p.units, p.units]));
        // A sleep lasts at least what it asks for, so once the samples are
        // re-timed with enough units their median cannot fall short; one
        // sample slowed by a busy machine can no longer fail the test.
        assert!(p.samples.stats().median >= 0.001, "{p:?}");
    }
}
