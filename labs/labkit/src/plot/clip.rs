//! Keeping a series inside the plotting area.
//!
//! When a lab fixes an axis range narrower than its data, plotters would pull
//! every point outside the range onto the frame's edge, drawing values that
//! were never measured. Instead, lines are cut where they cross the edge
//! ([`visible_runs`]), and markers outside the area are left out
//! ([`is_visible`]). Both work in fractions of the plotting area, where a
//! line on a log axis is straight too.

use super::coord::Coord;

/// Slack for rounding, in fractions of the plotting area, so that a point
/// exactly on the edge counts as inside.
const EPSILON: f64 = 1e-9;

/// Whether the point `p` lies within the ranges of the axes `x` and `y`.
pub(crate) fn is_visible(p: (f64, f64), x: &Coord, y: &Coord) -> bool {
    let inside = |f: f64| (-EPSILON..=1.0 + EPSILON).contains(&f);
    inside(x.fraction(p.0)) && inside(y.fraction(p.1))
}

/// The parts of the polyline through `points` that lie within the axes'
/// ranges: each part is a polyline of its own, ending on the edge where the
/// line leaves the area.
pub(crate) fn visible_runs(points: &[(f64, f64)], x: &Coord, y: &Coord) -> Vec<Vec<(f64, f64)>> {
    let to_fraction = |(px, py): (f64, f64)| (x.fraction(px), y.fraction(py));
    let to_value = |(fx, fy): (f64, f64)| (x.value_at(fx), y.value_at(fy));
    let mut runs: Vec<Vec<(f64, f64)>> = Vec::new();
    // Whether the last segment kept reached its end point, so that the next
    // segment continues the same run.
    let mut open = false;
    for pair in points.windows(2) {
        let (a, b) = (to_fraction(pair[0]), to_fraction(pair[1]));
        let Some((t0, t1)) = clip_segment(a, b) else {
            open = false;
            continue;
        };
        let at = |t: f64| (a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t);
        match runs.last_mut() {
            Some(run) if open && t0 == 0.0 => run.push(pair[1]),
            _ => runs.push(vec![to_value(at(t0)), to_value(at(t1))]),
        }
        if t1 < 1.0 {
            // The segment left the area: replace its end by the crossing.
            if let Some(run) = runs.last_mut() {
                run.pop();
                run.push(to_value(at(t1)));
            }
        }
        open = t1 == 1.0;
    }
    runs
}

/// The part of the segment from `a` to `b` inside the unit square, as the
/// interval of `t` (0 at `a`, 1 at `b`) that stays inside; `None` when it
/// misses the square. This is the Liang–Barsky algorithm: each side of the
/// square cuts the interval from one end.
fn clip_segment(a: (f64, f64), b: (f64, f64)) -> Option<(f64, f64)> {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let mut interval = (0.0_f64, 1.0_f64);
    // Each side as (p, q): the segment is inside that side where p·t ≤ q.
    for (p, q) in [(-dx, a.0), (dx, 1.0 - a.0), (-dy, a.1), (dy, 1.0 - a.1)] {
        if p == 0.0 {
            if q < 0.0 {
                return None;
            }
        } else if p < 0.0 {
            interval.0 = interval.0.max(q / p);
        } else {
            interval.1 = interval.1.min(q / p);
        }
    }
    (interval.0 <= interval.1).then_some(interval)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plot::Scale;

    fn unit() -> Coord {
        Coord::new(0.0, 1.0, Scale::Linear)
    }

    #[test]
    fn a_line_inside_the_area_is_kept_whole() {
        let points = [(0.1, 0.1), (0.5, 0.5), (0.9, 0.2)];
        assert_eq!(visible_runs(&points, &unit(), &unit()), vec![points.to_vec()]);
    }

    #[test]
    fn a_line_leaving_and_coming_back_is_cut_at_the_edge() {
        let points = [(0.0, 0.5), (0.5, 1.5), (1.0, 0.5)];
        let runs = visible_runs(&points, &unit(), &unit());
        assert_eq!(runs.len(), 2, "{runs:?}");
        let (left_end, right_start) = (runs[0][1], runs[1][0]);
        assert!((left_end.0 - 0.25).abs() < 1e-9 && (left_end.1 - 1.0).abs() < 1e-9, "{runs:?}");
        assert!(
            (right_start.0 - 0.75).abs() < 1e-9 && (right_start.1 - 1.0).abs() < 1e-9,
            "{runs:?}"
        );
    }

    #[test]
    fn points_outside_the_area_are_not_visible() {
        assert!(is_visible((0.5, 1.0), &unit(), &unit()));
        assert!(!is_visible((0.5, 1.2), &unit(), &unit()));
        assert!(visible_runs(&[(2.0, 2.0), (3.0, 3.0)], &unit(), &unit()).is_empty());
    }
}
