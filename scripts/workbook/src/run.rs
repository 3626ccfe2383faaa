//! `cargo workbook run <lab> [-- args]`: `cargo run -p <lab> -- args`, with
//! the lab named by its number, its topic or its full name.

use crate::cargo;
use crate::workspace::Workspace;
use anyhow::{Context, Result};
use std::process::ExitCode;

/// Runs the lab and returns its exit status.
pub fn run(workspace: &Workspace, lab: &str, args: &[String]) -> Result<ExitCode> {
    let lab = workspace.find_lab(lab)?;
    let status = cargo::command()
        .args(["run", "--quiet", "-p", &lab.name, "--"])
        .args(args)
        .current_dir(&workspace.root)
        .status()
        .context("cannot run cargo")?;
    let code = status.code().and_then(|c| u8::try_from(c).ok()).unwrap_or(1);
    Ok(ExitCode::from(code))
}
