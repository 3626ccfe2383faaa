//! Helpers for the labs' tests, written once.
//!
//! | module | what it checks |
//! | --- | --- |
//! | [`lab_cli`] | the lab run as a user runs it: `--help`, bad arguments, a quick run ([`LabCli`], [`QuickRun`]) |

pub mod lab_cli;

pub use lab_cli::{LabCli, QuickRun};
