//! Drawing a [`BarPlot`]: bar positions, the bars, their error bars and
//! values, and where the legend goes.

use anyhow::Result;
use plotters::coord::ranged1d::Ranged;
use plotters::element::{EmptyElement, Rectangle, Text};
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{BLACK, Color, RGBColor};

use super::{BarPlot, FILL, Group, VALUE_PX};
use crate::plot::coord::{Coord, format_number};
use crate::plot::frame::{self, Area, Chart, LegendPlace};
use crate::plot::series::draw_error_bars;
use crate::plot::{Colour, Scale};
use plotters::chart::SeriesAnno;
use plotters::prelude::SVGBackend;

impl BarPlot {
    /// The left and right edges of group `g`'s bar in category `c`.
    fn bar_edges(&self, c: usize, g: usize) -> (f64, f64) {
        let width = FILL / self.groups.len() as f64;
        let left = c as f64 + (1.0 - FILL) / 2.0 + g as f64 * width;
        (left + width * 0.06, left + width * 0.94)
    }

    /// Draws the axes, the bars, their values and the legend into `area`:
    /// the legend in a corner where it hides no bar, or, if every corner
    /// has some, in a strip right of the plot.
    pub(super) fn draw(&self, area: &Area, y: Coord) -> Result<()> {
        let n = self.categories.len();
        let centres = (0..n).map(|c| c as f64 + 0.5).collect();
        let x = Coord::new(0.0, n as f64, Scale::Linear).with_ticks(centres);
        let base = y.range().start.max(0.0).min(y.range().end);
        let footprint = self.footprint(&x, &y, base);
        let names: Vec<&str> = self.groups.iter().map(|g| g.name.as_str()).collect();
        let probe = frame::chart(area, x.clone(), y.clone(), 30)?;
        let place = frame::place_legend(&probe, &names, footprint);
        let Some(LegendPlace::Outside(width)) = place else {
            let mut chart = self.draw_chart(area, x, y, base)?;
            if let Some(LegendPlace::Corner(corner)) = place {
                frame::draw_legend(&mut chart, corner)?;
            }
            return Ok(());
        };
        let (plot, strip) = area.split_horizontally(area.dim_in_pixel().0.saturating_sub(width));
        self.draw_chart(&plot, x.clone(), y.clone(), base)?;
        frame::draw_legend_beside(&strip, x, y, |chart| {
            for (g, group) in self.groups.iter().enumerate() {
                let nothing = std::iter::empty::<Rectangle<(f64, f64)>>();
                let anno = chart.draw_series(nothing)?;
                label(anno, group, Colour::palette(g).rgb_color());
            }
            Ok(())
        })
    }

    /// Draws the axes, the bars (hollow where unresolved), their error bars
    /// and values into `area`, with each group's legend entry.
    fn draw_chart<'a, 'b>(
        &self,
        area: &'a Area<'b>,
        x: Coord,
        y: Coord,
        base: f64,
    ) -> Result<Chart<'a, 'b>> {
        let n = self.categories.len();
        let mut chart = frame::chart(area, x, y, 30)?;
        let category = |v: &f64| self.categories.get(*v as usize).cloned().unwrap_or_default();
        let mut mesh = chart.configure_mesh();
        frame::style_mesh(&mut mesh);
        mesh.disable_x_mesh().x_label_formatter(&category).y_desc(self.y.label()).draw()?;

        let plot_w = f64::from(chart.plotting_area().dim_in_pixel().0);
        let print_values = self.value_labels && self.values_fit(plot_w / n as f64);
        for (g, group) in self.groups.iter().enumerate() {
            let colour = Colour::palette(g).rgb_color();
            let bars = group.values.iter().enumerate().map(|(c, &v)| {
                let (left, right) = self.bar_edges(c, g);
                // A hollow bar (an outline on white): too noisy to tell from its neighbours.
                let style =
                    if self.is_unresolved(g, c) { colour.stroke_width(2) } else { colour.filled() };
                Rectangle::new([(left, base), (right, v)], style)
            });
            let anno = chart.draw_series(bars)?;
            label(anno, group, colour);
            if let Some(spread) = &group.spread {
                let centres = (0..n).map(|c| self.bar_edges(c, g)).map(|(l, r)| (l + r) / 2.0);
                let bars = centres.zip(spread).map(|(x, &(lo, hi))| (x, lo, hi));
                draw_error_bars(&mut chart, bars, BLACK.mix(0.7).stroke_width(1))?;
            }
            if print_values {
                self.draw_values(&mut chart, g, group)?;
            }
        }
        Ok(chart)
    }

    /// Where the bars put ink, as fractions of the plotting area, so the
    /// legend can avoid them.
    fn footprint(&self, x: &Coord, y: &Coord, base: f64) -> Vec<(f64, f64)> {
        let mut ink = Vec::new();
        for (g, group) in self.groups.iter().enumerate() {
            for c in 0..group.values.len() {
                let (left, right) = self.bar_edges(c, g);
                let top = group.far_end(c);
                for i in 0..=10 {
                    let height = y.fraction(base + (top - base) * f64::from(i) / 10.0);
                    ink.extend(
                        [left, (left + right) / 2.0, right].map(|e| (x.fraction(e), height)),
                    );
                }
            }
        }
        ink
    }

    /// Whether every value fits as text across its bar; values are printed
    /// on all bars or on none, so that a missing one never looks like a gap.
    fn values_fit(&self, category_px: f64) -> bool {
        let bar_px = category_px * FILL / self.groups.len() as f64 * 0.88;
        let values = self.groups.iter().flat_map(|g| &g.values);
        values
            .map(|&v| frame::text_width(&format_number(v), VALUE_PX))
            .all(|width| width <= bar_px - 2.0)
    }

    /// Prints each of group `g`'s values beyond its bar (and error bar):
    /// above a positive bar, below a negative one.
    fn draw_values<'a, 'b: 'a>(
        &self,
        chart: &mut Chart<'a, 'b>,
        g: usize,
        group: &Group,
    ) -> Result<()> {
        let grey = frame::text(VALUE_PX, RGBColor(60, 60, 60));
        for (c, &v) in group.values.iter().enumerate() {
            let (left, right) = self.bar_edges(c, g);
            let (side, offset) = if v < 0.0 { (VPos::Top, 3) } else { (VPos::Bottom, -3) };
            let style = grey.pos(Pos::new(HPos::Center, side));
            let at = ((left + right) / 2.0, group.far_end(c));
            let text = Text::new(format_number(v), (0, offset), style);
            chart.draw_series([EmptyElement::at(at) + text])?;
        }
        Ok(())
    }
}

/// Adds `group`'s legend entry (its name and a filled swatch) to `anno`,
/// unless the group has no name.
fn label<'a, 'b: 'a>(anno: &mut SeriesAnno<'a, SVGBackend<'b>>, group: &Group, colour: RGBColor) {
    if !group.name.is_empty() {
        anno.label(group.name.as_str())
            .legend(move |(x, y)| Rectangle::new([(x, y - 6), (x + 16, y + 6)], colour.filled()));
    }
}
