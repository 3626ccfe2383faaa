//! Starting cargo from the tool.
//!
//! When the tool runs as `cargo workbook …`, cargo tells it which cargo
//! binary it is through the `CARGO` variable; using that one (rather than
//! whatever `cargo` is first on the PATH) keeps the toolchain consistent.

use std::process::Command;

/// A `cargo` command, to be given its arguments.
pub fn command() -> Command {
    Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}
