//! Estimating a job's serial fraction from measured speedups.
//!
//! Amdahl's law, `S(n) = 1 / (s + (1 - s)/n)`, turns into a straight line
//! through the origin when rearranged:
//!
//! ```text
//! 1/S - 1/n  =  s · (1 - 1/n)
//!     y      =  s ·    x
//! ```
//!
//! so the least-squares estimate of `s` from points `(n, S)` is
//! `Σxy / Σx²`. A point with `n = 1` has `x = 0` and says nothing about `s`.
//! This module is also exercise `00-serial-fraction`.

/// The serial fraction that best explains the measured `(workers, speedup)`
/// points, clamped to `0..=1`; `None` when no point has more than one worker.
pub fn serial_fraction(points: &[(f64, f64)]) -> Option<f64> {
    // exercise: solution
    let (mut sum_xy, mut sum_xx) = (0.0, 0.0);
    for &(n, speedup) in points {
        let x = 1.0 - 1.0 / n;
        let y = 1.0 / speedup - 1.0 / n;
        sum_xy += x * y;
        sum_xx += x * x;
    }
    if sum_xx == 0.0 {
        return None;
    }
    Some((sum_xy / sum_xx).clamp(0.0, 1.0))
    // exercise: starter
    // let _ = points;
    // todo!("rearrange Amdahl's law into y = s·x and fit s by least squares")
    // exercise: end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn amdahl(s: f64, n: f64) -> f64 {
        1.0 / (s + (1.0 - s) / n)
    }

    #[test]
    fn recovers_the_fraction_of_exact_amdahl_points() {
        for s in [0.0, 0.05, 0.3, 0.9] {
            let points: Vec<(f64, f64)> = [1.0, 2.0, 4.0, 8.0].map(|n| (n, amdahl(s, n))).into();
            let fitted = serial_fraction(&points).unwrap();
            assert!((fitted - s).abs() < 1e-9, "s = {s}, fitted {fitted}");
        }
    }

    #[test]
    fn a_single_point_with_two_workers_is_enough() {
        // S(2) = 1.6 means 1/1.6 = s + (1 - s)/2, so s = 0.25.
        let fitted = serial_fraction(&[(2.0, 1.6)]).unwrap();
        assert!((fitted - 0.25).abs() < 1e-9, "{fitted}");
    }

    #[test]
    fn noisy_points_give_a_close_estimate() {
        let points = [
            (2.0, amdahl(0.1, 2.0) * 1.01),
            (3.0, amdahl(0.1, 3.0) * 0.99),
            (4.0, amdahl(0.1, 4.0)),
        ];
        let fitted = serial_fraction(&points).unwrap();
        assert!((fitted - 0.1).abs() < 0.02, "{fitted}");
    }

    #[test]
    fn one_worker_alone_says_nothing() {
        assert_eq!(serial_fraction(&[(1.0, 1.0)]), None);
        assert_eq!(serial_fraction(&[]), None);
    }

    #[test]
    fn superlinear_speedup_clamps_to_zero() {
        // Caches can make 2 workers more than twice as fast; s cannot be negative.
        assert_eq!(serial_fraction(&[(2.0, 2.2)]), Some(0.0));
    }
}
