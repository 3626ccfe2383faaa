//! [`LinePlot`]: line and scatter plots, on linear or log axes.

use std::path::Path;

use anyhow::{Result, ensure};

use super::coord::Coord;
use super::frame::{self, Area, Chart, LegendPlace};
use super::{Axis, Colour, Figure, Series};
use plotters::style::RGBColor;

/// A line or scatter plot: series of (x, y) points over two axes.
///
/// ```no_run
/// # use labkit::plot::{Axis, Figure, LinePlot, Series};
/// # fn main() -> anyhow::Result<()> {
/// LinePlot::new("Time per item against chunk size")
///     .x(Axis::log("chunk size (items)"))
///     .y(Axis::linear("time per item (ns)"))
///     .series(Series::line_points("measured", vec![(1.0, 90.0), (10.0, 12.0), (100.0, 9.0)]))
///     .render(std::path::Path::new("chunk.svg"), "lab-00-amdahl · …")?;
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Debug)]
pub struct LinePlot {
    /// The title drawn above the plot.
    title: String,
    /// The horizontal axis.
    x: Axis,
    /// The vertical axis.
    y: Axis,
    /// The series, drawn in order (later ones on top) and coloured from the
    /// palette in order.
    series: Vec<Series>,
    /// The figure's width and height in pixels.
    size: (u32, u32),
}

impl LinePlot {
    /// An empty plot titled `title`, with unlabelled linear axes.
    pub fn new(title: impl Into<String>) -> LinePlot {
        LinePlot {
            title: title.into(),
            x: Axis::linear(""),
            y: Axis::linear(""),
            series: Vec::new(),
            size: frame::DEFAULT_SIZE,
        }
    }

    /// Sets the horizontal axis.
    pub fn x(mut self, axis: Axis) -> LinePlot {
        self.x = axis;
        self
    }

    /// Sets the vertical axis.
    pub fn y(mut self, axis: Axis) -> LinePlot {
        self.y = axis;
        self
    }

    /// Adds a series; it takes the next palette colour unless it chose one.
    pub fn series(mut self, series: Series) -> LinePlot {
        self.series.push(series);
        self
    }

    /// Sets the figure's size in pixels (800×500 by default).
    pub fn size(mut self, width: u32, height: u32) -> LinePlot {
        self.size = (width, height);
        self
    }

    /// The axes as plotters coordinates, fitted to the data; this is where
    /// empty series and values a log axis cannot show are refused.
    fn coords(&self) -> Result<(Coord, Coord)> {
        ensure!(
            !self.series.is_empty(),
            "the figure {:?} has no series to draw; add one with .series(...)",
            self.title
        );
        for series in &self.series {
            series.check()?;
        }
        let (x_lo, x_hi) = self.x.resolve(self.series.iter().flat_map(Series::xs))?;
        let (y_lo, y_hi) = self.y.resolve(self.series.iter().flat_map(Series::ys))?;
        Ok((Coord::new(x_lo, x_hi, self.x.scale()), Coord::new(y_lo, y_hi, self.y.scale())))
    }

    /// Draws the axes, the series and the legend into `area`: the legend in
    /// a corner where it hides no data, or, if every corner has some, in a
    /// strip right of the plot.
    fn draw(&self, area: &Area, x: Coord, y: Coord) -> Result<()> {
        let footprint: Vec<(f64, f64)> = self
            .series
            .iter()
            .flat_map(|s| s.footprint(|(px, py)| (x.fraction(px), y.fraction(py))))
            .collect();
        let names: Vec<&str> = self.series.iter().map(Series::name).collect();
        let place =
            frame::place_legend(&frame::chart(area, x.clone(), y.clone(), 50)?, &names, footprint);
        let colours = self.colours();
        let Some(LegendPlace::Outside(width)) = place else {
            let mut chart = self.draw_chart(area, x, y, &colours)?;
            if let Some(LegendPlace::Corner(corner)) = place {
                frame::draw_legend(&mut chart, corner)?;
            }
            return Ok(());
        };
        let (plot, strip) = area.split_horizontally(area.dim_in_pixel().0.saturating_sub(width));
        self.draw_chart(&plot, x.clone(), y.clone(), &colours)?;
        frame::draw_legend_beside(&strip, x, y, |chart| {
            self.series.iter().zip(&colours).try_for_each(|(s, &c)| s.legend_entry(chart, c))
        })
    }

    /// Each series' colour: its own, or the next one from the palette.
    fn colours(&self) -> Vec<RGBColor> {
        let mut next = 0;
        let mut pick = || {
            next += 1;
            Colour::palette(next - 1)
        };
        self.series
            .iter()
            .map(|s| s.chosen_colour().unwrap_or_else(&mut pick).rgb_color())
            .collect()
    }

    /// Draws the axes and the series, with their legend entries, into `area`.
    fn draw_chart<'a, 'b>(
        &self,
        area: &'a Area<'b>,
        x: Coord,
        y: Coord,
        colours: &[RGBColor],
    ) -> Result<Chart<'a, 'b>> {
        let mut chart = frame::chart(area, x, y, 50)?;
        let mut mesh = chart.configure_mesh();
        frame::style_mesh(&mut mesh);
        mesh.x_desc(self.x.label()).y_desc(self.y.label()).draw()?;
        for (series, &colour) in self.series.iter().zip(colours) {
            series.draw(&mut chart, colour)?;
        }
        Ok(chart)
    }
}

impl Figure for LinePlot {
    fn render(&self, path: &Path, caption: &str) -> Result<()> {
        let (x, y) = self.coords()?;
        frame::draw_figure(path, self.size, &self.title, caption, |area| self.draw(area, x, y))
    }

    fn title(&self) -> &str {
        &self.title
    }

    fn spread_note(&self) -> super::SpreadNote {
        self.series
            .iter()
            .map(Series::spread_note)
            .fold(Default::default(), super::SpreadNote::merge)
    }
}
