//! `{{#numbers numbers.toml}}`: one table of this machine's numbers, each
//! taken from the lab that measured it and linked to its chapter.
//!
//! The list of rows lives in a TOML file beside the pages (its path is the
//! directive's argument, relative to the book's source folder):
//!
//! ```toml
//! [[number]]
//! what = "lock and unlock, uncontended (futex lock)"
//! rust = "lab-02-lock/uncontended-futex"     # a result: `lab/key`
//! python = "lab-02-lock/python-lock"         # optional
//! ratio = "lab-02-lock/python-lock-ratio"    # optional: Python ÷ Rust
//! ```
//!
//! Every value is a result the lab recorded (`{{#result}}` rules: one that
//! was not measured fails the build). The chapter is found from the lab's
//! number: `lab-02-lock` -> the page whose file starts with `02-`.

use super::manifests::{Manifests, lab_and_name};
use super::result;
use crate::text::escape_html;
use anyhow::{Context, Result, bail};
use serde::Deserialize;
use std::path::Path;

/// The file's rows.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct NumbersFile {
    /// In the order the table shows them.
    number: Vec<Row>,
}

/// One row: what is measured and where its values come from.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Row {
    /// What the number is, as the table's first column.
    what: String,
    /// The Rust (or system) figure: `lab/key`.
    rust: String,
    /// The same in Python, where the book measured it.
    python: Option<String>,
    /// Python's figure divided by Rust's (Python ÷ Rust, above 1× when
    /// Python took longer), where the lab recorded it.
    ratio: Option<String>,
}

/// Expands `{{#numbers <file>}}`. `chapters` are the book's page paths
/// (`02-lock.md`), to link each number to the chapter that measured it;
/// `to_root` climbs from the current page to the book's root.
pub fn expand(
    manifests: &mut Manifests,
    src_dir: &Path,
    arg: &str,
    chapters: &[String],
    to_root: &str,
) -> Result<String> {
    let file = src_dir.join(arg);
    let text = std::fs::read_to_string(&file)
        .with_context(|| format!("cannot read the numbers file {}", file.display()))?;
    let rows: NumbersFile = toml::from_str(&text)
        .with_context(|| format!("{} is not a numbers file", file.display()))?;
    let mut errors = Vec::new();
    let mut html = String::from(
        "\n<table class=\"wb-numbers\">\n<thead><tr><th>what</th><th>Rust, this machine</th>\
         <th>Python</th><th>Python ÷ Rust</th><th>chapter</th></tr></thead>\n<tbody>\n",
    );
    for row in &rows.number {
        match render_row(manifests, row, chapters, to_root) {
            Ok(cells) => html.push_str(&cells),
            Err(e) => errors.push(format!("{}: {e:#}", row.what)),
        }
    }
    if !errors.is_empty() {
        bail!("{} row(s) of {arg} failed:\n    {}", errors.len(), errors.join("\n    "));
    }
    html.push_str("</tbody>\n</table>\n\n");
    Ok(html)
}

/// One `<tr>`.
fn render_row(
    manifests: &mut Manifests,
    row: &Row,
    chapters: &[String],
    to_root: &str,
) -> Result<String> {
    let (lab, _) = lab_and_name("numbers", &row.rust)?;
    let page = chapter_of(lab, chapters)?;
    let href = format!("{to_root}{}", page.trim_end_matches(".md").to_string() + ".html");
    let mut value = |name: &Option<String>| -> Result<String> {
        match name {
            Some(name) => result::expand(manifests, name),
            None => Ok("—".to_string()),
        }
    };
    let rust = value(&Some(row.rust.clone()))?;
    let python = value(&row.python)?;
    let ratio = value(&row.ratio)?;
    let chapter = page.split('-').next().unwrap_or_default();
    Ok(format!(
        "<tr><td>{}</td><td><a href=\"{href}\">{rust}</a></td><td>{python}</td><td>{ratio}</td>\
         <td><a href=\"{href}\">{chapter}</a></td></tr>\n",
        escape_html(&row.what),
        href = escape_html(&href),
    ))
}

/// The page of the chapter `lab` belongs to: `lab-02-lock` -> `02-lock.md`.
fn chapter_of<'a>(lab: &str, chapters: &'a [String]) -> Result<&'a String> {
    let number = lab
        .strip_prefix("lab-")
        .and_then(|rest| rest.split('-').next())
        .with_context(|| format!("`{lab}` is not a lab's name (lab-NN-topic)"))?;
    let prefix = format!("{number}-");
    chapters
        .iter()
        .find(|page| {
            Path::new(page)
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(&prefix))
        })
        .with_context(|| format!("no chapter page starts with `{prefix}` for {lab}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use labkit::manifest::{Manifest, ResultEntry};

    fn source(numbers: &str) -> tempfile::TempDir {
        let src = tempfile::tempdir().unwrap();
        let dir = src.path().join("figures/lab-02-lock");
        std::fs::create_dir_all(&dir).unwrap();
        let result = |key: &str, value: &str| ResultEntry {
            key: key.into(),
            value: value.into(),
            what: key.into(),
        };
        let results = vec![
            result("uncontended", "18 ns"),
            result("python-lock", "61 ns"),
            result("ratio", "3.4×"),
        ];
        Manifest { lab: "lab-02-lock".into(), results, ..Default::default() }.save(&dir).unwrap();
        std::fs::write(src.path().join("numbers.toml"), numbers).unwrap();
        src
    }

    fn run(numbers: &str) -> Result<String> {
        let src = source(numbers);
        let chapters = vec!["00-amdahl.md".to_string(), "02-lock.md".to_string()];
        expand(&mut Manifests::new(src.path()), src.path(), "numbers.toml", &chapters, "")
    }

    #[test]
    fn each_row_links_its_numbers_to_the_chapter() {
        let html =
            run("[[number]]\nwhat = \"lock + unlock\"\nrust = \"lab-02-lock/uncontended\"\n\
             python = \"lab-02-lock/python-lock\"\nratio = \"lab-02-lock/ratio\"\n")
            .unwrap();
        assert!(html.contains("<th>Rust, this machine</th>"), "{html}");
        assert!(html.contains("<th>Python ÷ Rust</th>"), "the ratio's direction: {html}");
        assert!(html.contains("<td>lock + unlock</td>"), "{html}");
        assert!(html.contains("<a href=\"02-lock.html\"><span class=\"wb-result\""), "{html}");
        assert!(html.contains(">18 ns</span>") && html.contains(">61 ns</span>"), "{html}");
        assert!(html.contains(">3.4×</span>"), "{html}");
        assert!(html.contains("<a href=\"02-lock.html\">02</a>"), "{html}");
    }

    #[test]
    fn a_number_not_measured_fails_with_its_row() {
        let err = run("[[number]]\nwhat = \"a wake-up\"\nrust = \"lab-02-lock/wake\"\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("a wake-up: lab-02-lock recorded no result `wake`"), "{err}");
        let err = run("[[number]]\nwhat = \"fork\"\nrust = \"lab-10-process/fork\"\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("no chapter page starts with `10-`"), "{err}");
    }
}
