//! `{{#result lab-00-amdahl/speedup-2}}`: a number measured by a lab, quoted
//! in the chapter's text.
//!
//! Chapters never hard-code a measurement: a lab records its key results
//! (already formatted, with units) in its manifest, and the directive puts
//! the value inline, as `<span class="wb-result" title="what it is">1.83×</span>`,
//! so hovering over a number says what it measures. Like a figure, a result
//! that has not been measured is an error.

use super::manifests::{HOW_TO_MEASURE, Manifests, lab_and_name, python_skipped};
use crate::text::escape_html;
use anyhow::{Context, Result};
use labkit::manifest::ResultEntry;

/// Expands `{{#result <lab>/<key>}}`.
pub fn expand(manifests: &mut Manifests, arg: &str) -> Result<String> {
    let (lab, key) = lab_and_name("result", arg)?;
    let manifest = manifests.get(lab)?;
    if manifest.result(key).is_none()
        && let Some(why) = python_skipped(manifest, key)
    {
        return Ok(format!(
            "<span class=\"wb-result wb-not-measured\" title=\"{}\">not measured here (no Python)</span>",
            escape_html(why)
        ));
    }
    let result = manifest.result(key).with_context(|| {
        let keys: Vec<&str> = manifest.results.iter().map(|r| r.key.as_str()).collect();
        format!(
            "{lab} recorded no result `{key}` (it recorded: {}); {HOW_TO_MEASURE}",
            keys.join(", ")
        )
    })?;
    Ok(render(result))
}

/// The inline value, with what it is as a tooltip.
pub fn render(result: &ResultEntry) -> String {
    format!(
        "<span class=\"wb-result\" title=\"{}\">{}</span>",
        escape_html(result.what.trim()),
        escape_html(result.value.trim())
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use labkit::manifest::Manifest;

    fn run(arg: &str) -> Result<String> {
        let src = tempfile::tempdir().unwrap();
        let dir = src.path().join("figures/lab-00-amdahl");
        std::fs::create_dir_all(&dir).unwrap();
        let result = ResultEntry {
            key: "speedup-2".into(),
            value: "1.83×".into(),
            what: "speedup with 2 \"workers\"".into(),
        };
        Manifest { lab: "lab-00-amdahl".into(), results: vec![result], ..Default::default() }
            .save(&dir)
            .unwrap();
        expand(&mut Manifests::new(src.path()), arg)
    }

    #[test]
    fn a_result_is_quoted_inline_with_what_it_is() {
        assert_eq!(
            run("lab-00-amdahl/speedup-2").unwrap(),
            "<span class=\"wb-result\" title=\"speedup with 2 &quot;workers&quot;\">1.83×</span>"
        );
    }

    #[test]
    fn a_python_result_of_a_lab_whose_python_was_skipped_reads_not_measured() {
        let src = tempfile::tempdir().unwrap();
        let dir = src.path().join("figures/lab-13-process-queue");
        std::fs::create_dir_all(&dir).unwrap();
        let python = ResultEntry {
            key: "python".into(),
            value: "skipped: `python3` cannot be started".into(),
            what: "the Python the lab compares with".into(),
        };
        Manifest {
            lab: "lab-13-process-queue".into(),
            results: vec![python],
            ..Default::default()
        }
        .save(&dir)
        .unwrap();
        let mut manifests = Manifests::new(src.path());
        let text = expand(&mut manifests, "lab-13-process-queue/cost-python-8").unwrap();
        assert!(text.contains("not measured here (no Python)"), "{text}");
        assert!(text.contains("cannot be started"), "the reason as a tooltip: {text}");
        let err = expand(&mut manifests, "lab-13-process-queue/cost-process-8").unwrap_err();
        assert!(err.to_string().contains("recorded no result"), "a Rust result is still required");
    }

    #[test]
    fn an_unknown_result_lists_the_recorded_ones() {
        let err = run("lab-00-amdahl/speedup-3").unwrap_err().to_string();
        assert!(err.contains("no result `speedup-3` (it recorded: speedup-2)"), "{err}");
    }
}
