//! Telling two measured points apart.
//!
//! Two medians always differ a little; whether the difference means anything
//! depends on how much the runs of each point disagreed. The kit's rule,
//! used by the claims a chapter states ([`crate::claim`]) and by the marks
//! on tables and figures:
//!
//! | the two interquartile ranges | both spreads | verdict |
//! | --- | --- | --- |
//! | do not overlap | any | [`Comparison::Greater`] or [`Comparison::Less`] |
//! | overlap | within [`TIGHT`] (10 %) of their medians | [`Comparison::Equal`]: the same, within the noise |
//! | overlap | at least one wider | [`Comparison::Unclear`]: this run cannot tell |
//!
//! The interquartile range (the middle half of the runs) is used rather
//! than the extremes, so that one disturbed run does not make every
//! comparison unclear.

use super::Stats;

/// A spread (interquartile range over median) up to which two overlapping
/// points count as equal rather than unresolved.
pub const TIGHT: f64 = 0.10;

/// How one measured point compares with another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparison {
    /// Clearly larger: its middle half of runs lies above the other's.
    Greater,
    /// Clearly smaller.
    Less,
    /// The same within a tight spread.
    Equal,
    /// The runs overlap and spread too wide to say.
    Unclear,
}

/// Compares `a` with `b`.
pub fn compare(a: &Stats, b: &Stats) -> Comparison {
    if a.q1 > b.q3 {
        Comparison::Greater
    } else if a.q3 < b.q1 {
        Comparison::Less
    } else if a.rel_spread() <= TIGHT && b.rel_spread() <= TIGHT {
        Comparison::Equal
    } else {
        Comparison::Unclear
    }
}

/// For each point of a curve (in x order), whether it is *unresolved*: its
/// spread is too wide to tell it from a neighbour on the curve. Tables and
/// figures mark these points, and claims resting on them say so.
pub fn unresolved(curve: &[Stats]) -> Vec<bool> {
    (0..curve.len())
        .map(|i| {
            let before = i.checked_sub(1).map(|j| &curve[j]);
            let after = curve.get(i + 1);
            [before, after]
                .into_iter()
                .flatten()
                .any(|n| compare(&curve[i], n) == Comparison::Unclear)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(q1: f64, median: f64, q3: f64) -> Stats {
        Stats { n: 5, median, min: q1, max: q3, q1, q3 }
    }

    #[test]
    fn separated_points_are_ordered() {
        let (low, high) = (point(9.0, 10.0, 11.0), point(12.0, 13.0, 14.0));
        assert_eq!(compare(&high, &low), Comparison::Greater);
        assert_eq!(compare(&low, &high), Comparison::Less);
    }

    #[test]
    fn overlapping_tight_points_are_equal_and_wide_ones_unclear() {
        let (a, b) = (point(9.8, 10.0, 10.2), point(9.9, 10.1, 10.3));
        assert_eq!(compare(&a, &b), Comparison::Equal);
        let wide = point(8.0, 10.5, 13.0);
        assert_eq!(compare(&a, &wide), Comparison::Unclear);
        assert_eq!(compare(&wide, &a), Comparison::Unclear);
    }

    #[test]
    fn a_point_is_unresolved_only_next_to_an_unclear_neighbour() {
        let curve = [
            point(1.0, 1.0, 1.0),
            point(2.0, 2.0, 2.0),
            point(1.5, 3.0, 4.5),
            point(9.0, 9.0, 9.0),
        ];
        assert_eq!(unresolved(&curve), [false, true, true, false]);
        assert!(unresolved(&[]).is_empty());
        assert_eq!(unresolved(&[point(1.0, 5.0, 9.0)]), [false], "a lone point has no neighbour");
    }

    #[test]
    fn the_relative_spread_is_the_quartile_range_over_the_median() {
        assert_eq!(point(9.0, 10.0, 11.0).rel_spread(), 0.2);
        assert_eq!(point(0.0, 0.0, 0.0).rel_spread(), 0.0);
    }
}
