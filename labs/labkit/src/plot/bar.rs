//! [`BarPlot`]: grouped bar charts, one bar per category in each group.
//!
//! This file holds the builder and its checks; `bar/draw.rs` draws.

use std::path::Path;

use anyhow::{Result, ensure};

use super::coord::Coord;
use super::frame;
use super::{Axis, Figure, Scale, SpreadNote};
use crate::measure::{Comparison, Stats, compare};

mod draw;

/// Text size of the value printed on top of each bar.
const VALUE_PX: f64 = 11.0;
/// The share of a category's width its bars fill; the rest separates
/// categories.
const FILL: f64 = 0.8;

/// A grouped bar chart: for each category (an x position), one bar per
/// group, each group in its own palette colour.
///
/// ```no_run
/// # use labkit::plot::{Axis, BarPlot, Figure};
/// # fn main() -> anyhow::Result<()> {
/// BarPlot::new("Makespan by work order")
///     .categories(["as given", "shuffled", "slowest first"])
///     .y(Axis::linear("makespan (ms)"))
///     .group("2 workers", vec![410.0, 300.0, 260.0])
///     .group("4 workers", vec![390.0, 170.0, 140.0])
///     .render(std::path::Path::new("order.svg"), "lab-00-amdahl · …")?;
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Debug)]
pub struct BarPlot {
    /// The title drawn above the chart.
    title: String,
    /// The names along the x axis, one per position.
    categories: Vec<String>,
    /// The vertical axis: what the bars measure.
    y: Axis,
    /// The groups, each one colour with one value per category.
    groups: Vec<Group>,
    /// Whether each bar has its value printed on top (when all of them fit).
    value_labels: bool,
    /// The figure's width and height in pixels.
    size: (u32, u32),
}

/// One group of bars: one colour, one value per category.
#[derive(Clone, Debug)]
struct Group {
    /// The name in the legend.
    name: String,
    /// One value per category, in the categories' order.
    values: Vec<f64>,
    /// For each value, the (low, high) of its error bar, if measured.
    spread: Option<Vec<(f64, f64)>>,
    /// For a measured group ([`BarPlot::group_measured`]), each bar's runs:
    /// a bar that cannot be told from its neighbours is drawn hollow.
    stats: Option<Vec<Stats>>,
}

impl BarPlot {
    /// An empty bar chart titled `title`.
    pub fn new(title: impl Into<String>) -> BarPlot {
        BarPlot {
            title: title.into(),
            categories: Vec::new(),
            y: Axis::linear(""),
            groups: Vec::new(),
            value_labels: true,
            size: frame::DEFAULT_SIZE,
        }
    }

    /// Names the categories, left to right.
    pub fn categories<S: Into<String>>(mut self, names: impl IntoIterator<Item = S>) -> BarPlot {
        self.categories = names.into_iter().map(Into::into).collect();
        self
    }

    /// Sets the vertical axis.
    pub fn y(mut self, axis: Axis) -> BarPlot {
        self.y = axis;
        self
    }

    /// Adds a group: one bar per category, in the next palette colour.
    pub fn group(mut self, name: impl Into<String>, values: Vec<f64>) -> BarPlot {
        let (name, spread) = (name.into(), None);
        self.groups.push(Group { name, values, spread, stats: None });
        self
    }

    /// Adds a group whose bars carry error bars from `low` to `high`.
    pub fn group_with_spread(
        mut self,
        name: impl Into<String>,
        values: Vec<f64>,
        spread: Vec<(f64, f64)>,
    ) -> BarPlot {
        let (name, spread) = (name.into(), Some(spread));
        self.groups.push(Group { name, values, spread, stats: None });
        self
    }

    /// Adds a measured group: each bar is the median of its runs, with an
    /// error bar from the fastest to the slowest run. A bar whose runs
    /// spread too wide to tell it from a neighbour (the other groups' bars
    /// in its category or, in a chart of one measured group, the bars beside
    /// it) is drawn hollow, and counted in the figure's [`SpreadNote`].
    pub fn group_measured(mut self, name: impl Into<String>, stats: Vec<Stats>) -> BarPlot {
        let values = stats.iter().map(|s| s.median).collect();
        let spread = Some(stats.iter().map(|s| (s.min, s.max)).collect());
        self.groups.push(Group { name: name.into(), values, spread, stats: Some(stats) });
        self
    }

    /// Whether group `g`'s bar in category `c` is too noisy to tell from a
    /// neighbour (see [`BarPlot::group_measured`]).
    fn is_unresolved(&self, g: usize, c: usize) -> bool {
        let at = |g: usize, c: usize| self.groups.get(g)?.stats.as_ref()?.get(c);
        let Some(bar) = at(g, c) else { return false };
        let measured = self.groups.iter().filter(|group| group.stats.is_some()).count();
        let neighbours: Vec<&Stats> = if measured > 1 {
            (0..self.groups.len()).filter(|&o| o != g).filter_map(|o| at(o, c)).collect()
        } else {
            [c.checked_sub(1), Some(c + 1)].into_iter().flatten().filter_map(|o| at(g, o)).collect()
        };
        neighbours.into_iter().any(|n| compare(bar, n) == Comparison::Unclear)
    }

    /// Prints (the default) or hides each bar's value on top of it.
    pub fn value_labels(mut self, shown: bool) -> BarPlot {
        self.value_labels = shown;
        self
    }

    /// Sets the figure's size in pixels (800×500 by default).
    pub fn size(mut self, width: u32, height: u32) -> BarPlot {
        self.size = (width, height);
        self
    }

    /// Refuses a chart that cannot be drawn, and fits the y axis: bars
    /// start at 0 on a linear axis, so 0 is always in range there.
    fn y_coord(&self) -> Result<Coord> {
        ensure!(
            !self.categories.is_empty(),
            "the bar chart {:?} has no categories; name them with .categories(...)",
            self.title
        );
        ensure!(
            !self.groups.is_empty(),
            "the bar chart {:?} has no bars; add a group with .group(...)",
            self.title
        );
        for group in &self.groups {
            let n = self.categories.len();
            ensure!(
                group.values.len() == n,
                "group {:?} has {} values for {n} categories; give one value per category",
                group.name,
                group.values.len()
            );
            let spreads = group.spread.as_ref().map_or(n, Vec::len);
            ensure!(
                spreads == n,
                "group {:?} has {spreads} spreads for {n} values; give one (low, high) per value",
                group.name
            );
        }
        let zero = (self.y.scale() == Scale::Linear).then_some(("", 0.0));
        let values = self.groups.iter().flat_map(|g| {
            let bars = g.spread.iter().flatten().flat_map(|&(lo, hi)| [lo, hi]);
            g.values.iter().copied().chain(bars).map(|v| (g.name.as_str(), v))
        });
        let (lo, hi) = self.y.resolve(values.chain(zero))?;
        Ok(Coord::new(lo, self.with_room_for_the_legend(lo, hi), self.y.scale()))
    }

    /// Bars fill the width of the chart, so no corner is free for the
    /// legend: a fitted linear axis is raised until the legend fits above
    /// the tallest bar. A fixed range is left as it is.
    fn with_room_for_the_legend(&self, lo: f64, hi: f64) -> f64 {
        if self.y.is_fixed() || self.y.scale() != Scale::Linear || hi <= 0.0 {
            return hi;
        }
        // The legend's height (rows, padding and margin), as a share of the
        // plotting area, which is roughly 70 % of the figure's height.
        let legend_px = self.groups.len() as f64 * frame::TICK_PX * 1.4 + 32.0;
        let share = (legend_px / (f64::from(self.size.1) * 0.7)).min(0.6);
        lo + (hi - lo) / (1.0 - share)
    }
}

impl Group {
    /// Where the ink of category `c` ends, away from the axis: the bar's end,
    /// or its error bar's if that reaches further (below, for a negative
    /// value).
    fn far_end(&self, c: usize) -> f64 {
        let value = self.values[c];
        match &self.spread {
            Some(spread) if value < 0.0 => value.min(spread[c].0),
            Some(spread) => value.max(spread[c].1),
            None => value,
        }
    }
}

impl Figure for BarPlot {
    fn render(&self, path: &Path, caption: &str) -> Result<()> {
        let y = self.y_coord()?;
        frame::draw_figure(path, self.size, &self.title, caption, |area| self.draw(area, y))
    }

    fn title(&self) -> &str {
        &self.title
    }

    fn spread_note(&self) -> SpreadNote {
        let mut note = SpreadNote::default();
        for (g, group) in self.groups.iter().enumerate() {
            for (c, stats) in group.stats.iter().flatten().enumerate() {
                let spread = Some(stats.rel_spread()).filter(|s| s.is_finite());
                let name = || {
                    let category = self.categories.get(c).map_or("", String::as_str);
                    format!("{} · {category}", group.name)
                };
                let points = if self.is_unresolved(g, c) { vec![name()] } else { Vec::new() };
                let bar = SpreadNote { widest: spread, points };
                note = note.merge(bar);
            }
        }
        note
    }
}

#[cfg(test)]
mod legend_room_tests {
    use super::*;

    #[test]
    fn a_fitted_axis_is_raised_so_the_legend_clears_the_bars() {
        let bars =
            BarPlot::new("t").categories(["a"]).group("one", vec![10.0]).group("two", vec![8.0]);
        let raised = bars.with_room_for_the_legend(0.0, 10.0);
        assert!(raised > 11.5 && raised < 20.0, "{raised}");
    }

    #[test]
    fn a_fixed_range_is_left_alone() {
        let bars =
            BarPlot::new("t").y(Axis::linear("ms").range(0.0, 10.0)).group("one", vec![10.0]);
        assert_eq!(bars.with_room_for_the_legend(0.0, 10.0), 10.0);
    }
}
