//! Running an exercise crate's tests with cargo, in two steps: compile (with
//! JSON diagnostics, so the first compiler error can be shown on its own),
//! then run the harness and read its text with [`libtest::parse`].
//!
//! Every exercise crate shares one cargo target directory chosen by the
//! caller, so dependencies are compiled once, not once per exercise.
//! [`build_members`] compiles several crates of one workspace (`verify`'s
//! starter and solution) in a single cargo run, in parallel, and says for
//! each whether it compiled; [`run_built`] then runs one of them.
//!
//! The run has a time limit (compiling has none): a student's infinite loop
//! or lost wake-up ends the run, cargo, the test process and anything it
//! started are killed and reaped (`labkit::watchdog::run_child`), and the
//! outcome names the tests that had not finished.

use super::libtest::{self, Report};
use crate::cargo;
use anyhow::{Context, Result};
use cargo_metadata::Message;
use cargo_metadata::diagnostic::DiagnosticLevel;
use labkit::watchdog::{ChildOutcome, run_child};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Duration;

/// How long one run of an exercise's tests may take unless `--time-limit`
/// says otherwise: generous, since a first run on a slow machine is slow.
pub const DEFAULT_TIME_LIMIT: Duration = Duration::from_secs(120);

/// How long listing the tests may take, after a run that timed out.
const LIST_LIMIT: Duration = Duration::from_secs(60);

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
    /// The tests ran past the time limit and were stopped.
    TimedOut {
        /// The limit they ran past.
        limit: Duration,
        /// The tests that had not finished (still running, or never started
        /// because the running ones held every test thread).
        unfinished: Vec<String>,
        /// The results of the tests that did finish.
        report: Report,
    },
}

/// Compiles and runs the tests of the crate in `dir`, building into
/// `target_dir`; the run (not the build) is stopped after `limit`.
pub fn run(dir: &Path, target_dir: &Path, limit: Duration) -> Result<Outcome> {
    let build = cargo::command()
        .args(["test", "--lib", "--no-run", "--message-format=json"])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target_dir)
        .output()
        .context("cannot run cargo")?;
    if !build.status.success() {
        let messages = messages(&build);
        return Ok(compile_failure(&build, errors(&messages, |_| true)));
    }
    run_built(dir, target_dir, limit)
}

/// Compiles the tests of every member of the workspace in `dir` in one cargo
/// run (`--no-fail-fast`, so one member's compile error does not stop the
/// others), building into `target_dir`. For each directory of `members`,
/// in order: `None` when its tests compiled (run them with [`run_built`]),
/// else the failure: its own first error, or, when it has none, the first
/// error of the dependency that stopped it.
pub fn build_members(
    dir: &Path,
    members: &[PathBuf],
    target_dir: &Path,
) -> Result<Vec<Option<Outcome>>> {
    let build = cargo::command()
        .args(["test", "--workspace", "--lib", "--no-run", "--no-fail-fast"])
        .arg("--message-format=json")
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target_dir)
        .output()
        .context("cannot run cargo")?;
    let messages = messages(&build);
    let built = |member: &Path| {
        messages.iter().any(|m| match m {
            Message::CompilerArtifact(a) => {
                a.profile.test
                    && a.executable.is_some()
                    && a.target.src_path.as_std_path().starts_with(member)
            }
            _ => false,
        })
    };
    // A dependency's errors: about sources of none of the members.
    let theirs = || errors(&messages, |src| !members.iter().any(|m| src.starts_with(m)));
    Ok(members
        .iter()
        .map(|member| {
            if built(member) {
                return None;
            }
            let mut errors = errors(&messages, |src| src.starts_with(member));
            if errors.is_empty() {
                errors = theirs();
            }
            Some(compile_failure(&build, errors))
        })
        .collect())
}

/// Runs the already compiled tests of the crate in `dir` (a cargo run that
/// finds everything fresh), stopped after `limit`.
pub fn run_built(dir: &Path, target_dir: &Path, limit: Duration) -> Result<Outcome> {
    let mut command = test_command(dir, target_dir, &["--color", "never"]);
    let test = match run_child(&mut command, limit).context("cannot run cargo")? {
        ChildOutcome::Exited(test) => test,
        ChildOutcome::Killed(test) => {
            let printed = String::from_utf8_lossy(&test.stdout);
            let report = libtest::parse(&printed);
            let unfinished = unfinished(dir, target_dir, &printed, &report);
            return Ok(Outcome::TimedOut { limit, unfinished, report });
        }
    };
    let report = libtest::parse(&String::from_utf8_lossy(&test.stdout));
    if !report.finished {
        return Ok(Outcome::Broken { tail: tail_of(&test) });
    }
    Ok(Outcome::Ran(report))
}

/// `cargo test --lib -- <harness_args>` in `dir`.
fn test_command(dir: &Path, target_dir: &Path, harness_args: &[&str]) -> Command {
    let mut command = cargo::command();
    command
        .args(["test", "--lib", "--"])
        .args(harness_args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target_dir)
        .env("RUST_BACKTRACE", "0");
    command
}

/// The tests of a stopped run that had not finished: those libtest said
/// had been running for over 60 s, else every listed test without a result.
fn unfinished(dir: &Path, target_dir: &Path, printed: &str, report: &Report) -> Vec<String> {
    let slow: Vec<String> = printed
        .lines()
        .filter_map(|l| {
            l.strip_prefix("test ")?.strip_suffix(" has been running for over 60 seconds")
        })
        .filter(|name| !report.tests.iter().any(|t| t.name == *name))
        .map(str::to_string)
        .collect();
    if !slow.is_empty() {
        return slow;
    }
    let mut list = test_command(dir, target_dir, &["--list"]);
    let listed = match run_child(&mut list, LIST_LIMIT) {
        Ok(ChildOutcome::Exited(out)) => String::from_utf8_lossy(&out.stdout).into_owned(),
        _ => return Vec::new(),
    };
    listed_tests(&listed).filter(|name| !report.tests.iter().any(|t| t.name == *name)).collect()
}

/// The test names in `--list` output (`tests::a: test`).
fn listed_tests(listed: &str) -> impl Iterator<Item = String> + '_ {
    listed.lines().filter_map(|l| l.strip_suffix(": test")).map(str::to_string)
}

/// The messages cargo printed as JSON.
fn messages(build: &Output) -> Vec<Message> {
    Message::parse_stream(build.stdout.as_slice()).filter_map(Result::ok).collect()
}

/// The rendered compiler errors about targets whose source file `of` accepts.
fn errors(messages: &[Message], of: impl Fn(&Path) -> bool) -> Vec<String> {
    messages
        .iter()
        .filter_map(|message| match message {
            Message::CompilerMessage(m)
                if is_real_error(&m.message) && of(m.target.src_path.as_std_path()) =>
            {
                m.message.rendered.clone()
            }
            _ => None,
        })
        .collect()
}

/// The first of the compiler `errors` of a failed build, or the build's own
/// output when the compiler said nothing (a manifest or download problem).
fn compile_failure(build: &Output, errors: Vec<String>) -> Outcome {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_of_tests_is_read_from_list_output() {
        let listed = "tests::a: test\ntests::b: test\nbench: benchmark\n\n2 tests, 1 benchmark\n";
        assert_eq!(listed_tests(listed).collect::<Vec<_>>(), ["tests::a", "tests::b"]);
    }
}
