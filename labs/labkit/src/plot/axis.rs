//! Axes: what a figure's x or y axis says, how it is scaled, what it spans.
//!
//! An [`Axis`] is a description chosen by the lab (label, scale, optional
//! range). When a figure is drawn, [`Axis::resolve`] turns it and the data
//! into the numeric range actually plotted: the given range, or one that
//! fits the data with a little padding. It is also where a log axis refuses
//! values it cannot show.

use anyhow::{Result, bail, ensure};

/// How values are spaced along an axis.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scale {
    /// Equal distances for equal differences: the default for most data.
    Linear,
    /// Equal distances for equal ratios: for data spanning several orders of
    /// magnitude (chunk sizes, latencies). Only values > 0 can be shown.
    Log,
}

/// One axis of a figure: its label, its scale and, optionally, its range.
#[derive(Clone, Debug)]
pub struct Axis {
    /// The text along the axis; by convention it carries the unit, as in
    /// `"time (ms)"` or `"chunk size (items)"`.
    label: String,
    /// Linear or logarithmic spacing.
    scale: Scale,
    /// The range to show, when the lab fixes it (to compare figures, or to
    /// start a speedup axis at 0); `None` fits the data.
    range: Option<(f64, f64)>,
}

impl Axis {
    /// A linear axis labelled `label` (unit included, e.g. `"workers"`).
    pub fn linear(label: impl Into<String>) -> Axis {
        Axis { label: label.into(), scale: Scale::Linear, range: None }
    }

    /// A logarithmic axis labelled `label`, e.g. `"chunk size (items)"`.
    pub fn log(label: impl Into<String>) -> Axis {
        Axis { scale: Scale::Log, ..Axis::linear(label) }
    }

    /// Shows exactly `lo..=hi` instead of fitting the data; checked when the
    /// figure is drawn (`lo < hi`, and `lo > 0` on a log axis).
    pub fn range(mut self, lo: f64, hi: f64) -> Axis {
        self.range = Some((lo, hi));
        self
    }

    /// Whether the range was fixed with [`Axis::range`] rather than fitted to the data.
    pub fn is_fixed(&self) -> bool {
        self.range.is_some()
    }

    /// The text along the axis.
    pub fn label(&self) -> &str {
        &self.label
    }

    /// Linear or logarithmic.
    pub fn scale(&self) -> Scale {
        self.scale
    }

    /// The range to plot for `values`, each paired with the name of the
    /// series it comes from (for error messages).
    ///
    /// Fails when a value is not finite, when a log axis meets a value ≤ 0,
    /// when a fixed range is empty, or when there is nothing to fit.
    pub(crate) fn resolve<'a>(
        &self,
        values: impl IntoIterator<Item = (&'a str, f64)>,
    ) -> Result<(f64, f64)> {
        let mut bounds: Option<(f64, f64)> = None;
        for (series, v) in values {
            ensure!(
                v.is_finite(),
                "series {series:?} has the value {v} on the axis {:?}; only finite numbers can be plotted",
                self.label
            );
            if self.scale == Scale::Log && v <= 0.0 {
                bail!(
                    "series {series:?} has the value {v} on the logarithmic axis {:?}, \
                     which can only show values > 0: drop that point or use Axis::linear",
                    self.label
                );
            }
            bounds = Some(match bounds {
                None => (v, v),
                Some((lo, hi)) => (lo.min(v), hi.max(v)),
            });
        }
        if let Some((lo, hi)) = self.range {
            ensure!(
                lo.is_finite() && hi.is_finite() && lo < hi,
                "the axis {:?} was given the range {lo}..{hi}, which is empty: the low end must be below the high end",
                self.label
            );
            ensure!(
                self.scale == Scale::Linear || lo > 0.0,
                "the logarithmic axis {:?} was given the range {lo}..{hi}; it must start above 0",
                self.label
            );
            return Ok((lo, hi));
        }
        let Some((lo, hi)) = bounds else {
            bail!("the axis {:?} has no values to fit", self.label);
        };
        Ok(match self.scale {
            Scale::Linear => pad_linear(lo, hi),
            Scale::Log => pad_log(lo, hi),
        })
    }
}

/// Widens `lo..hi` by 5 % on each side so that no point sits on the frame;
/// data that never goes below zero keeps an axis that starts at zero or above.
fn pad_linear(lo: f64, hi: f64) -> (f64, f64) {
    let pad = if hi > lo { (hi - lo) * 0.05 } else { (lo.abs() * 0.1).max(1.0) };
    let padded_lo = if lo >= 0.0 { (lo - pad).max(0.0) } else { lo - pad };
    (padded_lo, hi + pad)
}

/// Widens `lo..hi` by 5 % of its ratio on each side (a log axis pads by
/// factors, not by differences); a single value gets a factor of 2 each way.
fn pad_log(lo: f64, hi: f64) -> (f64, f64) {
    let factor = if hi > lo { (hi / lo).powf(0.05) } else { 2.0 };
    (lo / factor, hi * factor)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn linear_axis_pads_the_data_and_keeps_non_negative_data_above_zero() {
        let (lo, hi) = Axis::linear("x").resolve([("s", 1.0), ("s", 11.0)]).unwrap();
        assert!((0.0..1.0).contains(&lo), "lo = {lo}");
        assert!((11.0..12.0).contains(&hi), "hi = {hi}");
        let (lo, _) = Axis::linear("x").resolve([("s", 0.1), ("s", 100.0)]).unwrap();
        assert_eq!(lo, 0.0);
    }

    #[test]
    fn a_single_value_still_gets_a_non_empty_range() {
        let (lo, hi) = Axis::linear("x").resolve([("s", 5.0)]).unwrap();
        assert!(lo < 5.0 && 5.0 < hi);
        let (lo, hi) = Axis::log("x").resolve([("s", 5.0)]).unwrap();
        assert!(lo > 0.0 && lo < 5.0 && 5.0 < hi);
    }

    #[test]
    fn a_fixed_range_wins_over_the_data() {
        let axis = Axis::linear("speedup (×)").range(0.0, 4.0);
        assert_eq!(axis.resolve([("s", 1.0), ("s", 9.0)]).unwrap(), (0.0, 4.0));
    }

    #[test]
    fn a_log_axis_rejects_values_that_are_not_positive() {
        let err = Axis::log("chunk size (items)")
            .resolve([("measured", 10.0), ("measured", 0.0)])
            .unwrap_err()
            .to_string();
        assert!(err.contains("logarithmic"), "{err}");
        assert!(err.contains("measured"), "{err}");
        assert!(err.contains("chunk size (items)"), "{err}");
    }

    #[test]
    fn bad_ranges_and_values_are_refused_with_a_reason() {
        let err = Axis::linear("x").range(3.0, 1.0).resolve([]).unwrap_err();
        assert!(err.to_string().contains("empty"), "{err}");
        let err = Axis::log("x").range(0.0, 1.0).resolve([]).unwrap_err();
        assert!(err.to_string().contains("above 0"), "{err}");
        let err = Axis::linear("x").resolve([("s", f64::NAN)]).unwrap_err();
        assert!(err.to_string().contains("finite"), "{err}");
        let err = Axis::linear("x").resolve([]).unwrap_err();
        assert!(err.to_string().contains("no values"), "{err}");
    }
}
