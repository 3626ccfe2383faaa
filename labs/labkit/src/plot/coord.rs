//! How an axis maps values to pixels, and where its ticks go.
//!
//! plotters gives linear and logarithmic axes different Rust types, which
//! would make every figure generic over four combinations of axes. [`Coord`]
//! is one type that is either, decided at run time from the [`Scale`]; it
//! also lets a figure pin its ticks (bar categories, timeline rows) and
//! formats tick labels compactly ([`format_number`]).

use std::ops::Range;

use plotters::coord::ranged1d::{KeyPointHint, NoDefaultFormatting, Ranged, ValueFormatter};
use plotters::coord::types::RangedCoordf64;

use super::Scale;

/// One axis as plotters sees it: a range of `f64`, linear or logarithmic.
#[derive(Clone, Debug)]
pub(crate) struct Coord {
    /// The value at the start of the axis (left, or bottom).
    lo: f64,
    /// The value at the end of the axis (right, or top).
    hi: f64,
    /// Linear or logarithmic mapping; a log axis needs `0 < lo < hi`.
    scale: Scale,
    /// Ticks chosen by the figure (one per bar category, one per timeline
    /// row); `None` lets [`Coord`] choose round numbers.
    ticks: Option<Vec<f64>>,
}

impl Coord {
    /// An axis from `lo` to `hi` (as resolved by [`super::Axis::resolve`]).
    pub(crate) fn new(lo: f64, hi: f64, scale: Scale) -> Coord {
        Coord { lo, hi, scale, ticks: None }
    }

    /// The same axis with labels and grid lines exactly at `ticks`.
    pub(crate) fn with_ticks(mut self, ticks: Vec<f64>) -> Coord {
        self.ticks = Some(ticks);
        self
    }

    /// Where `v` lies along the axis: 0 at `lo`, 1 at `hi`.
    pub(crate) fn fraction(&self, v: f64) -> f64 {
        match self.scale {
            Scale::Linear => (v - self.lo) / (self.hi - self.lo),
            // Values ≤ 0 never reach a log axis (they are refused earlier);
            // the clamp only keeps a stray one from turning into NaN.
            Scale::Log => {
                let v = v.max(f64::MIN_POSITIVE);
                (v.ln() - self.lo.ln()) / (self.hi.ln() - self.lo.ln())
            }
        }
    }
}

impl Coord {
    /// The value at `fraction` of the way along the axis: the inverse of
    /// [`Coord::fraction`].
    pub(crate) fn value_at(&self, fraction: f64) -> f64 {
        match self.scale {
            Scale::Linear => self.lo + (self.hi - self.lo) * fraction,
            Scale::Log => (self.lo.ln() + (self.hi.ln() - self.lo.ln()) * fraction).exp(),
        }
    }
}

impl Ranged for Coord {
    type FormatOption = NoDefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        let pixels = f64::from(limit.1 - limit.0) * self.fraction(*value);
        limit.0 + pixels.round() as i32
    }

    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        if let Some(ticks) = &self.ticks {
            return ticks.clone();
        }
        let light = hint.weight().allow_light_points();
        match self.scale {
            Scale::Linear => RangedCoordf64::from(self.lo..self.hi).key_points(hint),
            Scale::Log => log_ticks(self.lo, self.hi, hint.max_num_points(), light),
        }
    }

    fn range(&self) -> Range<f64> {
        self.lo..self.hi
    }
}

impl ValueFormatter<f64> for Coord {
    fn format(value: &f64) -> String {
        format_number(*value)
    }

    /// Tick labels of an axis reaching 100 000 or more switch to powers of
    /// ten from 1000 up, so that its labels read alike (`1e3`, `1e4`, `1e5`).
    fn format_ext(&self, value: &f64) -> String {
        let large = self.lo.abs().max(self.hi.abs()) >= 1e5;
        format_with_powers_from(*value, if large { 1e3 } else { 1e5 })
    }
}

/// Mantissas of the ticks of a log axis, from sparsest to densest.
const LOG_MANTISSAS: [&[f64]; 3] =
    [&[1.0], &[1.0, 2.0, 5.0], &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0]];

/// Ticks of a log axis: powers of ten, then 1-2-5, then every integer
/// multiple, whichever is the densest that fits in `max_points`. Grid lines
/// (`light`) take every integer multiple, unless there are more than a
/// hundred of them. A range too narrow to hold three such ticks falls back
/// to linear round numbers.
fn log_ticks(lo: f64, hi: f64, max_points: usize, light: bool) -> Vec<f64> {
    let max_points = max_points.max(1);
    let candidates = |mantissas: &[f64]| -> Vec<f64> {
        let first = lo.log10().floor() as i32;
        let last = hi.log10().ceil() as i32;
        (first..=last)
            .flat_map(|exp| mantissas.iter().map(move |m| m * 10f64.powi(exp)))
            .filter(|v| (lo..=hi).contains(v))
            .collect()
    };
    if light {
        let all = candidates(LOG_MANTISSAS[2]);
        if all.len() <= 100 {
            return all;
        }
    }
    let mut ticks = candidates(LOG_MANTISSAS[0]);
    for mantissas in &LOG_MANTISSAS[1..] {
        let denser = candidates(mantissas);
        if denser.len() > max_points {
            break;
        }
        ticks = denser;
    }
    if ticks.len() > max_points {
        // More decades than labels: keep every n-th power of ten.
        let step = ticks.len().div_ceil(max_points);
        ticks = ticks.into_iter().step_by(step).collect();
    }
    if ticks.len() < 3 {
        return RangedCoordf64::from(lo..hi).key_points(max_points);
    }
    ticks
}

/// A number as a label: at most four significant digits, no trailing zeros,
/// and powers-of-ten notation (`2.5e5`) for very large or very small numbers.
pub(crate) fn format_number(v: f64) -> String {
    format_with_powers_from(v, 1e5)
}

/// [`format_number`], with powers-of-ten notation from `large` up (and
/// below 0.001).
fn format_with_powers_from(v: f64, large: f64) -> String {
    let magnitude = v.abs();
    if magnitude == 0.0 || !v.is_finite() {
        return if v.is_finite() { "0".into() } else { v.to_string() };
    }
    if !(1e-3..large).contains(&magnitude) {
        let text = format!("{v:.3e}");
        let (mantissa, exponent) = text.split_once('e').unwrap_or((&text, "0"));
        return format!("{}e{exponent}", trim_zeros(mantissa));
    }
    let decimals = (3 - magnitude.log10().floor() as i32).max(0) as usize;
    let text = trim_zeros(&format!("{v:.decimals$}")).to_string();
    if text == "-0" { "0".into() } else { text }
}

/// `"2.500"` → `"2.5"`, `"3.000"` → `"3"`; text without a decimal point is
/// left alone.
fn trim_zeros(text: &str) -> &str {
    if text.contains('.') { text.trim_end_matches('0').trim_end_matches('.') } else { text }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_formatted_compactly() {
        assert_eq!(format_number(0.0), "0");
        assert_eq!(format_number(0.1 + 0.2), "0.3");
        assert_eq!(format_number(2.0), "2");
        assert_eq!(format_number(1234.6), "1235");
        assert_eq!(format_number(-1.25), "-1.25");
        assert_eq!(format_number(1_000_000.0), "1e6");
        assert_eq!(format_number(250_000.0), "2.5e5");
        assert_eq!(format_number(0.0001), "1e-4");
    }

    #[test]
    fn an_axis_reaching_large_numbers_labels_them_all_alike() {
        let coord = Coord::new(1.0, 1e6, Scale::Log);
        let labels: Vec<String> =
            [1.0, 100.0, 1e3, 1e4, 1e6].iter().map(|v| coord.format_ext(v)).collect();
        assert_eq!(labels, ["1", "100", "1e3", "1e4", "1e6"]);
        assert_eq!(Coord::new(0.0, 5e4, Scale::Linear).format_ext(&20_000.0), "20000");
    }

    #[test]
    fn log_ticks_prefer_powers_of_ten_and_fill_in_short_ranges() {
        assert_eq!(log_ticks(1.0, 1e6, 10, false), vec![1.0, 10.0, 100.0, 1e3, 1e4, 1e5, 1e6]);
        assert_eq!(log_ticks(1.0, 64.0, 10, false), vec![1.0, 2.0, 5.0, 10.0, 20.0, 50.0]);
        // No power of ten between 2 and 8: the integer multiples are used.
        assert_eq!(log_ticks(2.0, 8.0, 10, false).len(), 7);
        // Forty decades and ten labels: every fourth power of ten.
        assert!(log_ticks(1.0, 1e40, 10, false).len() <= 10);
    }

    #[test]
    fn log_axis_maps_equal_ratios_to_equal_distances() {
        let coord = Coord::new(1.0, 100.0, Scale::Log);
        assert_eq!(coord.map(&1.0, (0, 200)), 0);
        assert_eq!(coord.map(&10.0, (0, 200)), 100);
        assert_eq!(coord.map(&100.0, (0, 200)), 200);
    }
}
