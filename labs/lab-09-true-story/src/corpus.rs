//! The corpus: seeded profiles written as snapshot files (one JSON object
//! per line) into a temporary folder, and read back one file at a time.
//!
//! The folder belongs to the [`Corpus`]: it is a `labkit::process::TempDir`,
//! removed when the corpus is dropped (on every way out, an error or a panic
//! included) and by the kit's cleanup when the run is interrupted (Ctrl-C).

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::{Deserialize, Serialize};
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};

/// One profile, as a snapshot file holds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    /// The profile's id: also which page the service is asked for.
    pub id: u64,
    /// Some of its fields are missing.
    pub incomplete: bool,
    /// Days since it was last refreshed.
    pub refreshed_days_ago: u32,
}

impl Profile {
    /// The notebook's test, `profile.is_incomplete() and not
    /// profile.refreshed_recently()` (its `is_stall` left out): whether
    /// this profile needs a request.
    pub fn needs_refresh(&self) -> bool {
        self.incomplete && self.refreshed_days_ago > 7
    }
}

/// Snapshot files in a temporary folder, removed on drop.
pub struct Corpus {
    /// The folder; removed with everything in it when dropped.
    dir: labkit::process::TempDir,
    /// The snapshot files, in the order they were written.
    files: Vec<PathBuf>,
    /// How many profiles the files hold in all.
    profiles: usize,
}

impl Corpus {
    /// Writes `profiles` seeded profiles into `files` snapshot files.
    pub fn write(profiles: usize, files: usize, seed: u64) -> anyhow::Result<Corpus> {
        let dir = labkit::process::TempDir::new("lab-09-snapshots")?;
        let mut rng = StdRng::seed_from_u64(seed);
        let files = files.max(1);
        let mut paths = Vec::with_capacity(files);
        for f in 0..files {
            let path = dir.path().join(format!("snapshot-{f:03}.jsonl"));
            let mut out = BufWriter::new(std::fs::File::create(&path)?);
            for id in (f..profiles).step_by(files) {
                let p = Profile {
                    id: id as u64,
                    incomplete: rng.random_bool(0.6),
                    refreshed_days_ago: rng.random_range(0..30),
                };
                serde_json::to_writer(&mut out, &p)?;
                out.write_all(b"\n")?;
            }
            out.flush()?;
            paths.push(path);
        }
        Ok(Corpus { dir, files: paths, profiles })
    }

    /// The snapshot files.
    pub fn files(&self) -> &[PathBuf] {
        &self.files
    }

    /// How many profiles the corpus holds.
    pub fn len(&self) -> usize {
        self.profiles
    }

    /// Whether it holds none.
    pub fn is_empty(&self) -> bool {
        self.profiles == 0
    }

    /// The folder the files are in.
    pub fn dir(&self) -> &std::path::Path {
        self.dir.path()
    }

    /// Every profile of every file, in file order (the notebook's `iter_vk_profiles`).
    pub fn profiles(&self) -> impl Iterator<Item = anyhow::Result<Profile>> + '_ {
        self.files.iter().flat_map(|path| read_file(path))
    }
}

/// The profiles of one snapshot file, read a line at a time.
pub fn read_file(path: &Path) -> Box<dyn Iterator<Item = anyhow::Result<Profile>>> {
    match std::fs::File::open(path) {
        Ok(file) => {
            Box::new(BufReader::new(file).lines().map(|line| Ok(serde_json::from_str(&line?)?)))
        }
        Err(e) => Box::new(std::iter::once(Err(e.into()))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profiles_written_are_read_back_and_the_folder_goes_with_the_corpus() {
        let corpus = Corpus::write(1000, 3, 7).unwrap();
        let dir = corpus.dir().to_path_buf();
        let mut ids: Vec<u64> = corpus.profiles().map(|p| p.unwrap().id).collect();
        ids.sort_unstable();
        assert_eq!(ids, (0..1000).collect::<Vec<_>>());
        assert_eq!(corpus.files().len(), 3);
        let again = Corpus::write(1000, 3, 7).unwrap();
        let a: Vec<Profile> = corpus.profiles().map(Result::unwrap).collect();
        let b: Vec<Profile> = again.profiles().map(Result::unwrap).collect();
        assert_eq!(a, b, "the same seed gives the same corpus");
        drop(corpus);
        assert!(!dir.exists(), "the snapshot folder is removed on drop");
    }
}
