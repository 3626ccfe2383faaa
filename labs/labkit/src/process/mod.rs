//! Process bookkeeping for the labs of chapters 10-18: start children,
//! reap every one, and leave nothing behind, also on Ctrl-C.
//!
//! A process lab forks, spawns, creates temporary directories and
//! shared-memory objects. Each of those outlives the lab unless someone
//! ends it: a child never waited for stays a zombie, a child never killed
//! keeps running, a `/dev/shm` name stays until reboot. This module does
//! that bookkeeping once, so a lab holds only its chapter's idea.
//!
//! | file | what it holds |
//! | --- | --- |
//! | `fork.rs` | [`fork_child`]: the child runs a closure and `_exit`s with its code (a panic: 101) |
//! | `child.rs` | [`ChildProcess`]: `wait`, `wait_timeout`, `kill_and_reap`; killed and reaped on drop |
//! | `diagnose.rs` | [`Diagnosis`]: a process's state, wait channel and threads, read from `/proc` |
//! | `registry.rs` | the live children, temporary directories and shared-memory names of this process |
//! | `cleanup.rs` | [`install_cleanup`]: SIGINT, SIGTERM, SIGHUP end everything registered and exit 130 |
//! | `temp.rs` | [`TempDir`] and [`shm_name`]: names that are removed on drop and on a signal |
//! | `inspect.rs` | [`children_of_self`], [`open_fds`], [`check_no_children`]: what a test or `finish` checks |
//!
//! [`crate::LabContext::new`] installs the cleanup and
//! [`crate::LabContext::finish`] fails if the lab left a child running, so a
//! lab that uses [`fork_child`], [`ChildProcess::adopt`], [`TempDir`] and
//! [`shm_name`] is clean on every path out. Linux only: it reads `/proc`.
//!
//! ```no_run
//! use labkit::process::{self, fork_child};
//! process::install_cleanup().unwrap(); // LabContext::new does this for a lab
//! let mut child = fork_child(|| if 2 + 2 == 4 { 0 } else { 1 }).unwrap();
//! assert_eq!(child.wait().unwrap().code(), Some(0));
//! let dir = process::TempDir::new("scratch").unwrap(); // removed on drop or Ctrl-C
//! let shm = process::shm_name("ring"); // "/<run tag>-ring-<pid>-<n>", unlinked on drop or Ctrl-C
//! # let _ = (dir.path(), shm.as_str());
//! ```

mod child;
mod cleanup;
mod diagnose;
mod fork;
mod inspect;
mod registry;
mod temp;
#[cfg(test)]
pub(crate) mod tests;

pub use child::ChildProcess;
pub use cleanup::{INTERRUPTED, install_cleanup, wait_if_interrupted};
pub use diagnose::Diagnosis;
pub use fork::fork_child;
pub use inspect::{check_no_children, children_of_self, open_fds};
pub use temp::{RUN_TAG_VAR, ShmName, TempDir, run_tag, shm_name};
