//! The lab's binary started as a child (`--child <mode>`, hidden from
//! `--help`): a fresh program that knows only its arguments, environment
//! and inherited descriptors.
//!
//! - `exit`: ends at once; what a start-and-wait costs is then only the
//!   start (the timing experiment).
//! - `sees`: decodes its `--child-args` (postcard, as hex), runs
//!   [`crate::seen::observe`] and prints its `Seen` line on stdout.

use crate::seen::{self, ChildArgs};
use crate::state;
use clap::ValueEnum;
use std::io::Write;

/// What the lab does when started as a child.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ChildMode {
    /// Exit at once.
    Exit,
    /// Report what it sees.
    Sees,
}

/// Runs the child mode; the process's exit code.
pub fn run(mode: ChildMode, args: Option<&str>) -> anyhow::Result<()> {
    match mode {
        ChildMode::Exit => Ok(()),
        ChildMode::Sees => {
            let bytes = seen::from_hex(args.unwrap_or_default())?;
            let args: ChildArgs = postcard::from_bytes(&bytes)?;
            let a = state::setstate(&args.state)?;
            let seen = seen::observe(None, a, args.fds);
            let mut out = std::io::stdout().lock();
            out.write_all(seen::encode(&seen).as_bytes())?;
            Ok(out.flush()?)
        }
    }
}
