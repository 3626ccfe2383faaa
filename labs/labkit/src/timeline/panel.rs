//! One panel of a timeline chart: a run's threads as rows, its spans as
//! coloured bars (made by `bars.rs`), and a dashed line at its makespan.

use std::time::Duration;

use anyhow::Result;
use plotters::chart::ChartBuilder;
use plotters::element::{EmptyElement, PathElement, Rectangle, Text};
use plotters::series::DashedLineSeries;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{BLACK, Color, WHITE};

use super::bars::{bars, separators};
use super::unit::TimeAxis;
use super::{Span, Timeline};
use crate::plot::coord::{Coord, format_number};
use crate::plot::frame::{self, Area, LABEL_PX, TICK_PX};
use crate::plot::{Colour, Scale};

/// Room above the top row for the makespan's label, in rows.
pub(super) const HEADROOM: f64 = 0.8;

/// One run's timeline, copied out of its [`Timeline`] when added to a chart.
#[derive(Clone, Debug)]
pub(super) struct Panel {
    /// The name drawn above the panel ("as given", "shuffled"...).
    pub(super) label: String,
    /// The rows' names, top to bottom.
    pub(super) threads: Vec<String>,
    /// The spans, sorted by row and start.
    pub(super) spans: Vec<Span>,
    /// When the last span ended.
    pub(super) makespan: Duration,
}

impl Panel {
    /// A snapshot of what `timeline` has recorded so far.
    pub(super) fn of(label: String, timeline: &Timeline) -> Panel {
        Panel {
            label,
            threads: timeline.threads(),
            spans: timeline.spans(),
            makespan: timeline.makespan(),
        }
    }

    /// Draws the panel into `area`: rows labelled in a column `label_px`
    /// wide, bars in each state's colour, the makespan; the time axis is
    /// labelled only on the `last` panel.
    pub(super) fn draw(
        &self,
        area: &Area,
        time: &TimeAxis,
        colours: &[(&str, Colour)],
        label_px: u32,
        last: bool,
    ) -> Result<()> {
        let n = self.threads.len() as f64;
        let centres = (0..self.threads.len()).map(|row| n - row as f64 - 0.5);
        let y = Coord::new(0.0, n + HEADROOM, Scale::Linear).with_ticks(centres.collect());
        let mut builder = ChartBuilder::on(area);
        builder
            .margin_left(10)
            .margin_right(30)
            .x_label_area_size(if last { 45 } else { 22 })
            .y_label_area_size(label_px);
        if !self.label.is_empty() {
            builder.caption(&self.label, frame::text(LABEL_PX, BLACK));
        }
        let mut chart = builder.build_cartesian_2d(Coord::new(0.0, time.end, Scale::Linear), y)?;

        let row_name = |v: &f64| {
            let row = (n - v - 0.5).round() as usize;
            self.threads.get(row).cloned().unwrap_or_default()
        };
        let x_desc = if last { format!("time ({})", time.symbol()) } else { String::new() };
        let mut mesh = chart.configure_mesh();
        frame::style_mesh(&mut mesh);
        mesh.disable_y_mesh().y_label_formatter(&row_name).x_desc(x_desc).draw()?;

        // Bars at the chart's resolution (see `bars.rs`), then the white
        // lines between touching tasks.
        let columns = chart.plotting_area().dim_in_pixel().0 as usize;
        let row_edges = |row: usize| (n - row as f64 - 0.88, n - row as f64 - 0.12);
        let bars = bars(&self.spans, &self.threads, time, columns);
        let rectangles = bars.iter().filter_map(|bar| {
            let (_, colour) = colours.iter().find(|(state, _)| *state == bar.state)?;
            let (bottom, top) = row_edges(bar.row);
            let corners = [(bar.start, bottom), (bar.end, top)];
            Some(Rectangle::new(corners, colour.rgb_color().filled()))
        });
        chart.draw_series(rectangles)?;
        let white = WHITE.stroke_width(1);
        let lines = separators(&self.spans, &self.threads, time, columns);
        chart.draw_series(lines.into_iter().map(|(row, at)| {
            let (bottom, top) = row_edges(row);
            PathElement::new(vec![(at, bottom), (at, top)], white)
        }))?;

        let end = time.of(self.makespan);
        let line = BLACK.mix(0.7).stroke_width(1);
        chart.draw_series(DashedLineSeries::new(
            [(end, 0.0), (end, n + HEADROOM * 0.9)],
            5,
            4,
            line,
        ))?;
        // The label goes left of the line, unless the line is too close to
        // the axis for it to fit there.
        let label = format!("makespan {} {}", format_number(end), time.symbol());
        let line_px = end / time.end * columns as f64;
        let (side, offset) = if frame::text_width(&label, TICK_PX) + 10.0 < line_px {
            (HPos::Right, -5)
        } else {
            (HPos::Left, 5)
        };
        let style = frame::text(TICK_PX, BLACK).pos(Pos::new(side, VPos::Center));
        let text =
            EmptyElement::at((end, n + HEADROOM * 0.45)) + Text::new(label, (offset, 0), style);
        chart.draw_series([text])?;
        Ok(())
    }
}
