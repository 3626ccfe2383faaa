//! [`Quantity`]: a measured value a claim rests on, with its name, its
//! spread and how it reads in a sentence.

use crate::measure::Stats;
use std::time::Duration;

/// One measured point, named: "crossbeam bounded at capacity 1024".
#[derive(Debug, Clone)]
pub struct Quantity {
    /// What was measured, as the evidence names it.
    pub label: String,
    /// Its median and spread over the runs.
    pub stats: Stats,
    /// How a value of it is written: `show::seconds`, `show::rate`, ….
    pub show: fn(f64) -> String,
}

impl Quantity {
    /// A measured point: `label`, its runs' `stats`, written with `show`.
    pub fn new(label: impl Into<String>, stats: Stats, show: fn(f64) -> String) -> Quantity {
        Quantity { label: label.into(), stats, show }
    }

    /// An exact value (a count, a share of items lost): no spread.
    pub fn exact(label: impl Into<String>, value: f64, show: fn(f64) -> String) -> Quantity {
        let stats = Stats { n: 1, median: value, min: value, max: value, q1: value, q3: value };
        Quantity::new(label, stats, show)
    }

    /// `label value`, as evidence reads it.
    pub fn shown(&self) -> String {
        format!("{} {}", self.label, (self.show)(self.stats.median))
    }
}

/// Ready-made ways to write a value.
pub mod show {
    use super::Duration;

    /// Seconds, in the unit that suits them: `450 ns`, `4.90 ms`.
    pub fn seconds(s: f64) -> String {
        if s.is_finite() && s >= 0.0 {
            crate::report::duration(Duration::from_secs_f64(s))
        } else {
            format!("{s} s")
        }
    }

    /// Operations per second: `9.83 M/s`, `512 k/s`, `40.0 /s`.
    pub fn rate(per_second: f64) -> String {
        let (value, unit) = match per_second {
            r if r >= 1e9 => (r / 1e9, "G/s"),
            r if r >= 1e6 => (r / 1e6, "M/s"),
            r if r >= 1e3 => (r / 1e3, "k/s"),
            r => (r, "/s"),
        };
        format!("{} {unit}", three_digits(value))
    }

    /// A ratio: `0.56×`.
    pub fn ratio(x: f64) -> String {
        format!("{}×", three_digits(x))
    }

    /// A share from 0 to 1, as a percentage: `56.6 %`.
    pub fn percent(share: f64) -> String {
        format!("{} %", three_digits(share * 100.0))
    }

    /// A count: `1000`.
    pub fn count(n: f64) -> String {
        format!("{n:.0}")
    }

    /// A plain number with three significant digits.
    pub fn number(x: f64) -> String {
        three_digits(x)
    }

    /// Three significant digits, without an exponent for everyday sizes.
    fn three_digits(x: f64) -> String {
        let a = x.abs();
        let decimals = if a == 0.0 || a >= 100.0 {
            0
        } else if a >= 10.0 {
            1
        } else if a >= 1.0 {
            2
        } else {
            (2 - a.log10().floor() as i64).clamp(2, 9) as usize
        };
        format!("{x:.decimals$}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_read_with_their_units() {
        assert_eq!(show::seconds(4.9e-3), "4.90 ms");
        assert_eq!(show::rate(9_830_000.0), "9.83 M/s");
        assert_eq!(show::rate(40.0), "40.0 /s");
        assert_eq!(show::ratio(0.5612), "0.561×");
        assert_eq!(show::ratio(12.34), "12.3×");
        assert_eq!(show::percent(0.566), "56.6 %");
        assert_eq!(show::count(1000.0), "1000");
        assert_eq!(show::number(0.001234), "0.00123");
    }

    #[test]
    fn an_exact_quantity_has_no_spread() {
        let q = Quantity::exact("items lost", 0.0, show::count);
        assert_eq!((q.stats.q1, q.stats.q3, q.stats.rel_spread()), (0.0, 0.0, 0.0));
        assert_eq!(q.shown(), "items lost 0");
    }
}
