//! Rendering tests: each draws a figure into a temporary directory and
//! checks what the SVG says (its text), never how long anything took.

use std::path::Path;

use anyhow::Result;

use super::{Axis, BarPlot, Figure, LinePlot, Series};

/// A caption as long as a lab's real ones.
const CAPTION: &str = "lab-00-amdahl · Intel(R) Xeon(R) Platinum 8370C @ 2.80GHz · \
    2 logical / 2 physical cores · Linux 6.1.0 · rustc 1.95.0 · dev profile, opt-level 3 · \
    2026-11-26 · median of 5 runs";

/// Renders `figure` into a fresh temporary directory and returns the SVG text.
fn render_to_string(figure: &impl Figure, caption: &str) -> Result<String> {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("figure.svg");
    figure.render(&path, caption)?;
    Ok(std::fs::read_to_string(&path)?)
}

/// A speedup plot like chapter 00's: measured with spread, theory dashed.
fn speedup_plot() -> LinePlot {
    let measured = vec![(1.0, 1.0), (2.0, 1.9), (3.0, 2.6), (4.0, 3.1)];
    let spread = vec![(1.0, 1.0), (1.8, 2.0), (2.4, 2.7), (2.9, 3.3)];
    let amdahl = (1..=4).map(|n| (f64::from(n), 1.0 / (0.05 + 0.95 / f64::from(n))));
    LinePlot::new("Speedup against workers")
        .x(Axis::linear("workers"))
        .y(Axis::linear("speedup (×)"))
        .series(Series::line_points("measured", measured).with_spread(spread))
        .series(Series::line("Amdahl, serial fraction 0.05", amdahl.collect()).dashed())
        .series(Series::points("single runs", vec![(2.0, 1.85), (4.0, 3.2)]))
}

#[test]
fn line_plot_svg_has_title_axis_labels_legend_and_caption() -> Result<()> {
    let svg = render_to_string(&speedup_plot(), CAPTION)?;
    assert!(svg.starts_with("<svg"), "not an SVG: {}", &svg[..40.min(svg.len())]);
    for text in [
        "Speedup against workers",
        "workers",
        "speedup (×)",
        "measured",
        "Amdahl, serial fraction 0.05",
        "single runs",
    ] {
        assert!(svg.contains(text), "the SVG lacks {text:?}");
    }
    for word in ["lab-00-amdahl", "Platinum", "opt-level", "median of 5 runs"] {
        assert!(svg.contains(word), "the caption lacks {word:?}");
    }
    Ok(())
}

#[test]
fn a_long_caption_is_wrapped_onto_several_lines() -> Result<()> {
    let svg = render_to_string(&speedup_plot(), CAPTION)?;
    let first = svg.lines().position(|line| line.contains("lab-00-amdahl"));
    let last = svg.lines().position(|line| line.contains("median of 5 runs"));
    assert!(first.is_some() && last.is_some(), "the caption is missing");
    assert_ne!(first, last, "the caption was left on one line");
    Ok(())
}

#[test]
fn markup_characters_are_escaped_and_unicode_is_kept() -> Result<()> {
    let plot = LinePlot::new("latency < 5 µs & throughput ≤ 2×")
        .x(Axis::linear("size (KiB)"))
        .y(Axis::linear("time (µs)"))
        .series(Series::line("a <b>", vec![(1.0, 1.0), (2.0, 2.0)]));
    let svg = render_to_string(&plot, "caption with <tags> & ampersands")?;
    assert!(svg.contains("latency &lt; 5 µs &amp; throughput ≤ 2×"));
    assert!(svg.contains("a &lt;b&gt;"));
    assert!(svg.contains("caption with &lt;tags&gt; &amp; ampersands"));
    assert!(!svg.contains("<b>") && !svg.contains("<tags>"));
    Ok(())
}

#[test]
fn log_axes_render_and_refuse_values_that_are_not_positive() -> Result<()> {
    let points = vec![(1.0, 500.0), (10.0, 60.0), (1000.0, 8.0), (100_000.0, 7.5)];
    let plot = LinePlot::new("Time per item against chunk size")
        .x(Axis::log("chunk size (items)"))
        .y(Axis::log("time per item (ns)"))
        .series(Series::line_points("measured", points));
    let svg = render_to_string(&plot, "caption")?;
    assert!(svg.contains("chunk size (items)") && svg.contains("1e5"));

    let bad = plot.series(Series::line("zero", vec![(0.0, 1.0), (10.0, 2.0)]));
    let err = render_to_string(&bad, "caption").unwrap_err().to_string();
    assert!(err.contains("logarithmic") && err.contains("\"zero\""), "{err}");
    Ok(())
}

#[test]
fn empty_or_inconsistent_series_are_refused_with_a_reason() {
    let no_series = LinePlot::new("nothing");
    let err = render_to_string(&no_series, "c").unwrap_err().to_string();
    assert!(err.contains("no series"), "{err}");

    let empty = LinePlot::new("empty").series(Series::line("hollow", vec![]));
    let err = render_to_string(&empty, "c").unwrap_err().to_string();
    assert!(err.contains("\"hollow\" has no points"), "{err}");

    let spread =
        Series::line("lopsided", vec![(1.0, 1.0), (2.0, 2.0)]).with_spread(vec![(0.0, 2.0)]);
    let err = render_to_string(&LinePlot::new("t").series(spread), "c").unwrap_err().to_string();
    assert!(err.contains("2 points but 1 spreads"), "{err}");
}

#[test]
fn a_figure_too_small_to_lay_out_is_refused() {
    let err = render_to_string(&speedup_plot().size(100, 80), "c").unwrap_err();
    assert!(err.to_string().contains("too small"), "{err}");
}

#[test]
fn render_creates_the_output_directory() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("out/lab-00").join("speedup.svg");
    speedup_plot().render(&path, CAPTION)?;
    assert!(Path::new(&path).is_file());
    Ok(())
}

/// A bar chart like chapter 00's work-order figure.
fn order_chart() -> BarPlot {
    BarPlot::new("Makespan by work order")
        .categories(["as given", "shuffled", "slowest first"])
        .y(Axis::linear("makespan (ms)"))
        .group_with_spread(
            "2 workers",
            vec![412.0, 301.5, 260.0],
            vec![(400.0, 420.0), (290.0, 330.0), (255.0, 262.0)],
        )
        .group("4 workers", vec![390.0, 170.0, 140.0])
}

#[test]
fn bar_chart_svg_has_categories_groups_values_and_caption() -> Result<()> {
    let svg = render_to_string(&order_chart(), CAPTION)?;
    for text in [
        "Makespan by work order",
        "makespan (ms)",
        "as given",
        "shuffled",
        "slowest first",
        "2 workers",
        "4 workers",
        "\n301.5\n",
        "\n140\n",
        "median of 5 runs",
    ] {
        assert!(svg.contains(text), "the SVG lacks {text:?}");
    }
    let hidden = render_to_string(&order_chart().value_labels(false), CAPTION)?;
    assert!(!hidden.contains("\n301.5\n"));
    Ok(())
}

#[test]
fn bar_chart_refuses_values_that_do_not_match_the_categories() {
    let chart = BarPlot::new("t").categories(["a", "b"]).group("g", vec![1.0]);
    let err = render_to_string(&chart, "c").unwrap_err().to_string();
    assert!(err.contains("1 values for 2 categories"), "{err}");

    let err = render_to_string(&BarPlot::new("t").group("g", vec![1.0]), "c").unwrap_err();
    assert!(err.to_string().contains("no categories"), "{err}");

    let err = render_to_string(&BarPlot::new("t").categories(["a"]), "c").unwrap_err();
    assert!(err.to_string().contains("no bars"), "{err}");

    let log = BarPlot::new("t").categories(["a"]).y(Axis::log("y")).group("g", vec![-1.0]);
    let err = render_to_string(&log, "c").unwrap_err().to_string();
    assert!(err.contains("logarithmic"), "{err}");
}

#[test]
fn a_measured_series_draws_medians_with_min_to_max_bars() {
    let st = crate::measure::Stats::of(&[1.0, 2.0, 6.0]).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.svg");
    let plot = LinePlot::new("Measured")
        .x(Axis::linear("x"))
        .y(Axis::linear("y"))
        .series(Series::measured("runs", [(1.0, st), (2.0, st.map(|v| v * 2.0))]));
    plot.render(&path, "caption").unwrap();
    assert!(std::fs::read_to_string(&path).unwrap().contains("runs"));
}

/// The x of the text element that reads `label`, in an SVG from plotters
/// (which writes the text on the line after its `<text ...>` tag).
fn text_x(svg: &str, label: &str) -> Option<f64> {
    let lines: Vec<&str> = svg.lines().collect();
    let at = lines.iter().position(|line| line.trim() == label)?;
    let tag = lines[..at].iter().rev().find(|line| line.starts_with("<text"))?;
    attribute(tag, "x")
}

/// The value of a numeric attribute `name="…"` in one SVG tag.
fn attribute(tag: &str, name: &str) -> Option<f64> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    tag[start..].split('"').next()?.parse().ok()
}

/// The centres of the markers (circles) in an SVG.
fn circles(svg: &str) -> Vec<(f64, f64)> {
    let tags = svg.split('<').filter(|t| t.starts_with("circle "));
    tags.filter_map(|t| Some((attribute(t, "cx")?, attribute(t, "cy")?))).collect()
}

#[test]
fn the_legend_avoids_a_corner_full_of_data() -> Result<()> {
    // Points fill the upper-right corner; two more fix the axes' range.
    let mut corner: Vec<(f64, f64)> =
        (0..25).map(|i| (8.0 + f64::from(i % 5) * 0.5, 8.0 + f64::from(i / 5) * 0.5)).collect();
    corner.extend([(0.0, 0.0), (10.0, 0.0)]);
    let plot = LinePlot::new("Corner")
        .x(Axis::linear("x"))
        .y(Axis::linear("y"))
        .series(Series::points("the data in the corner", corner));
    let svg = render_to_string(&plot, CAPTION)?;
    let x = text_x(&svg, "the data in the corner").expect("the legend is drawn");
    assert!(x < 400.0, "the legend is at x = {x}, over the data in the upper right");
    Ok(())
}

#[test]
fn a_legend_with_no_free_corner_goes_beside_the_plot() -> Result<()> {
    // A grid of points over the whole plot: every corner has data.
    let grid: Vec<(f64, f64)> = (0..400).map(|i| (f64::from(i % 20), f64::from(i / 20))).collect();
    let plot = LinePlot::new("Everywhere")
        .x(Axis::linear("x"))
        .y(Axis::linear("y"))
        .series(Series::points("data everywhere", grid));
    let svg = render_to_string(&plot, CAPTION)?;
    let x = text_x(&svg, "data everywhere").expect("the legend is drawn");
    let markers = circles(&svg);
    // One circle is the legend's own swatch, just left of its text.
    let data_right = markers.iter().map(|c| c.0).filter(|&cx| cx < x - 30.0).fold(0.0, f64::max);
    assert_eq!(markers.iter().filter(|c| c.0 >= x - 30.0).count(), 1, "only the swatch");
    assert!(x > data_right + 20.0, "legend text at x = {x}, data up to x = {data_right}");

    // The same for bars on a log axis, which get no room raised above them.
    let bars = BarPlot::new("Tall bars")
        .categories(["a", "b", "c"])
        .y(Axis::log("value"))
        .group("first group", vec![100.0, 100.0, 100.0])
        .group("second group", vec![100.0, 100.0, 100.0]);
    let svg = render_to_string(&bars, CAPTION)?;
    let x = text_x(&svg, "first group").expect("the legend is drawn");
    assert!(x > 650.0, "the bar legend is at x = {x}, over the bars");
    Ok(())
}

#[test]
fn a_measured_bar_group_is_hollow_where_its_runs_overlap_a_neighbour() {
    use crate::measure::Stats;
    let st = |q1: f64, m: f64, q3: f64| Stats { n: 5, median: m, min: q1, max: q3, q1, q3 };
    let bars = BarPlot::new("Measured")
        .categories(["a", "b", "c"])
        .y(Axis::linear("value"))
        .group_measured(
            "runs",
            vec![st(9.9, 10.0, 10.1), st(20.0, 25.0, 30.0), st(24.0, 26.0, 28.0)],
        );
    let note = bars.spread_note();
    assert_eq!(note.unresolved(), 2, "b and c overlap widely; a stands apart");
    assert!((note.widest.unwrap() - 0.4).abs() < 1e-9, "{note:?}");
}
