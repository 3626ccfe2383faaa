//! `{{#figure lab-00-amdahl/speedup}}`: a measured figure, placed from the
//! lab's manifest.
//!
//! The lab's manifest (see [`super::manifests`]) lists its figures with
//! titles, captions and data files. The directive becomes an HTML
//! `<figure>`: the SVG, and a caption with the title, the caption text,
//! links to the CSV files, the machine that measured it (also drawn in the
//! SVG, so a downloaded figure keeps it), and a note when it was a quick
//! (noisier) run.
//! A directive naming a lab or a figure that has not been measured is an
//! error.

use super::manifests::{FIGURES, HOW_TO_MEASURE, Manifests, lab_and_name};
use super::path_to_root;
use crate::text::escape_html;
use anyhow::{Context, Result, bail};
use labkit::manifest::{FigureEntry, Manifest};
use mdbook_preprocessor::book::Chapter;
use std::path::Path;

/// Expands `{{#figure <lab>/<name>}}` on `chapter`'s page.
pub fn expand(manifests: &mut Manifests, chapter: &Chapter, arg: &str) -> Result<String> {
    let (lab, name) = lab_and_name("figure", arg)?;
    let lab_dir = manifests.dir.join(lab);
    let manifest = manifests.get(lab)?;
    if manifest.figure(name).is_none()
        && let Some(why) = super::manifests::python_skipped(manifest, name)
    {
        return Ok(format!(
            "\n\n<p class=\"wb-not-measured\"><em>The figure of Python's series is not drawn on this machine: {}.</em></p>\n\n",
            escape_html(why)
        ));
    }
    let figure = manifest.figure(name).with_context(|| {
        let made: Vec<&str> = manifest.figures.iter().map(|f| f.name.as_str()).collect();
        format!("{lab} made no figure `{name}` (it made: {}); {HOW_TO_MEASURE}", made.join(", "))
    })?;
    check_files(&lab_dir, figure)?;
    Ok(render(manifest, figure, &format!("{}{FIGURES}/{lab}/", path_to_root(chapter))))
}

/// The SVG and the CSV files a figure names must be there.
fn check_files(lab_dir: &Path, figure: &FigureEntry) -> Result<()> {
    for file in std::iter::once(&figure.file).chain(&figure.data) {
        if !lab_dir.join(file).is_file() {
            bail!(
                "the manifest lists {} but the file is missing; {HOW_TO_MEASURE}",
                lab_dir.join(file).display()
            );
        }
    }
    Ok(())
}

/// The `<figure>` element. `prefix` is the path from the page to the lab's
/// output folder. It holds no blank line, so Markdown keeps it one HTML block.
pub fn render(manifest: &Manifest, figure: &FigureEntry, prefix: &str) -> String {
    let title = one_line(&figure.title);
    let stop = if title.ends_with(['.', '?', '!']) { "" } else { "." };
    let mut caption =
        format!("<strong>{title}{stop}</strong> {}", sentence(&one_line(&figure.caption)));
    if !figure.data.is_empty() {
        let links: Vec<String> = figure
            .data
            .iter()
            .map(|file| {
                let title =
                    manifest.data.iter().find(|d| &d.file == file).map_or("", |d| d.title.as_str());
                format!(
                    "<a href=\"{}\" title=\"{}\">{}</a>",
                    escape_html(&format!("{prefix}{file}")),
                    escape_html(title),
                    escape_html(file)
                )
            })
            .collect();
        caption.push_str(&format!(" <span class=\"wb-data\">Data: {}.</span>", links.join(", ")));
    }
    caption.push_str(&format!(
        " <span class=\"wb-machine\">Measured on {}.</span>",
        escape_html(&one_line(&manifest.machine))
    ));
    if manifest.mode == "quick" {
        caption.push_str(
            " <em class=\"wb-quick\">A quick run (<code>--quick</code>): fewer repetitions, so noisier than a full build.</em>",
        );
    }
    format!(
        "\n\n<figure class=\"wb-figure\" id=\"figure-{lab}-{name}\">\n<img src=\"{src}\" alt=\"{title}\">\n<figcaption>{caption}</figcaption>\n</figure>\n\n",
        lab = escape_html(&manifest.lab),
        name = escape_html(&figure.name),
        src = escape_html(&format!("{prefix}{}", figure.file)),
    )
}

/// Labs write captions as phrases (`medians of 3 runs`); after the bold
/// title they read as a sentence: capitalised, with a full stop.
fn sentence(text: &str) -> String {
    let mut chars = text.chars();
    let Some(first) = chars.next() else { return String::new() };
    let stop = if text.ends_with(['.', '?', '!']) { "" } else { "." };
    format!("{}{}{stop}", first.to_uppercase(), chars.as_str())
}

/// Escaped, on one line: a blank line would end the HTML block early.
fn one_line(text: &str) -> String {
    escape_html(&text.split_whitespace().collect::<Vec<_>>().join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use labkit::manifest::DataEntry;

    fn manifest(mode: &str) -> Manifest {
        Manifest {
            lab: "lab-00-amdahl".into(),
            mode: mode.into(),
            machine: "a test CPU, 2 cores".into(),
            figures: vec![FigureEntry {
                name: "speedup".into(),
                file: "speedup.svg".into(),
                title: "Speedup <vs> workers".into(),
                caption: "median of\n\n5 runs".into(),
                data: vec!["speedup.csv".into()],
                widest_spread: None,
                unresolved: 0,
                unresolved_points: vec![],
            }],
            data: vec![DataEntry {
                file: "speedup.csv".into(),
                title: "speedup per worker count".into(),
            }],
            results: vec![],
            claims: vec![],
        }
    }

    /// A book root with `src/figures/lab-00-amdahl` measured.
    fn measured(mode: &str) -> tempfile::TempDir {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("src/figures/lab-00-amdahl");
        std::fs::create_dir_all(&dir).unwrap();
        manifest(mode).save(&dir).unwrap();
        std::fs::write(dir.join("speedup.svg"), "<svg/>").unwrap();
        std::fs::write(dir.join("speedup.csv"), "n,s\n").unwrap();
        root
    }

    fn run(root: &Path, arg: &str, path: &str) -> Result<String> {
        let chapter = Chapter::new("Amdahl", String::new(), path, vec![]);
        expand(&mut Manifests::new(&root.join("src")), &chapter, arg)
    }

    #[test]
    fn a_figure_becomes_an_image_with_its_caption() {
        let root = measured("full");
        let html = run(root.path(), "lab-00-amdahl/speedup", "00-amdahl.md").unwrap();
        assert!(
            html.contains(
                r#"<img src="figures/lab-00-amdahl/speedup.svg" alt="Speedup &lt;vs&gt; workers">"#
            ),
            "{html}"
        );
        assert!(
            html.contains("<strong>Speedup &lt;vs&gt; workers.</strong> Median of 5 runs."),
            "{html}"
        );
        assert!(html.contains(
            r#"<a href="figures/lab-00-amdahl/speedup.csv" title="speedup per worker count">speedup.csv</a>"#
        ));
        assert!(html.contains("Measured on a test CPU, 2 cores."), "{html}");
        assert!(!html.contains("quick"));
        assert!(!html.trim().contains("\n\n"), "a blank line would end the HTML block: {html}");
    }

    #[test]
    fn a_chapter_in_a_folder_climbs_to_the_figures() {
        let root = measured("full");
        let html = run(root.path(), "lab-00-amdahl/speedup", "part/00-amdahl.md").unwrap();
        assert!(html.contains(r#"src="../figures/lab-00-amdahl/speedup.svg""#), "{html}");
    }

    #[test]
    fn a_quick_run_says_so() {
        let root = measured("quick");
        let html = run(root.path(), "lab-00-amdahl/speedup", "00-amdahl.md").unwrap();
        assert!(html.contains("A quick run"), "{html}");
    }

    #[test]
    fn a_python_figure_of_a_lab_without_python_is_a_note_not_an_error() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("src/figures/lab-10-process");
        std::fs::create_dir_all(&dir).unwrap();
        let python = labkit::manifest::ResultEntry {
            key: "python".into(),
            value: "skipped: no python3".into(),
            what: "the Python the lab compares with".into(),
        };
        Manifest { lab: "lab-10-process".into(), results: vec![python], ..Default::default() }
            .save(&dir)
            .unwrap();
        let text = run(root.path(), "lab-10-process/python-start", "10-process.md").unwrap();
        assert!(text.contains("not drawn on this machine: no python3"), "{text}");
        let err = run(root.path(), "lab-10-process/start-cost", "10-process.md").unwrap_err();
        assert!(err.to_string().contains("made no figure"), "a Rust figure is still required");
    }

    #[test]
    fn an_unmeasured_lab_is_an_error() {
        let root = tempfile::tempdir().unwrap();
        let err = run(root.path(), "lab-01-threads/x", "01-threads.md").unwrap_err().to_string();
        assert!(
            err.contains("no measurements from lab-01-threads")
                && err.contains("cargo workbook build"),
            "{err}"
        );
    }

    #[test]
    fn an_unknown_figure_lists_the_lab_figures() {
        let root = measured("full");
        let err = run(root.path(), "lab-00-amdahl/nope", "00-amdahl.md").unwrap_err().to_string();
        assert!(err.contains("made no figure `nope` (it made: speedup)"), "{err}");
    }

    #[test]
    fn a_missing_svg_is_an_error() {
        let root = measured("full");
        std::fs::remove_file(root.path().join("src/figures/lab-00-amdahl/speedup.svg")).unwrap();
        let err =
            run(root.path(), "lab-00-amdahl/speedup", "00-amdahl.md").unwrap_err().to_string();
        assert!(err.contains("speedup.svg but the file is missing"), "{err}");
    }

    #[test]
    fn a_directive_without_a_slash_shows_the_syntax() {
        let root = measured("full");
        let err = run(root.path(), "speedup", "00-amdahl.md").unwrap_err().to_string();
        assert!(err.contains("expected `{{#figure <lab>/<name>}}`"), "{err}");
    }
}
