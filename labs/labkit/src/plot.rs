//! Figures as SVG (being written by a helper).

use std::path::Path;

/// Anything the kit can draw into an SVG file with the machine's caption.
pub trait Figure {
    /// Draws the figure into `path`, with `caption` (the machine, the profile,
    /// the date, the number of runs) printed under it.
    fn render(&self, path: &Path, caption: &str) -> anyhow::Result<()>;
    /// The title drawn above the figure.
    fn title(&self) -> &str;
}
