//! A student's copy of an exercise, `my-exercises/<id>/`, and the little
//! state the tool keeps in it between commands.
//!
//! Two plain-text files, so a student can read or delete them:
//! `.hints-shown` holds how many layered hints have been revealed, and
//! `.last-check` the result of the last `check` (`2/5` tests passed, or
//! `does not compile`).

use anyhow::{Context, Result};
use std::fmt;
use std::path::{Path, PathBuf};

/// The folder, under the workbook root, where students' copies live.
pub const FOLDER: &str = "my-exercises";

/// One student copy.
#[derive(Debug, Clone)]
pub struct StudentCopy {
    /// The crate's folder, `<root>/my-exercises/<id>`.
    pub dir: PathBuf,
}

/// The result of the last `exercise check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LastCheck {
    /// The code did not compile.
    DoesNotCompile,
    /// The tests ran.
    Tests {
        /// How many passed.
        passed: usize,
        /// How many ran.
        total: usize,
    },
}

impl StudentCopy {
    /// The copy of exercise `id` under the workbook `root` (it may not exist yet).
    pub fn new(root: &Path, id: &str) -> StudentCopy {
        StudentCopy { dir: root.join(FOLDER).join(id) }
    }

    /// Whether `exercise start` made it.
    pub fn exists(&self) -> bool {
        self.dir.join("Cargo.toml").is_file()
    }

    /// The file the student edits.
    pub fn lib_rs(&self) -> PathBuf {
        self.dir.join("src").join("lib.rs")
    }

    /// How many hints have been shown so far.
    pub fn hints_shown(&self) -> usize {
        let text = std::fs::read_to_string(self.dir.join(".hints-shown")).unwrap_or_default();
        text.trim().parse().unwrap_or(0)
    }

    /// Records how many hints have been shown.
    pub fn set_hints_shown(&self, count: usize) -> Result<()> {
        self.write(".hints-shown", &format!("{count}\n"))
    }

    /// The result of the last check, if there was one.
    pub fn last_check(&self) -> Option<LastCheck> {
        let text = std::fs::read_to_string(self.dir.join(".last-check")).ok()?;
        let text = text.trim();
        if text == "does not compile" {
            return Some(LastCheck::DoesNotCompile);
        }
        let (passed, total) = text.split_once('/')?;
        Some(LastCheck::Tests { passed: passed.parse().ok()?, total: total.parse().ok()? })
    }

    /// Records the result of a check.
    pub fn save_last_check(&self, check: LastCheck) -> Result<()> {
        let text = match check {
            LastCheck::DoesNotCompile => "does not compile".to_string(),
            LastCheck::Tests { passed, total } => format!("{passed}/{total}"),
        };
        self.write(".last-check", &(text + "\n"))
    }

    fn write(&self, name: &str, text: &str) -> Result<()> {
        let path = self.dir.join(name);
        std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))
    }
}

impl fmt::Display for LastCheck {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LastCheck::DoesNotCompile => write!(f, "did not compile at the last check"),
            LastCheck::Tests { passed, total } if passed == total => {
                write!(f, "done: all {total} tests passed at the last check")
            }
            LastCheck::Tests { passed, total } => {
                write!(f, "{passed}/{total} tests passed at the last check")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn state_round_trips_through_the_folder() {
        let root = tempfile::tempdir().unwrap();
        let copy = StudentCopy::new(root.path(), "00-x");
        std::fs::create_dir_all(&copy.dir).unwrap();
        assert_eq!((copy.hints_shown(), copy.last_check()), (0, None));
        copy.set_hints_shown(2).unwrap();
        copy.save_last_check(LastCheck::Tests { passed: 2, total: 5 }).unwrap();
        assert_eq!(copy.hints_shown(), 2);
        assert_eq!(copy.last_check(), Some(LastCheck::Tests { passed: 2, total: 5 }));
        copy.save_last_check(LastCheck::DoesNotCompile).unwrap();
        assert_eq!(copy.last_check(), Some(LastCheck::DoesNotCompile));
    }

    #[test]
    fn statuses_read_well() {
        assert_eq!(
            LastCheck::Tests { passed: 2, total: 5 }.to_string(),
            "2/5 tests passed at the last check"
        );
        assert!(LastCheck::Tests { passed: 5, total: 5 }.to_string().starts_with("done"));
    }
}
