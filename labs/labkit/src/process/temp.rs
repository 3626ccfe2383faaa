//! Names that must not outlive the run: temporary directories and
//! shared-memory objects, removed on drop and by the signal cleanup.
//!
//! Both carry the run's tag ([`run_tag`]): `$LABKIT_RUN_TAG` when a test
//! set it (`labkit::testing` does, so it can look for leftovers by name),
//! else `labkit`. A temporary directory goes under `$TMPDIR` (or `/tmp`);
//! a shared-memory name `/<tag>-<what>-<pid>-<n>` lives in `/dev/shm` once
//! a lab creates the object (`shm_open`).

use super::registry;
use std::fmt;
use std::ops::Deref;
use std::path::Path;
use std::sync::atomic::{AtomicU32, Ordering};

/// The environment variable that names a run, for finding what it left.
pub const RUN_TAG_VAR: &str = "LABKIT_RUN_TAG";

/// This run's tag: `$LABKIT_RUN_TAG`, or `labkit`.
pub fn run_tag() -> String {
    std::env::var(RUN_TAG_VAR).ok().filter(|t| !t.is_empty()).unwrap_or_else(|| "labkit".into())
}

/// A temporary directory `$TMPDIR/<run tag>-<tag>-XXXXXX`, removed with
/// everything in it on drop, or by the cleanup on a signal.
#[derive(Debug)]
pub struct TempDir {
    /// The directory itself (tempfile removes it on drop).
    dir: tempfile::TempDir,
}

impl TempDir {
    /// Creates a fresh directory whose name contains `tag`.
    pub fn new(tag: &str) -> std::io::Result<TempDir> {
        let dir = tempfile::Builder::new().prefix(&format!("{}-{tag}-", run_tag())).tempdir()?;
        registry::lock().add_dir(dir.path().to_path_buf());
        Ok(TempDir { dir })
    }

    /// Where it is.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        registry::lock().remove_dir(self.dir.path());
        // The field's own drop removes the directory.
    }
}

/// A shared-memory name, unlinked (`shm_unlink`) on drop and on a signal.
/// Making the name does not create the object: the lab does, with
/// `nix::sys::mman::shm_open(name.as_str(), ...)`.
#[derive(Debug)]
pub struct ShmName {
    /// `/<run tag>-<tag>-<pid>-<n>`.
    name: String,
}

/// Numbers the names one process makes, so each is new.
static NEXT: AtomicU32 = AtomicU32::new(0);

/// A fresh, registered shared-memory name containing `tag`.
pub fn shm_name(tag: &str) -> ShmName {
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let name = format!("/{}-{tag}-{}-{n}", run_tag(), std::process::id());
    registry::lock().add_shm(name.clone());
    ShmName { name }
}

impl ShmName {
    /// The name, with its leading `/`, for `shm_open`.
    pub fn as_str(&self) -> &str {
        &self.name
    }
}

impl Deref for ShmName {
    type Target = str;
    fn deref(&self) -> &str {
        &self.name
    }
}

impl fmt::Display for ShmName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)
    }
}

impl Drop for ShmName {
    fn drop(&mut self) {
        registry::lock().remove_shm(&self.name);
        // ENOENT: never created, or already unlinked by the lab. Fine.
        let _ = nix::sys::mman::shm_unlink(self.name.as_str());
    }
}
