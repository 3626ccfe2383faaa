//! The registry: what this process must end or remove before it goes.
//!
//! Three lists behind one mutex: live children (by pid), temporary
//! directories, shared-memory names. [`crate::process::ChildProcess`],
//! [`crate::process::TempDir`] and [`crate::process::ShmName`] add
//! themselves when made and take themselves off when reaped or dropped; the
//! signal cleanup ends whatever is still listed.
//!
//! Every entry remembers the pid that registered it. A forked child
//! inherits a copy of its parent's lists, but the entries are its parent's
//! business, not its own: everything here acts only on entries whose owner
//! is the current process.

use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard};

/// The lists, each entry tagged with the pid that registered it.
#[derive(Default)]
pub(super) struct Registry {
    /// (owner, child pid): children started and not yet reaped.
    pub children: Vec<(u32, u32)>,
    /// (owner, path): temporary directories to remove.
    pub dirs: Vec<(u32, PathBuf)>,
    /// (owner, name): shared-memory objects to unlink (`/name`).
    pub shm: Vec<(u32, String)>,
}

static REGISTRY: Mutex<Registry> =
    Mutex::new(Registry { children: Vec::new(), dirs: Vec::new(), shm: Vec::new() });

/// Locks the registry. A panic while it was held cannot leave the lists
/// half-written (each change is one push or retain), so poison is ignored.
pub(super) fn lock() -> MutexGuard<'static, Registry> {
    REGISTRY.lock().unwrap_or_else(|e| e.into_inner())
}

/// This process's id, the owner of what it registers.
pub(super) fn me() -> u32 {
    std::process::id()
}

impl Registry {
    /// The live children this process registered.
    pub fn my_children(&self) -> Vec<u32> {
        let me = me();
        self.children.iter().filter(|(owner, _)| *owner == me).map(|&(_, pid)| pid).collect()
    }

    pub fn add_child(&mut self, pid: u32) {
        self.children.push((me(), pid));
    }

    pub fn remove_child(&mut self, pid: u32) {
        let me = me();
        self.children.retain(|&(owner, p)| !(owner == me && p == pid));
    }

    pub fn add_dir(&mut self, path: PathBuf) {
        self.dirs.push((me(), path));
    }

    pub fn remove_dir(&mut self, path: &std::path::Path) {
        let me = me();
        self.dirs.retain(|(owner, p)| !(*owner == me && p == path));
    }

    pub fn add_shm(&mut self, name: String) {
        self.shm.push((me(), name));
    }

    pub fn remove_shm(&mut self, name: &str) {
        let me = me();
        self.shm.retain(|(owner, n)| !(*owner == me && n == name));
    }
}
