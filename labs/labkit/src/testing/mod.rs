//! Helpers for the labs' tests, written once.
//!
//! | module | what it checks |
//! | --- | --- |
//! | [`lab_cli`] | the lab run as a user runs it: `--help`, bad arguments, a quick run ([`LabCli`], [`QuickRun`]) |
//! | [`run_env`] | a run with its own `TMPDIR` and tag, and what it left behind: processes, files, shared memory ([`RunEnv`]; Linux) |
//! | [`interrupt`] | Ctrl-C mid-run: exit status 130 and nothing left ([`interrupt_command`], `LabCli::interrupt_run`; Linux) |
//! | [`wait`] | a thread that should finish, or stay blocked, checked with a time limit instead of a hang ([`Pending`], [`finishes_within`], [`join_within`]) |

#[cfg(target_os = "linux")]
pub mod interrupt;
pub mod lab_cli;
#[cfg(target_os = "linux")]
pub mod run_env;
#[cfg(all(test, target_os = "linux"))]
mod tests;
pub mod wait;

#[cfg(target_os = "linux")]
pub use interrupt::{Interrupted, interrupt_command};
#[cfg(target_os = "linux")]
pub use run_env::RunEnv;

pub use lab_cli::{LabCli, QuickRun};
pub use wait::{Pending, finishes_within, join_within};
