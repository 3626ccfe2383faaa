//! The manifest a lab leaves in its output directory: which figures and data
//! files it wrote, with their titles and captions.
//!
//! A lab never has to write it by hand: [`crate::LabContext`] records every
//! figure and CSV it saves and writes `manifest.json` when the lab finishes.
//! The workbook tool reads it to place each figure in the book with its
//! caption and a link to the numbers behind it.

use crate::claim::Claim;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// The file name of the manifest inside a lab's output directory.
pub const FILE_NAME: &str = "manifest.json";

/// Everything a lab run produced.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Manifest {
    /// The lab's crate name, e.g. `lab-00-amdahl`.
    pub lab: String,
    /// `"quick"` or `"full"`: quick figures are noisier, and the book says so.
    pub mode: String,
    /// One line naming the machine, profile and date (see [`crate::Machine::caption`]).
    pub machine: String,
    /// Figures in the order the lab wrote them.
    pub figures: Vec<FigureEntry>,
    /// Raw data files (CSV) in the order the lab wrote them.
    pub data: Vec<DataEntry>,
    /// Key results, so a chapter can quote this machine's numbers in its text
    /// with `{{#result lab-00-amdahl/speedup-2}}` instead of hard-coding them.
    #[serde(default)]
    pub results: Vec<ResultEntry>,
    /// Claims computed from the run's own data, each with its verdict, so a
    /// chapter states a comparison with `{{#claim lab-07-queue/rises}}` and
    /// the page says so when it did not hold here (see [`crate::claim`]).
    #[serde(default)]
    pub claims: Vec<ClaimEntry>,
}

/// One claim, by the name a chapter quotes it by.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ClaimEntry {
    /// The name a chapter quotes it by: `rises-with-capacity`.
    pub key: String,
    /// The statement, its verdict and evidence.
    #[serde(flatten)]
    pub claim: Claim,
}

/// One number (already formatted, with its unit) a chapter can quote.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ResultEntry {
    /// The name a chapter quotes it by: `speedup-2`.
    pub key: String,
    /// The value as the text shows it: `1.83×`, `12.5 ms`.
    pub value: String,
    /// What it is, for readers of the manifest and the lab's closing table.
    pub what: String,
}

/// One SVG figure.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct FigureEntry {
    /// The figure's name, its file stem: `{{#figure lab-00-amdahl/speedup}}` finds `speedup`.
    pub name: String,
    /// The SVG file, relative to the output directory.
    pub file: String,
    /// The figure's title, as drawn above the plot.
    pub title: String,
    /// What the figure shows and how it was measured (medians of how many runs).
    pub caption: String,
    /// CSV files (relative to the output directory) holding the plotted numbers.
    pub data: Vec<String>,
    /// The widest spread of any measured point, as interquartile range over
    /// median (0.05 = 5 %), when the figure has measured points.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub widest_spread: Option<f64>,
    /// How many measured points could not be told from a neighbour (drawn
    /// hollow; see [`crate::measure::unresolved`]).
    #[serde(default)]
    pub unresolved: usize,
    /// Those points by name ("crossbeam at 4"), as the lab's table labels them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unresolved_points: Vec<String>,
}

/// One CSV file of raw numbers.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct DataEntry {
    /// The file, relative to the output directory.
    pub file: String,
    /// What the rows are.
    pub title: String,
}

impl Manifest {
    /// Reads `manifest.json` from a lab's output directory.
    pub fn load(dir: &Path) -> anyhow::Result<Manifest> {
        let path = dir.join(FILE_NAME);
        let text = std::fs::read_to_string(&path)
            .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", path.display()))?;
        serde_json::from_str(&text)
            .map_err(|e| anyhow::anyhow!("{} is not a lab manifest: {e}", path.display()))
    }

    /// Writes `manifest.json` into `dir`.
    pub fn save(&self, dir: &Path) -> anyhow::Result<()> {
        let path = dir.join(FILE_NAME);
        std::fs::write(&path, serde_json::to_string_pretty(self)? + "\n")
            .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))
    }

    /// The result called `key`, if the lab recorded one.
    pub fn result(&self, key: &str) -> Option<&ResultEntry> {
        self.results.iter().find(|r| r.key == key)
    }

    /// The claim called `key`, if the lab recorded one.
    pub fn claim(&self, key: &str) -> Option<&ClaimEntry> {
        self.claims.iter().find(|c| c.key == key)
    }

    /// The figure called `name`, if the lab wrote one.
    pub fn figure(&self, name: &str) -> Option<&FigureEntry> {
        self.figures.iter().find(|f| f.name == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_through_a_directory() {
        let dir = tempfile::tempdir().unwrap();
        let manifest = Manifest {
            lab: "lab-99-test".into(),
            mode: "quick".into(),
            machine: "a test machine".into(),
            figures: vec![FigureEntry {
                name: "speedup".into(),
                file: "speedup.svg".into(),
                title: "Speedup".into(),
                caption: "median of 3".into(),
                data: vec!["speedup.csv".into()],
                widest_spread: Some(0.04),
                unresolved: 1,
                unresolved_points: vec!["std at 4".into()],
            }],
            data: vec![DataEntry { file: "speedup.csv".into(), title: "speedup".into() }],
            results: vec![ResultEntry {
                key: "speedup-2".into(),
                value: "1.83×".into(),
                what: "speedup at 2 workers".into(),
            }],
            claims: vec![ClaimEntry {
                key: "faster".into(),
                claim: Claim::fact("two workers are faster than one", true, "1.83×"),
            }],
        };
        manifest.save(dir.path()).unwrap();
        let back = Manifest::load(dir.path()).unwrap();
        assert_eq!(back, manifest);
        assert_eq!(back.figure("speedup").unwrap().file, "speedup.svg");
        assert!(back.figure("missing").is_none());
        assert_eq!(back.result("speedup-2").unwrap().value, "1.83×");
        assert!(back.result("missing").is_none());
        assert!(back.claim("faster").unwrap().claim.held());
        assert!(back.claim("missing").is_none());
    }

    #[test]
    fn a_missing_manifest_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let err = Manifest::load(dir.path()).unwrap_err().to_string();
        assert!(err.contains("manifest.json"), "{err}");
    }
}
