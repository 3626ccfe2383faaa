//! Amdahl's law: the speedup a job can reach on `n` workers when a fraction
//! `s` of it cannot run in parallel.
//!
//! With one worker the job takes `T`. On `n` workers the serial part still
//! takes `s·T` and the rest, at best, `(1 - s)·T / n`. The speedup is the
//! ratio of the two times.

// ANCHOR: formula
/// Amdahl's speedup on `n` workers for a serial fraction `s` (0 ≤ s ≤ 1).
pub fn speedup(s: f64, n: f64) -> f64 {
    1.0 / (s + (1.0 - s) / n)
}
// ANCHOR_END: formula

/// The speedup no number of workers can pass: `1 / s`.
pub fn limit(s: f64) -> f64 {
    1.0 / s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_worker_is_no_speedup() {
        assert_eq!(speedup(0.3, 1.0), 1.0);
    }

    #[test]
    fn a_fully_parallel_job_scales_linearly() {
        assert!((speedup(0.0, 8.0) - 8.0).abs() < 1e-12);
    }

    #[test]
    fn ten_percent_serial_caps_speedup_at_ten() {
        assert!((speedup(0.1, 2.0) - 1.0 / 0.55).abs() < 1e-12);
        assert!(speedup(0.1, 1e9) < limit(0.1));
        assert!(speedup(0.1, 1e9) > 9.99);
    }
}
