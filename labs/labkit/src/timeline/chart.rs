//! Drawing timelines: [`TimelineChart`], a legend of states above one or
//! several panels stacked on one time axis.
//!
//! Panels share the time axis so that runs compare by eye: chapter 00 stacks
//! the same work done in three orders, and the dashed line at the end of
//! each panel (its makespan) shows which order finished first. A state has
//! the same colour in every panel. Each panel is drawn by `panel.rs`.

use std::path::Path;

use anyhow::{Result, ensure};
use plotters::element::Rectangle;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{BLACK, Color};

use super::Timeline;
use super::panel::{HEADROOM, Panel};
use super::unit::{TimeAxis, TimeUnit};
use crate::plot::frame::{self, Area, TICK_PX};
use crate::plot::{Colour, Figure, PALETTE};

/// Height of the strip holding the legend of states, in pixels.
const LEGEND_PX: u32 = 28;

/// A timeline figure: one panel per recorded run, stacked on one time axis.
///
/// ```no_run
/// # use labkit::timeline::{Timeline, TimelineChart};
/// # use labkit::plot::Figure;
/// # fn main() -> anyhow::Result<()> {
/// # let (as_given, shuffled) = (Timeline::new(), Timeline::new());
/// TimelineChart::new("Two workers, two work orders")
///     .panel("as given", &as_given)
///     .panel("shuffled", &shuffled)
///     .state_colour("idle", (200, 200, 200))
///     .render(std::path::Path::new("order.svg"), "lab-00-amdahl · …")?;
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Debug)]
pub struct TimelineChart {
    /// The title drawn above the panels.
    title: String,
    /// The runs to draw, top to bottom.
    panels: Vec<Panel>,
    /// Colours the lab chose for some states; the others take palette
    /// colours in order of first appearance.
    colours: Vec<(String, Colour)>,
    /// The unit of the time axis.
    unit: TimeUnit,
    /// The figure's size in pixels; `None` fits the height to the rows.
    size: Option<(u32, u32)>,
}

impl TimelineChart {
    /// An empty chart titled `title`.
    pub fn new(title: impl Into<String>) -> TimelineChart {
        TimelineChart {
            title: title.into(),
            panels: Vec::new(),
            colours: Vec::new(),
            unit: TimeUnit::Auto,
            size: None,
        }
    }

    /// Adds a panel showing what `timeline` has recorded so far, under
    /// `label` (an empty label draws none). Spans of recorders still alive
    /// are not seen: drop them, or flush them, first.
    pub fn panel(mut self, label: impl Into<String>, timeline: &Timeline) -> TimelineChart {
        self.panels.push(Panel::of(label.into(), timeline));
        self
    }

    /// Draws `state` in `colour` (a palette index or an `(r, g, b)`).
    pub fn state_colour(
        mut self,
        state: impl Into<String>,
        colour: impl Into<Colour>,
    ) -> TimelineChart {
        self.colours.push((state.into(), colour.into()));
        self
    }

    /// Sets the unit of the time axis (by default chosen from the data).
    pub fn time_unit(mut self, unit: TimeUnit) -> TimelineChart {
        self.unit = unit;
        self
    }

    /// Sets the figure's size in pixels (by default 800 wide and as tall as
    /// the rows need).
    pub fn size(mut self, width: u32, height: u32) -> TimelineChart {
        self.size = Some((width, height));
        self
    }

    /// Each state with its colour, in order of first appearance (panel by
    /// panel, row by row): chosen colours as chosen, the others from the
    /// palette colours nobody chose, in order.
    fn state_colours(&self) -> Vec<(&str, Colour)> {
        let not_chosen = |colour: &&Colour| self.colours.iter().all(|(_, c)| c != *colour);
        let mut free = PALETTE.iter().filter(not_chosen).copied();
        let mut seen: Vec<(&str, Colour)> = Vec::new();
        for span in self.panels.iter().flat_map(|p| &p.spans) {
            if seen.iter().any(|(state, _)| *state == span.state) {
                continue;
            }
            let colour = match self.colours.iter().find(|(state, _)| state == span.state) {
                Some((_, colour)) => *colour,
                None => free.next().unwrap_or(Colour::palette(seen.len())),
            };
            seen.push((span.state, colour));
        }
        seen
    }

    /// The height each panel needs, in pixels: its rows, its label, and its
    /// time axis (the last panel's has room for the axis's name).
    fn panel_heights(&self) -> Vec<u32> {
        let rows: usize = self.panels.iter().map(|p| p.threads.len()).sum();
        let row_px = if rows <= 16 { 26.0 } else { 16.0 };
        let last = self.panels.len().saturating_sub(1);
        let height = |(i, panel): (usize, &Panel)| {
            let label = if panel.label.is_empty() { 6 } else { 26 };
            let axis = if i == last { 52 } else { 26 };
            label + axis + (row_px * (panel.threads.len() as f64 + HEADROOM)) as u32
        };
        self.panels.iter().enumerate().map(height).collect()
    }

    /// Draws the legend strip, then the panels one under the other, each
    /// `heights[i]` high (the last one takes what is left).
    fn draw(&self, area: &Area, heights: &[u32]) -> Result<()> {
        let longest = self.panels.iter().map(|p| p.makespan).max().unwrap_or_default();
        let time = TimeAxis::new(self.unit, longest);
        let colours = self.state_colours();
        let names = self.panels.iter().flat_map(|p| &p.threads);
        let label_px = names.map(|n| frame::text_width(n, TICK_PX)).fold(0.0, f64::max) + 16.0;

        let (legend, mut rest) = area.split_vertically(LEGEND_PX);
        draw_legend(&legend, &colours, label_px as i32 + 10)?;
        for (i, panel) in self.panels.iter().enumerate() {
            let last = i + 1 == self.panels.len();
            let (here, below) =
                if last { (rest.clone(), rest.clone()) } else { rest.split_vertically(heights[i]) };
            panel.draw(&here, &time, &colours, label_px as u32, last)?;
            rest = below;
        }
        Ok(())
    }
}

/// Draws a swatch and the name of each state in a row, from `left`.
fn draw_legend(area: &Area, colours: &[(&str, Colour)], left: i32) -> Result<()> {
    let style = frame::text(TICK_PX, BLACK).pos(Pos::new(HPos::Left, VPos::Center));
    let mut x = left;
    for (state, colour) in colours {
        let swatch = Rectangle::new([(x, 8), (x + 14, 22)], colour.rgb_color().filled());
        area.draw(&swatch)?;
        area.draw_text(state, &style, (x + 20, 15))?;
        x += 20 + frame::text_width(state, TICK_PX) as i32 + 24;
    }
    Ok(())
}

impl Figure for TimelineChart {
    fn render(&self, path: &Path, caption: &str) -> Result<()> {
        ensure!(
            !self.panels.is_empty(),
            "the timeline chart {:?} has no panels; add one with .panel(label, &timeline)",
            self.title
        );
        for panel in &self.panels {
            ensure!(
                !panel.spans.is_empty(),
                "the panel {:?} of {:?} has no spans: were its recorders dropped \
                 (or flushed) before it was added?",
                panel.label,
                self.title
            );
        }
        let heights = self.panel_heights();
        let needed: u32 = heights.iter().sum();
        let width = self.size.map_or(frame::DEFAULT_SIZE.0, |(w, _)| w);
        let chrome = frame::chrome_height(width, &self.title, caption) + LEGEND_PX;
        let fitted = (chrome + needed).max(frame::MIN_SIZE.1);
        let size = self.size.unwrap_or((width, fitted));
        // A size chosen by the lab scales the panels to fit it.
        let room = size.1.saturating_sub(chrome);
        let scaled: Vec<u32> = heights.iter().map(|h| h * room / needed.max(1)).collect();
        frame::draw_figure(path, size, &self.title, caption, |area| self.draw(area, &scaled))
    }

    fn title(&self) -> &str {
        &self.title
    }
}
