//! Running an exercise crate's tests with cargo, in two steps: compile (with
//! JSON diagnostics, so the first compiler error can be shown on its own),
//! then run the harness and read its text with [`libtest::parse`].
//!
//! Every exercise crate shares one cargo target directory chosen by the
//! caller, so dependencies are compiled once, not once per exercise.

use super::libtest::{self, Report};
use crate::cargo;
use anyhow::{Context, Result};
use cargo_metadata::Message;
use cargo_metadata::diagnostic::DiagnosticLevel;
use std::path::Path;
use std::process::Output;

/// How a `cargo test` of an exercise crate went.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// The crate does not compile.
    CompileError {
        /// The compiler's first error, as rustc renders it.
        first: String,
        /// How many errors the compiler reported in all.
        count: usize,
    },
    /// The tests ran (some may have failed).
    Ran(Report),
    /// Cargo or the test process failed without test results: a broken
    /// manifest, a failed download, a crashed test binary.
    Broken {
        /// The end of what cargo and the tests printed.
        tail: String,
    },
}

/// Compiles and runs the tests of the crate in `dir`, building into `target_dir`.
pub fn run(dir: &Path, target_dir: &Path) -> Result<Outcome> {
    let build = cargo::command()
        .args(["test", "--lib", "--no-run", "--message-format=json"])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target_dir)
        .output()
        .context("cannot run cargo")?;
    if !build.status.success() {
        return Ok(compile_failure(&build));
    }
    let test = cargo::command()
        .args(["test", "--lib", "--", "--color", "never"])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target_dir)
        .env("RUST_BACKTRACE", "0")
        .output()
        .context("cannot run cargo")?;
    let report = libtest::parse(&String::from_utf8_lossy(&test.stdout));
    if !report.finished {
        return Ok(Outcome::Broken { tail: tail_of(&test) });
    }
    Ok(Outcome::Ran(report))
}

/// The first compiler error of a failed build, or the build's own output
/// when the compiler said nothing (a manifest or download problem).
fn compile_failure(build: &Output) -> Outcome {
    let errors: Vec<String> = Message::parse_stream(build.stdout.as_slice())
        .filter_map(Result::ok)
        .filter_map(|message| match message {
            Message::CompilerMessage(m) if is_real_error(&m.message) => m.message.rendered,
            _ => None,
        })
        .collect();
    match errors.first() {
        Some(first) => {
            Outcome::CompileError { first: first.trim_end().to_string(), count: errors.len() }
        }
        None => Outcome::Broken { tail: tail_of(build) },
    }
}

/// An error about the code, not rustc's closing "aborting due to …".
fn is_real_error(diagnostic: &cargo_metadata::diagnostic::Diagnostic) -> bool {
    matches!(diagnostic.level, DiagnosticLevel::Error | DiagnosticLevel::Ice)
        && !diagnostic.spans.is_empty()
}

/// The last lines cargo and the program printed.
fn tail_of(output: &Output) -> String {
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    crate::text::tail(&text, 15)
}
