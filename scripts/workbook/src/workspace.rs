//! The workbook's repository as the tool sees it: its root directory and the
//! labs under `labs/lab-*`.
//!
//! Labs are found by scanning `labs/lab-*/Cargo.toml` (in name order, which is
//! chapter order) rather than by asking cargo, so that listing them is instant
//! and works on a half-written workspace. [`Workspace::find_lab`] accepts the
//! shorthands students type: `00`, `amdahl` or `lab-00-amdahl`.

use anyhow::{Context, Result, bail};
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// The repository root and the labs in it.
#[derive(Debug, Clone)]
pub struct Workspace {
    /// The repository root: where `book.toml`, `labs/` and `src/` are.
    pub root: PathBuf,
    /// Every lab, in chapter order.
    pub labs: Vec<Lab>,
}

/// One lab crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lab {
    /// The package name, e.g. `lab-00-amdahl`.
    pub name: String,
    /// The lab's directory, e.g. `<root>/labs/lab-00-amdahl`.
    pub dir: PathBuf,
    /// The package's one-line description, if it has one.
    pub description: Option<String>,
}

/// The part of a lab's `Cargo.toml` the tool reads.
#[derive(Deserialize)]
struct Manifest {
    /// The `[package]` table.
    package: Package,
}

/// The `[package]` fields the tool reads.
#[derive(Deserialize)]
struct Package {
    /// The package name.
    name: String,
    /// The one-line description, if any.
    description: Option<String>,
}

impl Workspace {
    /// The repository this tool was built from (`scripts/workbook/../..`).
    pub fn default_root() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
    }

    /// Opens the workbook at `root` and finds its labs.
    pub fn open(root: &Path) -> Result<Workspace> {
        let root = root
            .canonicalize()
            .with_context(|| format!("the workbook root {} does not exist", root.display()))?;
        let labs = scan_labs(&root.join("labs"))?;
        Ok(Workspace { root, labs })
    }

    /// The lab that `query` names: its full name, its number (`00`) or its
    /// topic (`amdahl`).
    pub fn find_lab(&self, query: &str) -> Result<&Lab> {
        let matches: Vec<&Lab> =
            self.labs.iter().filter(|lab| lab_matches(&lab.name, query)).collect();
        match matches.as_slice() {
            [lab] => Ok(lab),
            [] => bail!(
                "no lab called `{query}`; the labs are: {}",
                self.labs.iter().map(|l| l.name.as_str()).collect::<Vec<_>>().join(", ")
            ),
            many => bail!(
                "`{query}` could be any of {}; give the full name",
                many.iter().map(|l| l.name.as_str()).collect::<Vec<_>>().join(", ")
            ),
        }
    }

    /// Where `cargo workbook build` puts a lab's figures: `src/figures/<lab>`.
    pub fn figures_dir(&self, lab: &str) -> PathBuf {
        self.root.join("src").join("figures").join(lab)
    }

    /// The workspace's cargo target directory.
    pub fn target_dir(&self) -> PathBuf {
        match std::env::var_os("CARGO_TARGET_DIR") {
            Some(dir) => self.root.join(dir),
            None => self.root.join("target"),
        }
    }
}

/// `lab-00-amdahl` matches `lab-00-amdahl`, `00` and `amdahl`.
fn lab_matches(name: &str, query: &str) -> bool {
    let Some(rest) = name.strip_prefix("lab-") else {
        return name == query;
    };
    let (number, topic) = rest.split_once('-').unwrap_or((rest, ""));
    name == query || number == query || topic == query
}

/// Reads the package name of every `lab-*/Cargo.toml` under `labs_dir`.
fn scan_labs(labs_dir: &Path) -> Result<Vec<Lab>> {
    let mut labs = Vec::new();
    if !labs_dir.is_dir() {
        return Ok(labs);
    }
    let entries = std::fs::read_dir(labs_dir)
        .with_context(|| format!("cannot list {}", labs_dir.display()))?;
    for entry in entries {
        let dir = entry?.path();
        let is_lab =
            dir.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with("lab-"));
        let manifest_path = dir.join("Cargo.toml");
        if !is_lab || !manifest_path.is_file() {
            continue;
        }
        let text = std::fs::read_to_string(&manifest_path)
            .with_context(|| format!("cannot read {}", manifest_path.display()))?;
        let manifest: Manifest = toml::from_str(&text)
            .with_context(|| format!("{} has no [package] name", manifest_path.display()))?;
        labs.push(Lab {
            name: manifest.package.name,
            dir,
            description: manifest.package.description,
        });
    }
    labs.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(labs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn workspace_with(labs: &[&str]) -> (tempfile::TempDir, Workspace) {
        let root = tempfile::tempdir().unwrap();
        for name in labs {
            let dir = root.path().join("labs").join(name);
            std::fs::create_dir_all(&dir).unwrap();
            let manifest =
                format!("[package]\nname = \"{name}\"\ndescription = \"about {name}\"\n");
            std::fs::write(dir.join("Cargo.toml"), manifest).unwrap();
        }
        // Neither a kit nor a lab folder without a manifest is a lab.
        std::fs::create_dir_all(root.path().join("labs/labkit")).unwrap();
        std::fs::write(
            root.path().join("labs/labkit/Cargo.toml"),
            "[package]\nname = \"labkit\"\n",
        )
        .unwrap();
        std::fs::create_dir_all(root.path().join("labs/lab-99-empty")).unwrap();
        let ws = Workspace::open(root.path()).unwrap();
        (root, ws)
    }

    #[test]
    fn labs_are_found_in_chapter_order() {
        let (_root, ws) = workspace_with(&["lab-01-threads", "lab-00-amdahl"]);
        let names: Vec<_> = ws.labs.iter().map(|l| l.name.as_str()).collect();
        assert_eq!(names, ["lab-00-amdahl", "lab-01-threads"]);
        assert_eq!(ws.labs[0].description.as_deref(), Some("about lab-00-amdahl"));
    }

    #[test]
    fn a_lab_is_found_by_number_topic_or_name() {
        let (_root, ws) = workspace_with(&["lab-00-amdahl", "lab-01-threads"]);
        for query in ["00", "amdahl", "lab-00-amdahl"] {
            assert_eq!(ws.find_lab(query).unwrap().name, "lab-00-amdahl");
        }
    }

    #[test]
    fn an_unknown_lab_lists_the_labs() {
        let (_root, ws) = workspace_with(&["lab-00-amdahl"]);
        let err = ws.find_lab("threads").unwrap_err().to_string();
        assert!(err.contains("no lab called `threads`") && err.contains("lab-00-amdahl"), "{err}");
    }

    #[test]
    fn topics_with_dashes_match_whole() {
        assert!(lab_matches("lab-09-true-story", "true-story"));
        assert!(!lab_matches("lab-09-true-story", "true"));
    }
}
