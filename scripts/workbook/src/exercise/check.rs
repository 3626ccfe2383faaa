//! `exercise check` and `exercise hint`: what a student runs while working.
//!
//! `check` runs the tests of the student's copy and prints, in this order:
//! one ✔/✘ line per test, "3 of 5 tests pass", then for each failing test
//! its panic message and its test hint, then the next layered hint (each
//! failing check reveals one more). A copy that does not compile gets the
//! compiler's first error instead; tests still running at the time limit
//! are stopped and named, with what usually causes that. `hint` reveals the
//! next hint without running anything.

use super::libtest::{Report, Status};
use super::registry::{Exercise, Registry};
use super::student::{LastCheck, StudentCopy};
use super::testrun::{self, Outcome};
use crate::workspace::Workspace;
use anyhow::{Result, bail};
use console::style;
use std::time::Duration;

/// `exercise check`: runs the tests, stopping them after `limit`; `Ok(true)`
/// when they all pass.
pub fn check(
    workspace: &Workspace,
    registry: &Registry,
    id: &str,
    limit: Duration,
) -> Result<bool> {
    let exercise = registry.get(id)?;
    let copy = started(workspace, id)?;
    let shown = copy
        .lib_rs()
        .strip_prefix(&workspace.root)
        .map(|p| p.to_path_buf())
        .unwrap_or(copy.lib_rs());
    println!("Checking {id} ({})…\n", shown.display());
    match testrun::run(&copy.dir, &workspace.target_dir().join("exercises"), limit)? {
        Outcome::CompileError { first, count } => {
            copy.save_last_check(LastCheck::DoesNotCompile)?;
            let of = if count > 1 { format!(" (of {count})") } else { String::new() };
            println!(
                "{} It does not compile yet. The compiler's first error{of}:\n",
                style("✘").red().bold()
            );
            println!("{}\n", indent(&first, "    "));
            println!("Fix it and check again.");
            Ok(false)
        }
        Outcome::Broken { tail } => {
            println!(
                "{} The tests could not run. The end of cargo's output:\n",
                style("✘").red().bold()
            );
            println!("{}", indent(&tail, "    "));
            Ok(false)
        }
        Outcome::TimedOut { limit, unfinished, mut report } => {
            report.sort_by_source(&std::fs::read_to_string(copy.lib_rs()).unwrap_or_default());
            copy.save_last_check(LastCheck::Tests {
                passed: report.passed(),
                total: report.ran() + unfinished.len(),
            })?;
            print_timeout(exercise, &report, limit, &unfinished);
            Ok(false)
        }
        Outcome::Ran(mut report) => {
            report.sort_by_source(&std::fs::read_to_string(copy.lib_rs()).unwrap_or_default());
            copy.save_last_check(LastCheck::Tests {
                passed: report.passed(),
                total: report.ran(),
            })?;
            print_report(exercise, &report);
            if report.failed() == 0 && report.ran() > 0 {
                println!(
                    "\n{} Well done: every test passes. Exercise {id} is complete.",
                    style("✔").green().bold()
                );
                return Ok(true);
            }
            if report.ran() == 0 {
                println!(
                    "No test ran: the tests at the bottom of src/lib.rs are what checks your work."
                );
                return Ok(false);
            }
            reveal_next_hint(exercise, &copy)?;
            Ok(false)
        }
    }
}

/// `exercise hint`: shows the hints revealed so far plus the next one.
pub fn hint(workspace: &Workspace, registry: &Registry, id: &str) -> Result<()> {
    let exercise = registry.get(id)?;
    let copy = started(workspace, id)?;
    if exercise.hints.is_empty() {
        println!("Exercise {id} has no hints: the failing tests' messages are your guide.");
        return Ok(());
    }
    let shown = (copy.hints_shown() + 1).min(exercise.hints.len());
    copy.set_hints_shown(shown)?;
    for number in 1..=shown {
        print_hint(exercise, number);
    }
    print_what_next(exercise, shown);
    Ok(())
}

/// The student's copy of `id`, or an error saying how to make it.
fn started(workspace: &Workspace, id: &str) -> Result<StudentCopy> {
    let copy = StudentCopy::new(&workspace.root, id);
    if !copy.exists() {
        bail!("exercise {id} is not started yet: run `cargo workbook exercise start {id}` first");
    }
    Ok(copy)
}

/// ✔/✘ per test, the count, then why each failing test failed.
fn print_report(exercise: &Exercise, report: &Report) {
    print_marks(report);
    println!("\n{} of {} tests pass.", report.passed(), report.ran());
    print_failures(exercise, report);
}

/// ✔/✘ per test.
fn print_marks(report: &Report) {
    for test in &report.tests {
        let mark = match test.status {
            Status::Passed => style("✔").green(),
            Status::Failed => style("✘").red(),
            Status::Ignored => style("-").dim(),
        };
        println!("  {mark} {}", short_name(&test.name));
    }
}

/// Why each failing test failed, and its test hint.
fn print_failures(exercise: &Exercise, report: &Report) {
    // Often many tests fail the same way (a `todo!()` not yet replaced): the
    // message is shown once.
    let mut first_with: Vec<(&str, &str)> = Vec::new();
    for test in report.tests.iter().filter(|t| t.status == Status::Failed) {
        println!("\n{} {}", style("✘").red(), style(short_name(&test.name)).bold());
        if let Some(message) = test.message.as_deref() {
            match first_with.iter().find(|(m, _)| *m == message) {
                Some((_, first)) => {
                    println!("    {}", style(format!("(failed like {first})")).dim())
                }
                None => {
                    println!("{}", indent(message, "    "));
                    first_with.push((message, short_name(&test.name)));
                }
            }
        }
        if let Some(hint) = exercise.test_hint(&test.name) {
            println!("    {} {hint}", style("hint:").cyan());
        }
    }
}

/// The tests that finished, then the ones stopped at the time limit, with
/// what usually causes a test that never ends.
fn print_timeout(exercise: &Exercise, report: &Report, limit: Duration, unfinished: &[String]) {
    let seconds = limit.as_secs();
    print_marks(report);
    for name in unfinished {
        println!("  {} {} (never finished)", style("✘").red(), short_name(name));
    }
    let total = report.ran() + unfinished.len();
    println!("\n{} of {total} tests pass.", report.passed());
    print_failures(exercise, report);
    println!(
        "\n{} The tests were still running after {seconds} s and were stopped.",
        style("✘").red().bold()
    );
    if unfinished.is_empty() {
        println!("    Which test was running is not known.");
    }
    for name in unfinished {
        println!("\n{} {} never finished", style("✘").red(), style(short_name(name)).bold());
        if let Some(hint) = exercise.test_hint(name) {
            println!("    {} {hint}", style("hint:").cyan());
        }
    }
    println!(
        "\nA test that never ends is usually a loop whose condition never changes, or a wait\n\
         that nothing ends: a wake-up never sent (a missing notify), a lock never unlocked,\n\
         a thread joined that never returns. Look at the loops and the waits in your code.\n\
         If your machine is only slow, give the tests more time:\n    \
         cargo workbook exercise check {} --time-limit {}",
        exercise.id,
        seconds * 4
    );
}

/// Each failing check reveals one more layered hint.
fn reveal_next_hint(exercise: &Exercise, copy: &StudentCopy) -> Result<()> {
    if exercise.hints.is_empty() {
        return Ok(());
    }
    let shown = (copy.hints_shown() + 1).min(exercise.hints.len());
    copy.set_hints_shown(shown)?;
    println!();
    print_hint(exercise, shown);
    print_what_next(exercise, shown);
    Ok(())
}

fn print_hint(exercise: &Exercise, number: usize) {
    let total = exercise.hints.len();
    let label = style(format!("Hint {number} of {total}:")).cyan().bold();
    println!("{label} {}", exercise.hints[number - 1].trim());
}

fn print_what_next(exercise: &Exercise, shown: usize) {
    if shown < exercise.hints.len() {
        println!("Run `cargo workbook exercise hint {}` for the next hint.", exercise.id);
    } else {
        println!(
            "That was the last hint. The reference solution is at the end of the exercise in the book, and in {}.",
            exercise.source_display()
        );
    }
}

/// `tests::sorts_longest_first` → `sorts_longest_first`.
fn short_name(name: &str) -> &str {
    name.strip_prefix("tests::").unwrap_or(name)
}

fn indent(text: &str, prefix: &str) -> String {
    text.lines().map(|line| format!("{prefix}{line}")).collect::<Vec<_>>().join("\n")
}
