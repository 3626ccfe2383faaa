//! Claims over measured quantities: one larger than another, a ratio
//! beyond a threshold, the largest of several, a curve that rises or falls.
//!
//! Each is decided with the kit's rule for telling points apart
//! ([`crate::measure::compare`]): clearly separated runs decide; runs that
//! overlap within a tight spread count as equal; runs that overlap and
//! spread wide leave the claim [`Verdict::Unclear`], naming the points.

use super::{Claim, Quantity, Verdict, show};
use crate::measure::{Comparison, TIGHT, compare};

/// A claim whose verdict comes from comparisons, its evidence from `quantities`.
fn decided(
    statement: impl Into<String>,
    verdict: Verdict,
    evidence: String,
    unclear: Vec<String>,
) -> Claim {
    Claim { statement: statement.into(), verdict, evidence, unclear, if_not: None }
}

/// `a` above `b` (Greater), below (Less), the same (Equal), or unclear.
fn versus(a: &Quantity, b: &Quantity) -> Comparison {
    compare(&a.stats, &b.stats)
}

impl Claim {
    /// `a` is larger than `b`: held when `a`'s runs lie clearly above `b`'s,
    /// not held when they lie below or the two are equal within a tight
    /// spread, unclear when they overlap widely.
    pub fn greater(statement: impl Into<String>, a: &Quantity, b: &Quantity) -> Claim {
        let evidence = format!("{} against {}", a.shown(), b.shown());
        match versus(a, b) {
            Comparison::Greater => decided(statement, Verdict::Held, evidence, vec![]),
            Comparison::Less | Comparison::Equal => {
                decided(statement, Verdict::NotHeld, evidence, vec![])
            }
            Comparison::Unclear => {
                decided(statement, Verdict::Unclear, evidence, unclear_of(&[a, b]))
            }
        }
    }

    /// `a` is smaller than `b` (a shorter time, a lower cost).
    pub fn less(statement: impl Into<String>, a: &Quantity, b: &Quantity) -> Claim {
        let swapped = Claim::greater(statement, b, a);
        Claim { evidence: format!("{} against {}", a.shown(), b.shown()), ..swapped }
    }

    /// `a / b` is at least `threshold` ("within 3× of crossbeam": at least 0.33).
    pub fn ratio_at_least(
        statement: impl Into<String>,
        a: &Quantity,
        b: &Quantity,
        threshold: f64,
    ) -> Claim {
        ratio_claim(statement, a, b, threshold, true)
    }

    /// `a / b` is at most `threshold` ("costs at most 1.5× std's").
    pub fn ratio_at_most(
        statement: impl Into<String>,
        a: &Quantity,
        b: &Quantity,
        threshold: f64,
    ) -> Claim {
        ratio_claim(statement, a, b, threshold, false)
    }

    /// `winner` is larger than every one of `others`.
    pub fn largest(statement: impl Into<String>, winner: &Quantity, others: &[Quantity]) -> Claim {
        let parts = others.iter().map(|o| Claim::greater("", winner, o)).collect();
        ranked(statement, winner, others, parts)
    }

    /// `winner` is smaller than every one of `others` (the fastest time).
    pub fn smallest(statement: impl Into<String>, winner: &Quantity, others: &[Quantity]) -> Claim {
        let parts = others.iter().map(|o| Claim::less("", winner, o)).collect();
        ranked(statement, winner, others, parts)
    }

    /// The curve rises from its first point to its last, with no step down
    /// on the way. A step whose runs overlap is allowed (a plateau, or
    /// noise); a clear step down or a last point not clearly above the
    /// first fails it; wide overlap where it matters leaves it unclear.
    pub fn rises(statement: impl Into<String>, curve: &[Quantity]) -> Claim {
        trend(statement, curve, Comparison::Greater)
    }

    /// The curve falls from its first point to its last, with no step up.
    pub fn falls(statement: impl Into<String>, curve: &[Quantity]) -> Claim {
        trend(statement, curve, Comparison::Less)
    }
}

/// The ratio `a / b` against a threshold, from the range of ratios the
/// middle halves of the runs allow.
fn ratio_claim(
    statement: impl Into<String>,
    a: &Quantity,
    b: &Quantity,
    threshold: f64,
    at_least: bool,
) -> Claim {
    let (sa, sb) = (&a.stats, &b.stats);
    let (low, mid, high) = (sa.q1 / sb.q3, sa.median / sb.median, sa.q3 / sb.q1);
    let word = if at_least { "at least" } else { "at most" };
    let evidence = format!(
        "{} / {} = {} (middle half of runs {} to {}; {word} {} wanted)",
        a.shown(),
        b.shown(),
        show::ratio(mid),
        show::ratio(low),
        show::ratio(high),
        show::ratio(threshold)
    );
    let tight = sa.rel_spread() <= TIGHT && sb.rel_spread() <= TIGHT;
    let holds = |r: f64| if at_least { r >= threshold } else { r <= threshold };
    let verdict = if holds(low) && holds(high) {
        Verdict::Held
    } else if !holds(low) && !holds(high) {
        Verdict::NotHeld
    } else if tight {
        if holds(mid) { Verdict::Held } else { Verdict::NotHeld }
    } else {
        Verdict::Unclear
    };
    let unclear = if verdict == Verdict::Unclear { unclear_of(&[a, b]) } else { vec![] };
    decided(statement, verdict, evidence, unclear)
}

/// A ranking claim from its pairwise parts.
fn ranked(
    statement: impl Into<String>,
    winner: &Quantity,
    others: &[Quantity],
    parts: Vec<Claim>,
) -> Claim {
    let combined = Claim::all(statement, parts);
    let rest: Vec<String> = others.iter().map(Quantity::shown).collect();
    Claim { evidence: format!("{} against {}", winner.shown(), rest.join(", ")), ..combined }
}

/// A trend in direction `up` (Greater: rises; Less: falls).
fn trend(statement: impl Into<String>, curve: &[Quantity], up: Comparison) -> Claim {
    let evidence = curve.iter().map(Quantity::shown).collect::<Vec<_>>().join(" → ");
    let (Some(first), Some(last)) = (curve.first(), curve.last()) else {
        return decided(statement, Verdict::NotHeld, "no points".into(), vec![]);
    };
    let against = |c: Comparison| c != up && matches!(c, Comparison::Greater | Comparison::Less);
    let steps: Vec<Comparison> = curve.windows(2).map(|w| versus(&w[1], &w[0])).collect();
    let overall = versus(last, first);
    let mut unclear = Vec::new();
    let verdict =
        if steps.iter().any(|&c| against(c)) || against(overall) || overall == Comparison::Equal {
            Verdict::NotHeld
        } else if overall == up {
            Verdict::Held
        } else {
            unclear = unclear_of(&[first, last]);
            Verdict::Unclear
        };
    decided(statement, verdict, evidence, unclear)
}

/// The labels of the quantities whose spread is wider than tight.
fn unclear_of(quantities: &[&Quantity]) -> Vec<String> {
    quantities.iter().filter(|q| q.stats.rel_spread() > TIGHT).map(|q| q.label.clone()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::measure::Stats;

    /// A quantity with median `m` and runs spread ±`w` around it.
    fn q(label: &str, m: f64, w: f64) -> Quantity {
        let stats =
            Stats { n: 5, median: m, min: m - 2.0 * w, max: m + 2.0 * w, q1: m - w, q3: m + w };
        Quantity::new(label, stats, show::number)
    }

    #[test]
    fn greater_holds_fails_or_is_unclear() {
        let (fast, slow) = (q("fast", 10.0, 0.2), q("slow", 5.0, 0.1));
        assert_eq!(Claim::greater("s", &fast, &slow).verdict, Verdict::Held);
        assert_eq!(Claim::greater("s", &slow, &fast).verdict, Verdict::NotHeld);
        let same = q("same", 10.1, 0.2);
        assert_eq!(
            Claim::greater("s", &same, &fast).verdict,
            Verdict::NotHeld,
            "equal is not greater"
        );
        let noisy = q("noisy", 11.0, 4.0);
        let c = Claim::greater("s", &noisy, &fast);
        assert_eq!((c.verdict, c.unclear), (Verdict::Unclear, vec!["noisy".to_string()]));
        assert_eq!(Claim::greater("s", &fast, &slow).evidence, "fast 10.0 against slow 5.00");
    }

    #[test]
    fn less_is_greater_swapped_with_its_own_evidence() {
        let (short, long) = (q("short", 1.0, 0.01), q("long", 2.0, 0.01));
        let c = Claim::less("s", &short, &long);
        assert_eq!(
            (c.verdict, c.evidence.as_str()),
            (Verdict::Held, "short 1.00 against long 2.00")
        );
    }

    #[test]
    fn ratios_decide_from_the_range_of_ratios() {
        let (ours, theirs) = (q("ours", 5.6, 0.1), q("theirs", 10.0, 0.1));
        assert!(Claim::ratio_at_least("s", &ours, &theirs, 0.33).held());
        assert_eq!(Claim::ratio_at_least("s", &ours, &theirs, 0.8).verdict, Verdict::NotHeld);
        assert!(Claim::ratio_at_most("s", &ours, &theirs, 0.8).held());
        let wobbly = q("wobbly", 3.3, 1.5);
        assert_eq!(Claim::ratio_at_least("s", &wobbly, &theirs, 0.33).verdict, Verdict::Unclear);
        let tight = q("tight", 3.31, 0.05);
        assert!(
            Claim::ratio_at_least("s", &tight, &theirs, 0.33).held(),
            "tight: the medians decide"
        );
        let e = Claim::ratio_at_least("s", &ours, &theirs, 0.33).evidence;
        assert!(e.contains("= 0.560×") && e.contains("at least 0.330× wanted"), "{e}");
    }

    #[test]
    fn largest_and_smallest_need_every_pair() {
        let (a, b, c) = (q("a", 9.0, 0.1), q("b", 5.0, 0.1), q("c", 7.0, 0.1));
        assert!(Claim::largest("s", &a, &[b.clone(), c.clone()]).held());
        assert_eq!(Claim::largest("s", &c, &[a.clone(), b.clone()]).verdict, Verdict::NotHeld);
        assert!(Claim::smallest("s", &b, &[a.clone(), c.clone()]).held());
        assert_eq!(Claim::largest("s", &a, &[b, c]).evidence, "a 9.00 against b 5.00, c 7.00");
    }

    #[test]
    fn trends_allow_plateaus_but_not_steps_back() {
        let rising = [q("1", 1.0, 0.01), q("2", 2.0, 0.01), q("3", 2.01, 0.01), q("4", 3.0, 0.01)];
        assert!(Claim::rises("s", &rising).held(), "a plateau between 2 and 3 is allowed");
        assert_eq!(Claim::falls("s", &rising).verdict, Verdict::NotHeld);
        let dip = [q("1", 1.0, 0.01), q("2", 3.0, 0.01), q("3", 2.0, 0.01), q("4", 4.0, 0.01)];
        assert_eq!(Claim::rises("s", &dip).verdict, Verdict::NotHeld, "a clear step down");
        let flat = [q("1", 1.0, 0.01), q("2", 1.01, 0.01)];
        assert_eq!(Claim::rises("s", &flat).verdict, Verdict::NotHeld, "flat is not rising");
        let noisy = [q("1", 1.0, 0.5), q("2", 1.2, 0.5)];
        assert_eq!(Claim::rises("s", &noisy).verdict, Verdict::Unclear);
        let falling = [q("1", 3.0, 0.01), q("2", 1.0, 0.01)];
        assert!(Claim::falls("s", &falling).held());
        assert_eq!(Claim::rises("s", &rising[..2]).evidence, "1 1.00 → 2 2.00");
    }
}
