//! The work the experiments split between workers.
//!
//! Everything is CPU-bound busy work from [`labkit::work::spin`], sized in
//! iterations after the kit's calibration, so "a 2 ms task" takes about
//! 2 ms on any machine. Two shapes of work:
//!
//! - [`Job`]: a serial phase followed by many equal parallel pieces: a job
//!   with a serial fraction we choose, for Amdahl's law.
//! - [`skewed_tasks`]: tasks of very different lengths, most short and a few
//!   long, for the experiments on task order and chunk size.

use labkit::work::{Calibration, spin};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::time::Duration;

// ANCHOR: job
/// A job whose serial fraction we choose: `serial` iterations that only one
/// thread can do (think: reading and parsing the input), then `pieces` equal
/// pieces of `piece` iterations each, which any worker can do.
#[derive(Debug, Clone, Copy)]
pub struct Job {
    /// Iterations of the serial phase.
    pub serial: u64,
    /// Iterations of each parallel piece.
    pub piece: u64,
    /// How many parallel pieces.
    pub pieces: usize,
}
// ANCHOR_END: job

impl Job {
    /// A job that takes about `total` on one core, of which the fraction
    /// `serial_fraction` is serial, split into `pieces` parallel pieces.
    pub fn new(cal: &Calibration, total: Duration, serial_fraction: f64, pieces: usize) -> Job {
        let iterations = cal.iterations_for(total);
        let serial = (iterations as f64 * serial_fraction) as u64;
        Job { serial, piece: (iterations - serial) / pieces as u64, pieces }
    }

    /// The serial fraction by construction.
    pub fn serial_fraction(&self) -> f64 {
        self.serial as f64 / (self.serial + self.piece * self.pieces as u64) as f64
    }

    /// The serial phase.
    pub fn serial_phase(&self) -> u64 {
        spin(self.serial)
    }

    /// One parallel piece. Pieces differ only by their index, which goes into
    /// the result so no two pieces can be merged by the optimiser.
    pub fn piece(&self, index: usize) -> u64 {
        spin(self.piece) ^ index as u64
    }
}

/// `count` task lengths in iterations, with a mean of about `mean` each:
/// lengths follow a Pareto-like law (most tasks short, a few very long, the
/// longest about `skew` times the shortest), returned shortest first, the
/// way a listing sorted by size (or files that grow with time) would hand
/// them out.
pub fn skewed_tasks(
    cal: &Calibration,
    count: usize,
    mean: Duration,
    skew: f64,
    seed: u64,
) -> Vec<u64> {
    let mut rng = StdRng::seed_from_u64(seed);
    // u^8 for u uniform in [0, 1) piles values near 0 with a long tail
    // towards 1: a simple, bounded heavy-tailed shape (mean 1/9).
    let raw: Vec<f64> =
        (0..count).map(|_| 1.0 + (skew - 1.0) * rng.random::<f64>().powi(8)).collect();
    let scale = cal.iterations_for(mean) as f64 * count as f64 / raw.iter().sum::<f64>();
    let mut tasks: Vec<u64> = raw.iter().map(|r| (r * scale) as u64).collect();
    tasks.sort_unstable();
    tasks
}

#[cfg(test)]
mod tests {
    use super::*;

    const CAL: Calibration = Calibration { iterations_per_us: 100.0 };

    #[test]
    fn a_job_has_the_serial_fraction_asked_for() {
        let job = Job::new(&CAL, Duration::from_millis(100), 0.1, 64);
        assert!((job.serial_fraction() - 0.1).abs() < 1e-3, "{}", job.serial_fraction());
        assert_eq!(job.pieces, 64);
    }

    #[test]
    fn skewed_tasks_are_sorted_and_keep_their_mean() {
        let tasks = skewed_tasks(&CAL, 200, Duration::from_millis(1), 20.0, 7);
        assert!(tasks.windows(2).all(|w| w[0] <= w[1]));
        let mean = tasks.iter().sum::<u64>() as f64 / 200.0;
        assert!((mean / 100_000.0 - 1.0).abs() < 0.01, "{mean}");
        let (min, max) = (tasks[0] as f64, tasks[199] as f64);
        assert!(max / min > 5.0 && max / min <= 20.0, "{min}..{max}");
    }

    #[test]
    fn most_tasks_are_shorter_than_the_mean() {
        let tasks = skewed_tasks(&CAL, 500, Duration::from_millis(1), 20.0, 1);
        assert!(tasks[250] < 100_000, "the median is below the mean in a long tail");
    }

    #[test]
    fn the_same_seed_gives_the_same_tasks() {
        let a = skewed_tasks(&CAL, 50, Duration::from_millis(1), 10.0, 3);
        assert_eq!(a, skewed_tasks(&CAL, 50, Duration::from_millis(1), 10.0, 3));
        assert_ne!(a, skewed_tasks(&CAL, 50, Duration::from_millis(1), 10.0, 4));
    }
}
