//! Helpers for the labs' tests, written once.
//!
//! | module | what it checks |
//! | --- | --- |
//! | [`lab_cli`] | the lab run as a user runs it: `--help`, bad arguments, a quick run ([`LabCli`], [`QuickRun`]) |
//! | [`wait`] | a thread that should finish, or stay blocked, checked with a time limit instead of a hang ([`Pending`], [`finishes_within`], [`join_within`]) |

pub mod lab_cli;
pub mod wait;

pub use lab_cli::{LabCli, QuickRun};
pub use wait::{Pending, finishes_within, join_within};
