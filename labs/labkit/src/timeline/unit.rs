//! The time axis of a timeline chart: its unit and its length.

use std::time::Duration;

/// The unit of a timeline's time axis.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeUnit {
    /// Chosen from the longest panel: seconds from 2 s, milliseconds from
    /// 2 ms, microseconds below.
    Auto,
    /// Seconds.
    Seconds,
    /// Milliseconds.
    Millis,
    /// Microseconds.
    Micros,
}

/// The time axis shared by every panel of a chart.
#[derive(Clone, Copy, Debug)]
pub(super) struct TimeAxis {
    /// The unit durations are drawn in; never [`TimeUnit::Auto`].
    unit: TimeUnit,
    /// The axis's end, in `unit`: a little past the longest makespan.
    pub(super) end: f64,
}

impl TimeAxis {
    /// An axis reaching past `longest`, in `unit` (or the unit that suits
    /// `longest`, for [`TimeUnit::Auto`]).
    pub(super) fn new(unit: TimeUnit, longest: Duration) -> TimeAxis {
        let unit = match unit {
            TimeUnit::Auto if longest >= Duration::from_secs(2) => TimeUnit::Seconds,
            TimeUnit::Auto if longest >= Duration::from_millis(2) => TimeUnit::Millis,
            TimeUnit::Auto => TimeUnit::Micros,
            chosen => chosen,
        };
        let mut axis = TimeAxis { unit, end: 0.0 };
        axis.end = (axis.of(longest) * 1.04).max(f64::MIN_POSITIVE);
        axis
    }

    /// The unit's symbol, for labels: "s", "ms" or "µs".
    pub(super) fn symbol(&self) -> &'static str {
        match self.unit {
            TimeUnit::Seconds => "s",
            TimeUnit::Millis => "ms",
            _ => "µs",
        }
    }

    /// `d` as a number of the axis's unit.
    pub(super) fn of(&self, d: Duration) -> f64 {
        match self.unit {
            TimeUnit::Seconds => d.as_secs_f64(),
            TimeUnit::Millis => d.as_secs_f64() * 1e3,
            _ => d.as_secs_f64() * 1e6,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_automatic_unit_suits_the_longest_panel() {
        let axis = |d| TimeAxis::new(TimeUnit::Auto, d).symbol();
        assert_eq!(axis(Duration::from_secs(3)), "s");
        assert_eq!(axis(Duration::from_millis(30)), "ms");
        assert_eq!(axis(Duration::from_micros(300)), "µs");
        let chosen = TimeAxis::new(TimeUnit::Millis, Duration::from_secs(3));
        assert_eq!(chosen.of(Duration::from_secs(3)), 3000.0);
    }
}
