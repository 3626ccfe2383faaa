//! The lab manifests under `src/figures/`, read once per render and shared
//! by the `{{#figure}}` and `{{#result}}` directives.
//!
//! `cargo workbook build` runs each lab with `--out src/figures/<lab>`; the
//! lab leaves a `manifest.json` there ([`labkit::manifest::Manifest`])
//! listing its figures, data files and key results. A lab that has not been
//! measured is an error with the command that measures it.

use anyhow::{Result, bail};
use labkit::manifest::Manifest;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The folder under the book's source where lab output is gathered.
pub const FIGURES: &str = "figures";

/// What every "not measured" error ends with.
pub const HOW_TO_MEASURE: &str = "run `cargo workbook build` to measure";

/// The manifests read so far.
#[derive(Debug)]
pub struct Manifests {
    /// `<book src>/figures`.
    pub dir: PathBuf,
    /// Manifests by lab name.
    cache: HashMap<String, Manifest>,
}

impl Manifests {
    /// The manifests under `<src_dir>/figures`.
    pub fn new(src_dir: &Path) -> Manifests {
        Manifests { dir: src_dir.join(FIGURES), cache: HashMap::new() }
    }

    /// The manifest of `lab`, read on first use.
    pub fn get(&mut self, lab: &str) -> Result<&Manifest> {
        if !self.cache.contains_key(lab) {
            let dir = self.dir.join(lab);
            let file = dir.join(labkit::manifest::FILE_NAME);
            if !file.is_file() {
                bail!(
                    "no measurements from {lab} ({} is missing); {HOW_TO_MEASURE}",
                    file.display()
                );
            }
            self.cache.insert(lab.to_string(), Manifest::load(&dir)?);
        }
        Ok(&self.cache[lab])
    }
}

/// Why `lab`'s Python series did not run on this machine, if it did not and
/// `name` is one of its Python results (by the kit's naming: it starts
/// with `py` or names `python`). A lab records `python` = `skipped: why`
/// when no python3 could run (`labkit::python`), and then records none of
/// its Python numbers: a page quoting one reads "not measured" instead of
/// failing a build on a machine without Python.
pub fn python_skipped<'m>(manifest: &'m Manifest, name: &str) -> Option<&'m str> {
    let pythonish = name.starts_with("py") || name.contains("python");
    let python = manifest.result("python")?.value.as_str();
    let why = python.strip_prefix("skipped")?.trim_start_matches([':', ' ']);
    pythonish.then_some(why)
}

/// Splits a directive's `<lab>/<name>` argument.
pub fn lab_and_name<'a>(directive: &str, arg: &'a str) -> Result<(&'a str, &'a str)> {
    match arg.split_once('/') {
        Some((lab, name)) if !lab.is_empty() && !name.is_empty() => Ok((lab, name)),
        _ => bail!(
            "expected `{{{{#{directive} <lab>/<name>}}}}`, e.g. `lab-00-amdahl/speedup`, not `{arg}`"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unmeasured_lab_says_how_to_measure() {
        let src = tempfile::tempdir().unwrap();
        let err = Manifests::new(src.path()).get("lab-01-threads").unwrap_err().to_string();
        assert!(
            err.contains("no measurements from lab-01-threads") && err.contains(HOW_TO_MEASURE),
            "{err}"
        );
    }

    #[test]
    fn a_manifest_is_read_once() {
        let src = tempfile::tempdir().unwrap();
        let dir = src.path().join("figures/lab-00-amdahl");
        std::fs::create_dir_all(&dir).unwrap();
        Manifest { lab: "lab-00-amdahl".into(), ..Default::default() }.save(&dir).unwrap();
        let mut manifests = Manifests::new(src.path());
        assert_eq!(manifests.get("lab-00-amdahl").unwrap().lab, "lab-00-amdahl");
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(manifests.get("lab-00-amdahl").is_ok(), "served from the cache");
    }

    #[test]
    fn arguments_need_a_lab_and_a_name() {
        assert_eq!(
            lab_and_name("figure", "lab-00-amdahl/speedup").unwrap(),
            ("lab-00-amdahl", "speedup")
        );
        let err = lab_and_name("result", "speedup").unwrap_err().to_string();
        assert!(err.contains("expected `{{#result <lab>/<name>}}`"), "{err}");
    }
}
