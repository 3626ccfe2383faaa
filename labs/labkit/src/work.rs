//! Calibrated CPU-bound work.
//!
//! Labs need work that keeps a core busy for a known time, whatever the
//! machine: a fixed loop count would take 5 ms on one laptop and 20 ms on
//! another, and the lab's run time would drift with it. [`spin`] is a loop the
//! optimiser cannot remove; [`Calibration`] measures how many of its
//! iterations this machine does per microsecond, so a lab asks for
//! "2 ms of work" and gets it.

use std::hint::black_box;
use std::time::{Duration, Instant};

/// Burns CPU for `iterations` steps of an integer hash (xorshift-multiply)
/// and returns the hash, so the work cannot be optimised away.
pub fn spin(iterations: u64) -> u64 {
    let mut x = black_box(0x9E37_79B9_7F4A_7C15_u64);
    for _ in 0..iterations {
        x ^= x >> 33;
        x = x.wrapping_mul(0xFF51_AFD7_ED55_8CCD);
    }
    black_box(x)
}

/// How fast this machine runs [`spin`].
#[derive(Debug, Clone, Copy)]
pub struct Calibration {
    /// Iterations of [`spin`] per microsecond on one core.
    pub iterations_per_us: f64,
}

impl Calibration {
    /// Times [`spin`] for about 30 ms in all and keeps the fastest rate seen
    /// (the run least disturbed by other processes).
    pub fn measure() -> Calibration {
        let mut best: f64 = 0.0;
        let mut iterations = 10_000;
        let deadline = Instant::now() + Duration::from_millis(30);
        while Instant::now() < deadline {
            let start = Instant::now();
            spin(iterations);
            let us = start.elapsed().as_secs_f64() * 1e6;
            if us > 0.0 {
                best = best.max(iterations as f64 / us);
            }
            if us < 2_000.0 {
                iterations *= 2;
            }
        }
        Calibration { iterations_per_us: best.max(1.0) }
    }

    /// The iterations of [`spin`] that take about `d` on one core.
    pub fn iterations_for(&self, d: Duration) -> u64 {
        (d.as_secs_f64() * 1e6 * self.iterations_per_us).round() as u64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spin_is_deterministic_and_depends_on_the_count() {
        assert_eq!(spin(1000), spin(1000));
        assert_ne!(spin(1000), spin(1001));
    }

    #[test]
    fn calibration_scales_linearly() {
        let c = Calibration { iterations_per_us: 100.0 };
        assert_eq!(c.iterations_for(Duration::from_millis(1)), 100_000);
        assert_eq!(c.iterations_for(Duration::from_millis(3)), 300_000);
    }

    #[test]
    fn measured_rate_is_positive() {
        assert!(Calibration::measure().iterations_per_us >= 1.0);
    }
}
