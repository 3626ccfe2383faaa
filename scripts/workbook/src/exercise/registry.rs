//! The exercise registry: every lab's `exercises.toml`, read into one list.
//!
//! A lab declares its exercises like this (paths relative to the lab):
//!
//! ```toml
//! [[exercise]]
//! id = "00-longest-first"
//! title = "Longest task first"
//! source = "src/lpt.rs"
//! summary = "What to write and what the tests check."
//! hints = ["gentle", "more specific", "almost the answer"]
//! dependencies = { rand = "0.9", labkit = { path = "../labkit" } }  # optional
//! [exercise.test_hints]                   # optional
//! sorts_longest_first = "sort by length, descending"
//! ```
//!
//! [`Registry::load`] reads them all, refuses unknown keys and duplicate ids,
//! and [`Registry::get`] finds one by id (with a list of ids when it cannot).

use crate::workspace::Workspace;
use anyhow::{Context, Result, bail};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// The file a lab lists its exercises in.
pub const FILE_NAME: &str = "exercises.toml";

/// One exercise, as declared by its lab.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Exercise {
    /// Unique id, `NN-name` with NN the chapter number.
    pub id: String,
    /// A short title.
    pub title: String,
    /// The marked source file, relative to the lab directory.
    pub source: PathBuf,
    /// One paragraph: what to write and what the tests check.
    pub summary: String,
    /// Layered hints, gentlest first.
    #[serde(default)]
    pub hints: Vec<String>,
    /// Crates the module needs besides std, as `[dependencies]` entries.
    #[serde(default)]
    pub dependencies: toml::Table,
    /// A hint per test name (`sorts_longest_first`), shown when it fails.
    #[serde(default)]
    pub test_hints: BTreeMap<String, String>,
    /// The lab that owns the exercise (filled in when loading).
    #[serde(skip)]
    pub lab: String,
    /// The owning lab's directory (filled in when loading).
    #[serde(skip)]
    pub lab_dir: PathBuf,
}

/// The layout of `exercises.toml`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ExercisesFile {
    /// The `[[exercise]]` entries.
    #[serde(default)]
    exercise: Vec<Exercise>,
}

/// All exercises of the workbook, in chapter order.
#[derive(Debug, Clone, Default)]
pub struct Registry {
    /// The exercises, lab by lab, in the order each lab lists them.
    pub exercises: Vec<Exercise>,
}

impl Exercise {
    /// The absolute path of the marked source file.
    pub fn source_path(&self) -> PathBuf {
        self.lab_dir.join(&self.source)
    }

    /// The source file as the repository names it, e.g. `labs/lab-00-amdahl/src/lpt.rs`.
    pub fn source_display(&self) -> String {
        format!("labs/{}/{}", self.lab_dir_name(), self.source.display())
    }

    /// The hint for a failing test, looked up by its full or its last name.
    pub fn test_hint(&self, test: &str) -> Option<&str> {
        let short = test.rsplit("::").next().unwrap_or(test);
        self.test_hints.get(test).or_else(|| self.test_hints.get(short)).map(String::as_str)
    }

    /// The test hints whose test is not among `tests` (full or last names).
    pub fn hints_for_missing_tests<'a>(&self, tests: impl Iterator<Item = &'a str>) -> Vec<&str> {
        let short: Vec<&str> = tests.map(|t| t.rsplit("::").next().unwrap_or(t)).collect();
        let known = |hint: &str| short.contains(&hint.rsplit("::").next().unwrap_or(hint));
        self.test_hints.keys().map(String::as_str).filter(|hint| !known(hint)).collect()
    }

    fn lab_dir_name(&self) -> String {
        self.lab_dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
    }
}

impl Registry {
    /// Reads `exercises.toml` of every lab in the workspace.
    pub fn load(workspace: &Workspace) -> Result<Registry> {
        let mut exercises: Vec<Exercise> = Vec::new();
        for lab in &workspace.labs {
            let path = lab.dir.join(FILE_NAME);
            if !path.is_file() {
                continue;
            }
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            let file: ExercisesFile = toml::from_str(&text)
                .with_context(|| format!("{} is malformed", path.display()))?;
            for mut exercise in file.exercise {
                if let Some(other) = exercises.iter().find(|e| e.id == exercise.id) {
                    bail!(
                        "{}: exercise id `{}` is already used by {}",
                        path.display(),
                        exercise.id,
                        other.lab
                    );
                }
                if !is_valid_id(&exercise.id) {
                    bail!(
                        "{}: exercise id `{}` should look like `00-longest-first` (chapter number, dash, lowercase words)",
                        path.display(),
                        exercise.id
                    );
                }
                exercise.lab = lab.name.clone();
                exercise.lab_dir = lab.dir.clone();
                exercises.push(exercise);
            }
        }
        Ok(Registry { exercises })
    }

    /// The exercise called `id`.
    pub fn get(&self, id: &str) -> Result<&Exercise> {
        match self.exercises.iter().find(|e| e.id == id) {
            Some(exercise) => Ok(exercise),
            None if self.exercises.is_empty() => {
                bail!("no exercise `{id}`: no lab declares any exercise yet")
            }
            None => bail!(
                "no exercise `{id}`; the exercises are: {}",
                self.exercises.iter().map(|e| e.id.as_str()).collect::<Vec<_>>().join(", ")
            ),
        }
    }
}

/// `NN-words`: two digits, a dash, then lowercase letters, digits and dashes.
/// The id becomes a folder and a package name, so it must be tame.
fn is_valid_id(id: &str) -> bool {
    let bytes = id.as_bytes();
    bytes.len() > 3
        && bytes[..2].iter().all(u8::is_ascii_digit)
        && bytes[2] == b'-'
        && bytes[3..].iter().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn workspace(files: &[(&str, &str)]) -> (tempfile::TempDir, Workspace) {
        let root = tempfile::tempdir().unwrap();
        for (lab, exercises) in files {
            let dir = root.path().join("labs").join(lab);
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(dir.join("Cargo.toml"), format!("[package]\nname = \"{lab}\"\n"))
                .unwrap();
            std::fs::write(dir.join(FILE_NAME), exercises).unwrap();
        }
        let ws = Workspace::open(root.path()).unwrap();
        (root, ws)
    }

    const ONE: &str = r#"
[[exercise]]
id = "00-longest-first"
title = "Longest task first"
source = "src/lpt.rs"
summary = "Sort."
hints = ["one", "two"]
dependencies = { rand = "0.9" }
[exercise.test_hints]
sorts_longest_first = "sort by length"
"#;

    #[test]
    fn exercises_are_read_with_their_lab() {
        let (_root, ws) = workspace(&[("lab-00-amdahl", ONE)]);
        let registry = Registry::load(&ws).unwrap();
        let e = registry.get("00-longest-first").unwrap();
        assert_eq!((e.lab.as_str(), e.hints.len()), ("lab-00-amdahl", 2));
        assert_eq!(e.source_path(), ws.root.join("labs/lab-00-amdahl/src/lpt.rs"));
        assert_eq!(e.source_display(), "labs/lab-00-amdahl/src/lpt.rs");
        assert_eq!(e.dependencies["rand"].as_str(), Some("0.9"));
    }

    #[test]
    fn a_test_hint_is_found_by_full_or_short_name() {
        let (_root, ws) = workspace(&[("lab-00-amdahl", ONE)]);
        let registry = Registry::load(&ws).unwrap();
        let e = registry.get("00-longest-first").unwrap();
        assert_eq!(e.test_hint("tests::sorts_longest_first"), Some("sort by length"));
        assert_eq!(e.test_hint("sorts_longest_first"), Some("sort by length"));
        assert_eq!(e.test_hint("tests::other"), None);
    }

    #[test]
    fn hints_for_tests_that_do_not_exist_are_found() {
        let (_root, ws) = workspace(&[("lab-00-amdahl", ONE)]);
        let registry = Registry::load(&ws).unwrap();
        let e = registry.get("00-longest-first").unwrap();
        assert!(e.hints_for_missing_tests(["tests::sorts_longest_first"].into_iter()).is_empty());
        assert_eq!(
            e.hints_for_missing_tests(["tests::renamed"].into_iter()),
            ["sorts_longest_first"]
        );
    }

    #[test]
    fn an_unknown_id_lists_the_known_ones() {
        let (_root, ws) = workspace(&[("lab-00-amdahl", ONE)]);
        let err = Registry::load(&ws).unwrap().get("00-nope").unwrap_err().to_string();
        assert!(err.contains("00-nope") && err.contains("00-longest-first"), "{err}");
    }

    #[test]
    fn duplicate_ids_are_refused() {
        let (_root, ws) = workspace(&[("lab-00-amdahl", ONE), ("lab-01-threads", ONE)]);
        let err = format!("{:#}", Registry::load(&ws).unwrap_err());
        assert!(err.contains("already used by lab-00-amdahl"), "{err}");
    }

    #[test]
    fn unknown_keys_are_refused_with_the_file() {
        let (_root, ws) = workspace(&[("lab-00-amdahl", &ONE.replace("hints =", "hint ="))]);
        let err = format!("{:#}", Registry::load(&ws).unwrap_err());
        assert!(err.contains("exercises.toml is malformed") && err.contains("hint"), "{err}");
    }

    #[test]
    fn ids_must_be_folder_safe() {
        assert!(is_valid_id("00-longest-first"));
        assert!(!is_valid_id("0-x") && !is_valid_id("00-Longest") && !is_valid_id("00-a/b"));
    }
}
