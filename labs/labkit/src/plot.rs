//! Figures as SVG: line and scatter plots, grouped bar charts.
//!
//! A lab builds a figure with a small builder, then hands it to
//! [`Figure::render`] with a caption that says which machine measured it:
//!
//! ```no_run
//! use labkit::plot::{Axis, Figure, LinePlot, Series};
//! use std::path::Path;
//!
//! # fn main() -> anyhow::Result<()> {
//! let measured = vec![(1.0, 1.0), (2.0, 1.9), (4.0, 3.4)];
//! let amdahl = vec![(1.0, 1.0), (2.0, 1.95), (4.0, 3.6)];
//! LinePlot::new("Speedup against workers")
//!     .x(Axis::linear("workers"))
//!     .y(Axis::linear("speedup (×)"))
//!     .series(Series::line_points("measured", measured))
//!     .series(Series::line("Amdahl, p = 0.95", amdahl).dashed())
//!     .render(Path::new("speedup.svg"), "lab-00-amdahl · some machine")?;
//! # Ok(())
//! # }
//! ```
//!
//! Every figure has the same frame: the title at the top, the axes with
//! their labels (which carry the unit, by convention: `"time (ms)"`), a light
//! grid, a legend when series have names, and the caption in small grey type
//! under it all. Colours come from one colour-blind-friendly palette.
//!
//! Layout of the module:
//!
//! | file | what it holds |
//! | --- | --- |
//! | `plot.rs` | this overview and the [`Figure`] trait |
//! | `plot/palette.rs` | [`Colour`] and the Okabe–Ito [`PALETTE`] |
//! | `plot/axis.rs` | [`Axis`] and [`Scale`]: label, linear or log, range |
//! | `plot/coord.rs` | how an axis maps values to pixels and where its ticks go |
//! | `plot/frame.rs` | the frame shared by all figures: title, caption, fonts, legend |
//! | `plot/series.rs` | [`Series`]: one named set of points and how it is drawn |
//! | `plot/clip.rs` | cutting lines where they leave the plotting area |
//! | `plot/line.rs` | [`LinePlot`]: line and scatter plots |
//! | `plot/bar.rs`, `plot/bar/draw.rs` | [`BarPlot`]: grouped bar charts (builder; drawing) |
//!
//! The time lines of threads ([`crate::timeline`]) are drawn with the same
//! frame and palette.

use std::path::Path;

mod axis;
mod bar;
mod clip;
pub(crate) mod coord;
pub(crate) mod frame;
mod line;
mod palette;
mod series;
#[cfg(test)]
mod tests;

pub use axis::{Axis, Scale};
pub use bar::BarPlot;
pub use line::LinePlot;
pub use palette::{Colour, PALETTE};
pub use series::Series;

/// Anything the kit can draw into an SVG file with the machine's caption.
pub trait Figure {
    /// Draws the figure into `path`, with `caption` (the machine, the profile,
    /// the date, the number of runs) printed under it.
    fn render(&self, path: &Path, caption: &str) -> anyhow::Result<()>;
    /// The title drawn above the figure.
    fn title(&self) -> &str;
    /// How widely its measured points spread, for the caption and manifest
    /// (nothing for figures without measured points).
    fn spread_note(&self) -> SpreadNote {
        SpreadNote::default()
    }
}

/// How widely a figure's measured points spread.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SpreadNote {
    /// The widest interquartile range over median of any measured point.
    pub widest: Option<f64>,
    /// The points drawn hollow, too noisy to tell from a neighbour, each
    /// named as a reader finds it in the lab's table: "crossbeam at 4",
    /// "2 workers · shuffled".
    pub points: Vec<String>,
}

impl SpreadNote {
    /// Both notes together.
    pub fn merge(mut self, other: SpreadNote) -> SpreadNote {
        self.widest = match (self.widest, other.widest) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
        self.points.extend(other.points);
        self
    }

    /// How many points are drawn hollow.
    pub fn unresolved(&self) -> usize {
        self.points.len()
    }
}
