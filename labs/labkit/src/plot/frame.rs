//! The frame every figure shares: the SVG file, the title, the caption, the
//! fonts, the grid and the legend.
//!
//! [`draw_figure`] opens the file, draws the title at the top and the caption
//! at the bottom, and hands the space between to the figure's own drawing
//! code. Keeping this in one place is what makes all the book's figures look
//! alike.

use std::path::Path;

use anyhow::{Context, Result, ensure};
use plotters::chart::{ChartBuilder, ChartContext, MeshStyle, SeriesLabelPosition};
use plotters::coord::Shift;
use plotters::coord::cartesian::Cartesian2d;
use plotters::coord::ranged1d::{Ranged, ValueFormatter};
use plotters::prelude::{
    BLACK, Color, DrawingArea, IntoDrawingArea, IntoFont, RGBColor, SVGBackend, TextStyle, WHITE,
};
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::coord::Coord;

/// The area a figure draws its chart into.
pub(crate) type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;
/// A chart whose axes are both [`Coord`]s, as all of the kit's charts are.
pub(crate) type Chart<'a, 'b> = ChartContext<'a, SVGBackend<'b>, Cartesian2d<Coord, Coord>>;

/// The size of a figure unless the lab asks otherwise, in pixels.
pub(crate) const DEFAULT_SIZE: (u32, u32) = (800, 500);
/// The smallest figure the frame can lay out without overlapping text.
pub(crate) const MIN_SIZE: (u32, u32) = (320, 200);
/// The font family: generic, since SVG viewers pick their own fonts.
const FAMILY: &str = "sans-serif";
/// The size of the title, in SVG pixels.
pub(crate) const TITLE_PX: f64 = 20.0;
/// The size of axis labels and panel labels.
pub(crate) const LABEL_PX: f64 = 15.0;
/// The size of tick labels and legends.
pub(crate) const TICK_PX: f64 = 13.0;
/// The size of the caption: small, since it is a footnote.
pub(crate) const CAPTION_PX: f64 = 12.0;
/// A typical sans-serif character is about this wide, in ems; used to wrap
/// the caption and to make room for labels.
pub(crate) const CHAR_EM: f64 = 0.6;
/// The caption never takes more lines than this; a longer one is cut with "…".
const MAX_CAPTION_LINES: usize = 3;
/// Nor does the title.
const MAX_TITLE_LINES: usize = 2;
/// The space above and below the title, and around the caption, in pixels.
const TITLE_GAP: u32 = 6;
/// The distance from one title line to the next, in pixels.
const TITLE_LINE_PX: u32 = 24;
/// The distance from one caption line to the next, in pixels.
const CAPTION_LINE_PX: u32 = 16;
/// The grey of the caption and of secondary text.
pub(crate) const GREY: RGBColor = RGBColor(100, 100, 100);

/// A text style of `px` SVG pixels in `colour`.
///
/// plotters divides font sizes by 1.24 when it writes SVG; multiplying here
/// means the constants above are the sizes a reader actually sees.
pub(crate) fn text(px: f64, colour: RGBColor) -> TextStyle<'static> {
    (FAMILY, px * 1.24).into_font().color(&colour)
}

/// The width of `text` at `px` pixels, estimated (SVG has no font metrics).
pub(crate) fn text_width(text: &str, px: f64) -> f64 {
    text.chars().count() as f64 * px * CHAR_EM
}

/// Creates the SVG at `path` with `title` and `caption`, lets `draw` fill the
/// space between them, and writes the file.
pub(crate) fn draw_figure(
    path: &Path,
    size: (u32, u32),
    title: &str,
    caption: &str,
    draw: impl FnOnce(&Area) -> Result<()>,
) -> Result<()> {
    ensure!(
        size.0 >= MIN_SIZE.0 && size.1 >= MIN_SIZE.1,
        "a figure of {}×{} pixels is too small to lay out; use at least {}×{}",
        size.0,
        size.1,
        MIN_SIZE.0,
        MIN_SIZE.1
    );
    if let Some(dir) = path.parent().filter(|dir| !dir.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create the directory {}", dir.display()))?;
    }
    let root = SVGBackend::new(path, size).into_drawing_area();
    root.fill(&WHITE)?;
    let (title_lines, caption_lines) = chrome_lines(size.0, title, caption);
    let (title_h, caption_h) = (title_height(&title_lines), caption_height(&caption_lines));
    let (title_area, rest) = root.split_vertically(title_h);
    let (chart_area, caption_area) =
        rest.split_vertically(size.1.saturating_sub(title_h + caption_h));

    let style = text(TITLE_PX, BLACK).pos(Pos::new(HPos::Center, VPos::Top));
    for (i, line) in title_lines.iter().enumerate() {
        let y = TITLE_GAP + TITLE_LINE_PX * i as u32;
        title_area.draw_text(line, &style, (size.0 as i32 / 2, y as i32))?;
    }
    let style = text(CAPTION_PX, GREY).pos(Pos::new(HPos::Left, VPos::Top));
    for (i, line) in caption_lines.iter().enumerate() {
        let y = TITLE_GAP + CAPTION_LINE_PX * i as u32;
        caption_area.draw_text(line, &style, (10, y as i32))?;
    }

    draw(&chart_area)?;
    root.present().with_context(|| format!("cannot write the figure {}", path.display()))?;
    Ok(())
}

/// The pixels a figure of width `width` spends on its title and caption:
/// what is left is the chart's.
pub(crate) fn chrome_height(width: u32, title: &str, caption: &str) -> u32 {
    let (title_lines, caption_lines) = chrome_lines(width, title, caption);
    title_height(&title_lines) + caption_height(&caption_lines)
}

/// The title and the caption cut into the lines they take on a figure
/// `width` wide.
fn chrome_lines(width: u32, title: &str, caption: &str) -> (Vec<String>, Vec<String>) {
    let room = width.saturating_sub(20);
    (
        wrap(title, max_chars(room, TITLE_PX), MAX_TITLE_LINES),
        wrap(caption, max_chars(room, CAPTION_PX), MAX_CAPTION_LINES),
    )
}

/// The height of the title's strip: its lines and a gap above and below.
fn title_height(lines: &[String]) -> u32 {
    TITLE_LINE_PX * lines.len() as u32 + 2 * TITLE_GAP
}

/// The height of the caption's strip: its lines and a gap above and below.
fn caption_height(lines: &[String]) -> u32 {
    CAPTION_LINE_PX * lines.len() as u32 + 2 * TITLE_GAP
}

/// How many characters of `px`-pixel text fit in `width` pixels.
pub(crate) fn max_chars(width: u32, px: f64) -> usize {
    (f64::from(width) / (px * CHAR_EM)).floor().max(10.0) as usize
}

/// Splits `text` into lines of at most `max_chars` characters, breaking at
/// spaces, and at most `max_lines` lines (the last one ends in "…" if text
/// was left out). A lone separator such as "·" stays at the end of a line
/// rather than starting the next.
pub(crate) fn wrap(text: &str, max_chars: usize, max_lines: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let is_separator = word.chars().count() == 1 && !word.chars().all(char::is_alphanumeric);
        let fits = line.chars().count() + 1 + word.chars().count() <= max_chars;
        if !line.is_empty() && !fits && !is_separator {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    if lines.len() > max_lines {
        lines.truncate(max_lines);
        if let Some(last) = lines.last_mut() {
            let keep = last.chars().count().min(max_chars.saturating_sub(1));
            *last = last.chars().take(keep).collect::<String>() + "…";
        }
    }
    lines
}

/// Gives a chart's mesh the kit's look: a light grey grid (a few fine lines
/// between labelled ones), tick labels in the tick font, axis labels in the
/// label font.
pub(crate) fn style_mesh(mesh: &mut MeshStyle<'_, '_, Coord, Coord, SVGBackend<'_>>) {
    mesh.bold_line_style(BLACK.mix(0.12))
        .light_line_style(BLACK.mix(0.04))
        .max_light_lines(4)
        .axis_style(BLACK.mix(0.6))
        .label_style(text(TICK_PX, BLACK))
        .axis_desc_style(text(LABEL_PX, BLACK));
}

/// The width to leave left of the plot for the y axis: its widest tick
/// label, the tick marks, and the axis label written sideways.
pub(crate) fn y_label_area(y: &Coord) -> u32 {
    let ticks = y.key_points(10);
    let labels = ticks.iter().map(|v| text_width(&y.format_ext(v), TICK_PX));
    (labels.fold(0.0, f64::max) + 18.0 + LABEL_PX * 1.8) as u32
}

/// A chart on `area` with the kit's margins, room for the y tick labels,
/// and `x_label_px` pixels under the plot for the x tick labels and title.
pub(crate) fn chart<'a, 'b>(
    area: &'a Area<'b>,
    x: Coord,
    y: Coord,
    x_label_px: u32,
) -> Result<Chart<'a, 'b>> {
    let y_label_px = y_label_area(&y);
    Ok(ChartBuilder::on(area)
        .margin_top(10)
        .margin_left(10)
        .margin_right(30)
        .x_label_area_size(x_label_px)
        .y_label_area_size(y_label_px)
        .build_cartesian_2d(x, y)?)
}

/// Where a legend goes.
#[derive(Debug, Clone)]
pub(crate) enum LegendPlace {
    /// In this corner of the plotting area, where it hides no data.
    Corner(SeriesLabelPosition),
    /// In a strip this many pixels wide right of the plotting area: every
    /// corner would have hidden some data.
    Outside(u32),
}

/// The legend box of these series names, in pixels (width, height); `None`
/// when no series has a name.
fn legend_box_px(names: &[&str]) -> Option<(f64, f64)> {
    let named: Vec<&&str> = names.iter().filter(|name| !name.is_empty()).collect();
    if named.is_empty() {
        return None;
    }
    let widest = named.iter().map(|name| text_width(name, TICK_PX)).fold(0.0, f64::max);
    Some((widest + 50.0, named.len() as f64 * TICK_PX * 1.4 + 24.0))
}

/// Where the legend of `names` goes on `chart` (built but not yet drawn),
/// given where the data puts ink (`footprint`, as fractions of the
/// plotting area): the corner whose box covers the fewest points (see
/// [`quiet_corner`]) if it covers none, else outside, right of the plot.
/// `None` when no series has a name.
pub(crate) fn place_legend(
    chart: &Chart<'_, '_>,
    names: &[&str],
    footprint: Vec<(f64, f64)>,
) -> Option<LegendPlace> {
    let (w, h) = legend_box_px(names)?;
    let (plot_w, plot_h) = chart.plotting_area().dim_in_pixel();
    let size = (w / f64::from(plot_w.max(1)), h / f64::from(plot_h.max(1)));
    Some(match quiet_corner(footprint, size) {
        (corner, 0) => LegendPlace::Corner(corner),
        _ => LegendPlace::Outside(w.ceil() as u32 + 16),
    })
}

/// Draws the legend of a chart's labelled series at `position`.
pub(crate) fn draw_legend<'a, 'b: 'a>(
    chart: &mut Chart<'a, 'b>,
    position: SeriesLabelPosition,
) -> Result<()> {
    chart
        .configure_series_labels()
        .position(position)
        .margin(8)
        .legend_area_size(26)
        .label_font(text(TICK_PX, BLACK))
        .background_style(WHITE.mix(0.9))
        .border_style(BLACK.mix(0.3))
        .draw()?;
    Ok(())
}

/// Draws a legend in `strip`, a narrow area right of the chart: `entries`
/// adds one labelled, empty series per legend entry to a chart built on the
/// strip with the same axes (so that it lines up with the plot), whose
/// labels are then drawn at its top left.
pub(crate) fn draw_legend_beside<'a, 'b: 'a>(
    strip: &'a Area<'b>,
    x: Coord,
    y: Coord,
    entries: impl FnOnce(&mut Chart<'a, 'b>) -> Result<()>,
) -> Result<()> {
    let mut chart = ChartBuilder::on(strip).margin_top(10).build_cartesian_2d(x, y)?;
    entries(&mut chart)?;
    draw_legend(&mut chart, SeriesLabelPosition::UpperLeft)
}

/// The corner of the plotting area where a legend hides the least data,
/// and how many points it hides there.
///
/// `points` are the data's positions as fractions of the plotting area (0 to
/// 1 on each axis, y up); `box_size` is the legend's size in the same
/// fractions. Ties go to the upper corners, where readers look first.
pub(crate) fn quiet_corner(
    points: impl IntoIterator<Item = (f64, f64)>,
    box_size: (f64, f64),
) -> (SeriesLabelPosition, usize) {
    let (w, h) = box_size;
    let corners = [
        (SeriesLabelPosition::UpperRight, 1.0 - w..=1.0, 1.0 - h..=1.0),
        (SeriesLabelPosition::UpperLeft, 0.0..=w, 1.0 - h..=1.0),
        (SeriesLabelPosition::LowerRight, 1.0 - w..=1.0, 0.0..=h),
        (SeriesLabelPosition::LowerLeft, 0.0..=w, 0.0..=h),
    ];
    let mut hidden = [0usize; 4];
    for (x, y) in points {
        for (count, (_, xs, ys)) in hidden.iter_mut().zip(&corners) {
            if xs.contains(&x) && ys.contains(&y) {
                *count += 1;
            }
        }
    }
    let best = (0..corners.len()).min_by_key(|&i| hidden[i]).unwrap_or(0);
    (corners[best].0.clone(), hidden[best])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_breaks_at_spaces_and_keeps_separators_at_line_ends() {
        let lines = wrap("aaa · bbb · ccc", 9, 3);
        assert_eq!(lines, vec!["aaa · bbb ·", "ccc"]);
    }

    #[test]
    fn wrap_cuts_what_does_not_fit_in_the_allowed_lines() {
        let lines = wrap("one two three four five six", 9, 2);
        assert_eq!(lines.len(), 2);
        assert!(lines[1].ends_with('…'), "{lines:?}");
    }

    #[test]
    fn the_legend_goes_where_the_data_is_not() {
        // Data along the top right: the legend goes to a lower corner.
        let points = [(0.9, 0.9), (0.1, 0.9), (0.95, 0.1)];
        let corner = quiet_corner(points, (0.3, 0.3));
        assert!(matches!(corner, (SeriesLabelPosition::LowerLeft, 0)));
    }

    #[test]
    fn when_every_corner_has_data_the_quietest_one_says_how_much_it_hides() {
        // Data in all four corners, least in the lower right.
        let points = [(0.9, 0.9), (0.95, 0.95), (0.1, 0.9), (0.05, 0.95), (0.1, 0.1), (0.9, 0.1)];
        let points = points.into_iter().chain([(0.05, 0.05), (0.02, 0.02)]);
        let corner = quiet_corner(points, (0.3, 0.3));
        assert!(matches!(corner, (SeriesLabelPosition::LowerRight, 1)), "{corner:?}");
    }
}
