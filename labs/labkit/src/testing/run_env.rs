//! A lab run in an environment of its own, so that whatever it leaves
//! behind can be found afterwards and named.
//!
//! [`RunEnv`] gives the run a fresh `TMPDIR` (removed when the `RunEnv` is
//! dropped) and a tag in `LABKIT_RUN_TAG`, which every process the lab
//! starts inherits and which `labkit::process` puts into its temporary
//! directories and shared-memory names. After the run, the leftovers are:
//! a live process whose environment holds the tag, a file in the
//! `TMPDIR`, an entry of `/dev/shm` whose name holds the tag.

use crate::process::{Diagnosis, RUN_TAG_VAR};
use std::path::Path;
use std::process::Command;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

/// How long leftovers may take to go (a killed child being reaped).
const SETTLE: Duration = Duration::from_secs(3);

/// A run's own `TMPDIR` and tag.
#[derive(Debug)]
pub struct RunEnv {
    /// `labkit-run-<test pid>-<n>`: unique on this machine while the test runs.
    tag: String,
    /// The run's `TMPDIR`.
    tmp: tempfile::TempDir,
}

/// Numbers the environments of one test process.
static NEXT: AtomicU32 = AtomicU32::new(0);

impl Default for RunEnv {
    fn default() -> Self {
        Self::new()
    }
}

impl RunEnv {
    /// A fresh tag and an empty temporary directory.
    pub fn new() -> RunEnv {
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let tag = format!("labkit-run-{}-{n}", std::process::id());
        let tmp =
            tempfile::Builder::new().prefix(&format!("{tag}-tmp-")).tempdir().expect("a TMPDIR");
        RunEnv { tag, tmp }
    }

    /// Sets the tag and `TMPDIR` in `command`'s environment.
    pub fn apply<'c>(&self, command: &'c mut Command) -> &'c mut Command {
        command.env(RUN_TAG_VAR, &self.tag).env("TMPDIR", self.tmp.path())
    }

    /// The run's tag.
    pub fn tag(&self) -> &str {
        &self.tag
    }

    /// The run's `TMPDIR`.
    pub fn tmpdir(&self) -> &Path {
        self.tmp.path()
    }

    /// Live processes (other than this one) whose environment holds the tag.
    pub fn processes(&self) -> Vec<Diagnosis> {
        let needle = format!("{RUN_TAG_VAR}={}\0", self.tag).into_bytes();
        let me = std::process::id();
        let Ok(entries) = std::fs::read_dir("/proc") else { return Vec::new() };
        entries
            .filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
            .filter(|&pid| pid != me)
            .filter(|pid| {
                std::fs::read(format!("/proc/{pid}/environ"))
                    .is_ok_and(|env| env.windows(needle.len()).any(|w| w == needle))
            })
            .filter_map(Diagnosis::of)
            .collect()
    }

    /// Everything the run left, one line each: processes, files in its
    /// `TMPDIR`, `/dev/shm` entries with its tag.
    pub fn leftovers(&self) -> Vec<String> {
        let mut left: Vec<String> =
            self.processes().iter().map(|d| format!("process {d}")).collect();
        if let Ok(entries) = std::fs::read_dir(self.tmp.path()) {
            left.extend(entries.filter_map(|e| Some(format!("file {}", e.ok()?.path().display()))));
        }
        if let Ok(entries) = std::fs::read_dir("/dev/shm") {
            left.extend(
                entries
                    .filter_map(|e| e.ok()?.file_name().into_string().ok())
                    .filter(|name| name.contains(&self.tag))
                    .map(|name| format!("shared memory /dev/shm/{name}")),
            );
        }
        left
    }

    /// Fails the test, naming them, if processes of the run are still alive
    /// (after giving them 3 s to go).
    #[track_caller]
    pub fn assert_no_children(&self) {
        let left = settle(|| self.processes().iter().map(|d| d.to_string()).collect());
        assert!(left.is_empty(), "the run left {} process(es): {}", left.len(), left.join("; "));
    }

    /// Fails the test, naming them, if the run left a process, a file in its
    /// `TMPDIR` or a shared-memory name.
    #[track_caller]
    pub fn assert_nothing_left(&self) {
        let left = settle(|| self.leftovers());
        assert!(left.is_empty(), "the run left behind:\n  {}", left.join("\n  "));
    }
}

/// `look()` until it finds nothing or [`SETTLE`] has passed; the last look.
fn settle(look: impl Fn() -> Vec<String>) -> Vec<String> {
    let deadline = Instant::now() + SETTLE;
    loop {
        let left = look();
        if left.is_empty() || Instant::now() >= deadline {
            return left;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}
