//! Turning a panel's spans into the bars actually drawn, at the chart's
//! resolution.
//!
//! A lock benchmark can record a hundred thousand spans shorter than a
//! pixel. Drawn one by one they would make an SVG of megabytes that looks
//! no different, so each row is cut into pixel-wide columns, each column
//! takes the colour of the state that filled most of it, and runs of
//! columns of one state become one bar. A column with any activity at all
//! is drawn, so even a single tiny span shows as a one-pixel sliver.

use super::Span;
use super::unit::TimeAxis;

/// A bar to draw: one state over a run of columns of one row.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Bar {
    /// The row, 0 at the top.
    pub(super) row: usize,
    /// The state, which picks the colour.
    pub(super) state: &'static str,
    /// Where the bar starts, in the time axis's unit.
    pub(super) start: f64,
    /// Where it ends, in the same unit.
    pub(super) end: f64,
}

/// The bars for `spans` (sorted by row), whose rows are `threads`, on a
/// time axis `columns` pixels wide.
pub(super) fn bars(
    spans: &[Span],
    threads: &[String],
    time: &TimeAxis,
    columns: usize,
) -> Vec<Bar> {
    let columns = columns.max(1);
    let width = time.end / columns as f64;
    let mut bars: Vec<Bar> = Vec::new();
    for (row, thread) in threads.iter().enumerate() {
        // For each column, the time each state spent in it.
        let mut filled: Vec<Vec<(&'static str, f64)>> = vec![Vec::new(); columns];
        for span in spans.iter().filter(|s| s.thread == *thread) {
            let (start, end) = (time.of(span.start) / width, time.of(span.end) / width);
            let first = (start.floor() as usize).min(columns - 1);
            let last = (end.ceil() as usize).clamp(first + 1, columns);
            for (column, states) in filled.iter_mut().enumerate().take(last).skip(first) {
                let overlap = end.min(column as f64 + 1.0) - start.max(column as f64);
                match states.iter_mut().find(|(state, _)| *state == span.state) {
                    Some((_, time)) => *time += overlap.max(0.0),
                    None => states.push((span.state, overlap.max(0.0))),
                }
            }
        }
        for (column, states) in filled.iter().enumerate() {
            let busiest = states.iter().max_by(|a, b| a.1.total_cmp(&b.1));
            let Some(&(state, _)) = busiest else { continue };
            let (start, end) = (column as f64 * width, (column + 1) as f64 * width);
            // The bar before grows instead if it is this row's and state's
            // and ends where this column starts (both are `column * width`).
            let before = bars.last_mut();
            match before.filter(|b| b.row == row && b.state == state && b.end == start) {
                Some(bar) => bar.end = end,
                None => bars.push(Bar { row, state, start, end }),
            }
        }
    }
    bars
}

/// Where a thin white line should separate two spans of one state that
/// touch, each wider than a few columns, so that consecutive tasks read as
/// separate: `(row, time)` pairs, time in the axis's unit.
pub(super) fn separators(
    spans: &[Span],
    threads: &[String],
    time: &TimeAxis,
    columns: usize,
) -> Vec<(usize, f64)> {
    let width = time.end / columns.max(1) as f64;
    let wide = |s: &Span| time.of(s.end) - time.of(s.start) > 3.0 * width;
    spans
        .windows(2)
        .filter(|pair| {
            let (before, after) = (&pair[0], &pair[1]);
            before.thread == after.thread
                && before.state == after.state
                && time.of(after.start) - time.of(before.end) < width
                && wide(before)
                && wide(after)
        })
        .filter_map(|pair| {
            let row = threads.iter().position(|t| *t == pair[1].thread)?;
            Some((row, time.of(pair[1].start)))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::timeline::TimeUnit;

    /// A span of `thread` in `state` from `start` to `end` microseconds.
    fn span(thread: &str, state: &'static str, start: u64, end: u64) -> Span {
        let (start, end) = (Duration::from_micros(start), Duration::from_micros(end));
        Span { thread: thread.into(), state, start, end }
    }

    #[test]
    fn tiny_interleaved_spans_become_a_few_bars_of_the_busiest_state() {
        // 1000 alternations of 1 µs "a" and 3 µs "b" over 4 ms, on 100 columns.
        let spans: Vec<Span> = (0..1000)
            .flat_map(|i| [span("t", "a", 4 * i, 4 * i + 1), span("t", "b", 4 * i + 1, 4 * i + 4)])
            .collect();
        let time = TimeAxis::new(TimeUnit::Micros, Duration::from_micros(4000));
        let bars = bars(&spans, &["t".to_string()], &time, 100);
        assert_eq!(bars.len(), 1, "{bars:?}");
        assert_eq!(bars[0].state, "b");
    }

    #[test]
    fn a_lone_tiny_span_still_shows_and_rows_keep_their_order() {
        let spans = [span("x", "holding", 10, 11), span("y", "working", 0, 500)];
        let time = TimeAxis::new(TimeUnit::Micros, Duration::from_micros(1000));
        let rows = ["x".to_string(), "y".to_string()];
        let bars = bars(&spans, &rows, &time, 100);
        let drawn: Vec<(usize, &str)> = bars.iter().map(|b| (b.row, b.state)).collect();
        assert_eq!(drawn, [(0, "holding"), (1, "working")]);
    }

    #[test]
    fn touching_wide_spans_of_one_state_are_separated() {
        let spans =
            [span("t", "task", 0, 300), span("t", "task", 300, 600), span("t", "other", 600, 900)];
        let time = TimeAxis::new(TimeUnit::Micros, Duration::from_micros(1000));
        assert_eq!(separators(&spans, &["t".to_string()], &time, 100), [(0, 300.0)]);
    }
}
