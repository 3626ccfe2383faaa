//! A series: one named set of (x, y) points and how to draw it.
//!
//! Measured data is usually drawn as [`Series::line_points`] (markers show
//! where the measurements are, the line guides the eye), scatter data as
//! [`Series::points`], and theory (Amdahl's curve, an ideal speedup) as a
//! [`Series::line`] made [`Series::dashed`], so measurement and model never
//! look alike. [`Series::with_spread`] adds an error bar at each point.

use crate::measure::Stats;
use anyhow::{Result, ensure};
use plotters::chart::SeriesAnno;
use plotters::coord::ranged1d::Ranged;
use plotters::element::{Circle, EmptyElement, PathElement};
use plotters::prelude::SVGBackend;
use plotters::series::{DashedLineSeries, LineSeries};
use plotters::style::{Color, RGBColor, ShapeStyle, TRANSPARENT, WHITE};

use super::Colour;
use super::clip::{is_visible, visible_runs};
use super::frame::Chart;

/// How a series is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Style {
    /// A line through the points, without markers.
    Line,
    /// Markers only: a scatter plot.
    Points,
    /// A line through the points, with a marker at each.
    LinePoints,
}

/// One named set of points on a [`super::LinePlot`].
#[derive(Clone, Debug)]
pub struct Series {
    /// The name shown in the legend; an empty name keeps the series out of it.
    name: String,
    /// The (x, y) points, drawn in the order given.
    points: Vec<(f64, f64)>,
    /// Line, markers or both.
    style: Style,
    /// Dashed lines mark theory and references, as opposed to measurements.
    dashed: bool,
    /// For each point, the (low, high) of its error bar: min..max of the
    /// repetitions, or the quartiles.
    spread: Option<Vec<(f64, f64)>>,
    /// A colour chosen by the lab (to pair a measurement with its model);
    /// `None` takes the next palette colour.
    colour: Option<Colour>,
    /// For measured series: each point's spread (interquartile range over
    /// median) and whether it is unresolved, i.e. too wide to tell from a
    /// neighbour ([`crate::measure::unresolved`]); such points are drawn hollow.
    measured: Option<Vec<(f64, bool)>>,
}

impl Series {
    /// A line through `points`, without markers (theory, dense data).
    pub fn line(name: impl Into<String>, points: Vec<(f64, f64)>) -> Series {
        Series {
            name: name.into(),
            points,
            style: Style::Line,
            dashed: false,
            spread: None,
            colour: None,
            measured: None,
        }
    }

    /// Markers at `points`, without a line: a scatter plot.
    pub fn points(name: impl Into<String>, points: Vec<(f64, f64)>) -> Series {
        Series { style: Style::Points, ..Series::line(name, points) }
    }

    /// A line through `points` with a marker at each: measured data.
    pub fn line_points(name: impl Into<String>, points: Vec<(f64, f64)>) -> Series {
        Series { style: Style::LinePoints, ..Series::line(name, points) }
    }

    /// Measured data: a line through the medians, with a bar from the
    /// fastest to the slowest run at each point. A point whose runs spread
    /// too wide to tell it from a neighbour on the line is drawn hollow.
    pub fn measured(
        name: impl Into<String>,
        points: impl IntoIterator<Item = (f64, Stats)>,
    ) -> Series {
        let (xs, stats): (Vec<f64>, Vec<Stats>) = points.into_iter().unzip();
        let points = xs.iter().zip(&stats).map(|(&x, st)| (x, st.median)).collect();
        let spread = stats.iter().map(|st| (st.min, st.max)).collect();
        let flags = crate::measure::unresolved(&stats);
        let measured = stats.iter().zip(flags).map(|(st, u)| (st.rel_spread(), u)).collect();
        Series { measured: Some(measured), ..Series::line_points(name, points).with_spread(spread) }
    }

    /// The widest spread of its measured points and how many are unresolved.
    pub(crate) fn spread_note(&self) -> super::SpreadNote {
        let measured = self.measured.iter().flatten();
        let hollow = self.points.iter().zip(measured.clone()).filter(|&(_, &(_, u))| u);
        super::SpreadNote {
            widest: measured.map(|&(s, _)| s).filter(|s| s.is_finite()).reduce(f64::max),
            points: hollow.map(|((x, _), _)| format!("{} at {x}", self.name)).collect(),
        }
    }

    /// Whether the point at `index` is drawn hollow.
    fn is_unresolved(&self, index: usize) -> bool {
        self.measured.as_ref().is_some_and(|m| m.get(index).is_some_and(|&(_, u)| u))
    }

    /// Draws the line dashed: the convention for theory and reference curves.
    pub fn dashed(mut self) -> Series {
        self.dashed = true;
        self
    }

    /// Adds a vertical error bar at each point, from `low` to `high`; there
    /// must be one `(low, high)` per point (checked when drawn).
    pub fn with_spread(mut self, spread: Vec<(f64, f64)>) -> Series {
        self.spread = Some(spread);
        self
    }

    /// Draws the series in `colour` instead of the next palette colour.
    pub fn colour(mut self, colour: impl Into<Colour>) -> Series {
        self.colour = Some(colour.into());
        self
    }

    /// The name shown in the legend.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The colour chosen with [`Series::colour`], if any.
    pub(crate) fn chosen_colour(&self) -> Option<Colour> {
        self.colour
    }

    /// Refuses a series that cannot be drawn: no points, or a spread that
    /// does not match the points.
    pub(crate) fn check(&self) -> Result<()> {
        ensure!(
            !self.points.is_empty(),
            "series {:?} has no points; a figure cannot draw an empty series",
            self.name
        );
        if let Some(spread) = &self.spread {
            ensure!(
                spread.len() == self.points.len(),
                "series {:?} has {} points but {} spreads; give one (low, high) per point",
                self.name,
                self.points.len(),
                spread.len()
            );
        }
        Ok(())
    }

    /// The series' x values, each tagged with the series name.
    pub(crate) fn xs(&self) -> impl Iterator<Item = (&str, f64)> {
        self.points.iter().map(|&(x, _)| (self.name.as_str(), x))
    }

    /// The series' y values and error-bar ends, each tagged with its name.
    pub(crate) fn ys(&self) -> impl Iterator<Item = (&str, f64)> {
        let bars = self.spread.iter().flatten().flat_map(|&(lo, hi)| [lo, hi]);
        let ys = self.points.iter().map(|&(_, y)| y).chain(bars);
        ys.map(|y| (self.name.as_str(), y))
    }

    /// Every place the series puts ink: its points, its error-bar ends, and
    /// (for lines) points along each segment, mapped by `to_fraction`.
    pub(crate) fn footprint(
        &self,
        to_fraction: impl Fn((f64, f64)) -> (f64, f64),
    ) -> Vec<(f64, f64)> {
        let mut ink: Vec<(f64, f64)> = self.points.iter().map(|&p| to_fraction(p)).collect();
        if self.style != Style::Points {
            let along = ink.windows(2).flat_map(|pair| {
                let ((x0, y0), (x1, y1)) = (pair[0], pair[1]);
                (1..10).map(move |i| {
                    let t = f64::from(i) / 10.0;
                    (x0 + (x1 - x0) * t, y0 + (y1 - y0) * t)
                })
            });
            ink.extend(along.collect::<Vec<_>>());
        }
        for (&(x, _), &(lo, hi)) in self.points.iter().zip(self.spread.iter().flatten()) {
            ink.extend([to_fraction((x, lo)), to_fraction((x, hi))]);
        }
        ink
    }

    /// Draws the series on `chart` in `colour`, with its legend entry. Only
    /// what lies within the axes' ranges is drawn (see `clip.rs`).
    pub(crate) fn draw<'a, 'b: 'a>(
        &self,
        chart: &mut Chart<'a, 'b>,
        colour: RGBColor,
    ) -> Result<()> {
        let (x, y) =
            (chart.as_coord_spec().x_spec().clone(), chart.as_coord_spec().y_spec().clone());
        let visible: Vec<((f64, f64), bool)> = (self.points.iter().copied().enumerate())
            .filter(|&(_, p)| is_visible(p, &x, &y))
            .map(|(i, p)| (p, self.is_unresolved(i)))
            .collect();
        let line = colour.stroke_width(2);
        let runs = if self.style == Style::Points {
            Vec::new()
        } else {
            visible_runs(&self.points, &x, &y)
        };
        for run in &runs {
            if self.dashed {
                chart.draw_series(DashedLineSeries::new(run.iter().copied(), 8, 5, line))?;
            } else {
                chart.draw_series(LineSeries::new(run.iter().copied(), line))?;
            }
        }
        let markers = if self.style == Style::Line { &[][..] } else { &visible[..] };
        // A hollow marker (a ring on white) says "too noisy to tell from its neighbour".
        let marker = |(p, unresolved): ((f64, f64), bool)| {
            let fill = if unresolved { WHITE.filled() } else { colour.filled() };
            EmptyElement::at(p)
                + Circle::new((0, 0), 4, fill)
                + Circle::new((0, 0), 4, colour.stroke_width(2))
        };
        let anno = chart.draw_series(markers.iter().copied().map(marker))?;
        self.label(anno, colour);
        if let Some(spread) = &self.spread {
            let bars = self.points.iter().zip(spread).map(|(&(x, _), &(lo, hi))| (x, lo, hi));
            draw_error_bars(chart, bars, colour.stroke_width(1))?;
        }
        Ok(())
    }

    /// Adds the series' legend entry (its name and a swatch of its line and
    /// marker) to `anno`, unless the series has no name.
    pub(crate) fn label<'a, 'b: 'a>(
        &self,
        anno: &mut SeriesAnno<'a, SVGBackend<'b>>,
        colour: RGBColor,
    ) {
        if self.name.is_empty() {
            return;
        }
        let (stroke, marker, segments) = swatch(self.style, self.dashed, colour);
        anno.label(self.name.as_str()).legend(move |(x, y)| {
            let segment = |(a, b)| PathElement::new(vec![(a, 0), (b, 0)], stroke);
            EmptyElement::at((x, y))
                + segment(segments[0])
                + segment(segments[1])
                + segment(segments[2])
                + Circle::new((10, 0), 4, marker)
        });
    }

    /// Adds only the legend entry, with no data, to `chart`: for a legend
    /// drawn beside the plot ([`super::frame::draw_legend_beside`]).
    pub(crate) fn legend_entry<'a, 'b: 'a>(
        &self,
        chart: &mut Chart<'a, 'b>,
        colour: RGBColor,
    ) -> Result<()> {
        let nothing = std::iter::empty::<EmptyElement<(f64, f64), SVGBackend<'b>>>();
        self.label(chart.draw_series(nothing)?, colour);
        Ok(())
    }
}

/// Draws error bars: at each `(x, low, high)`, a vertical line from low to
/// high with short caps at both ends. A bar is cut to the y axis's range
/// (without a cap where it is cut), and left out if `x` is out of range.
pub(crate) fn draw_error_bars<'a, 'b: 'a>(
    chart: &mut Chart<'a, 'b>,
    bars: impl IntoIterator<Item = (f64, f64, f64)>,
    style: ShapeStyle,
) -> Result<()> {
    let (x, y) = (chart.as_coord_spec().x_spec().clone(), chart.as_coord_spec().y_spec().clone());
    let (bottom, top) = (y.range().start, y.range().end);
    let cap =
        |at: (f64, f64)| EmptyElement::at(at) + PathElement::new(vec![(-4, 0), (4, 0)], style);
    for (at, lo, hi) in bars {
        let (lo, hi) = (lo.min(hi), lo.max(hi));
        if !is_visible((at, bottom), &x, &y) || hi < bottom || lo > top {
            continue;
        }
        let (from, to) = (lo.max(bottom), hi.min(top));
        chart.draw_series([PathElement::new(vec![(at, from), (at, to)], style)])?;
        let ends = [(lo >= bottom).then_some(from), (hi <= top).then_some(to)];
        chart.draw_series(ends.into_iter().flatten().map(|end| cap((at, end))))?;
    }
    Ok(())
}

/// The parts of the little drawing next to a series' name in the legend:
/// the line's style, the marker's style (transparent when the series has no
/// line, or no marker) and three segments, touching for a solid line, apart
/// for a dashed one.
fn swatch(
    style: Style,
    dashed: bool,
    colour: RGBColor,
) -> (ShapeStyle, ShapeStyle, [(i32, i32); 3]) {
    let stroke = if style == Style::Points {
        ShapeStyle::from(&TRANSPARENT)
    } else {
        colour.stroke_width(2)
    };
    let marker =
        if style == Style::Line { ShapeStyle::from(&TRANSPARENT) } else { colour.filled() };
    let segments = if dashed { [(0, 5), (8, 13), (16, 21)] } else { [(0, 7), (7, 14), (14, 21)] };
    (stroke, marker, segments)
}
