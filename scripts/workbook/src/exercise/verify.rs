//! `exercise verify`: the project's proof that every exercise works both
//! ways. For each exercise the starter and the solution are generated into a
//! temporary directory exactly as a student would get them, and tested:
//!
//! - the starter must compile and fail at least one test (otherwise the tests
//!   do not check the student's part);
//! - the solution must compile and pass every test (and have some).
//!
//! The crates share the cargo target directory `target/exercise-verify`.

use super::registry::{Exercise, Registry};
use super::scaffold::{self, Variant};
use super::testrun::{self, Outcome};
use crate::workspace::Workspace;
use anyhow::{Context, Result};
use std::path::Path;
use std::time::Duration;

/// What verify found for one exercise.
#[derive(Debug, Clone)]
pub struct Verdict {
    /// The exercise id.
    pub id: String,
    /// How the starter did, in a few words.
    pub starter: String,
    /// How the solution did, in a few words.
    pub solution: String,
    /// What breaks the rule, if anything (one entry per problem).
    pub problems: Vec<String>,
}

/// `exercise verify [<id>]`: prints a table; `Ok(true)` when every exercise
/// keeps the rule.
pub fn run(
    workspace: &Workspace,
    registry: &Registry,
    id: Option<&str>,
    limit: Duration,
) -> Result<bool> {
    let exercises: Vec<&Exercise> = match id {
        Some(id) => vec![registry.get(id)?],
        None => registry.exercises.iter().collect(),
    };
    if exercises.is_empty() {
        println!("No exercise to verify: no lab declares one yet.");
        return Ok(true);
    }
    let mut verdicts = Vec::new();
    for (n, exercise) in exercises.iter().enumerate() {
        eprintln!("[{}/{}] verifying {} …", n + 1, exercises.len(), exercise.id);
        verdicts.push(verify(workspace, exercise, limit)?);
    }
    let mut table = crate::table::new(["exercise", "starter", "solution", "verdict"]);
    for v in &verdicts {
        let verdict = if v.problems.is_empty() { "ok" } else { "BROKEN" };
        table.add_row([v.id.as_str(), v.starter.as_str(), v.solution.as_str(), verdict]);
    }
    println!("{table}");
    let broken: Vec<&Verdict> = verdicts.iter().filter(|v| !v.problems.is_empty()).collect();
    for v in &broken {
        for problem in &v.problems {
            println!("\n{}: {problem}", v.id);
        }
    }
    if broken.is_empty() {
        println!(
            "\nEvery exercise keeps the rule: its starter fails its tests and its solution passes them."
        );
    } else {
        let ids: Vec<&str> = broken.iter().map(|v| v.id.as_str()).collect();
        eprintln!("\nerror: {} exercise(s) break the rule: {}", ids.len(), ids.join(", "));
    }
    Ok(broken.is_empty())
}

/// Generates and tests both views of one exercise, each run stopped after `limit`.
pub fn verify(workspace: &Workspace, exercise: &Exercise, limit: Duration) -> Result<Verdict> {
    let temp = tempfile::Builder::new()
        .prefix("workbook-verify-")
        .tempdir()
        .context("cannot create a temporary directory")?;
    let target = workspace.target_dir().join("exercise-verify");
    let lockfile = workspace.root.join("Cargo.lock");
    let mut problems = Vec::new();
    if scaffold::views(exercise)?.regions == 0 {
        problems
            .push(format!("{} has no `// exercise: solution` region", exercise.source_display()));
    }
    let run = |variant, dir: &str| {
        run_variant(exercise, variant, &temp.path().join(dir), &target, &lockfile, limit)
    };
    let starter = run(Variant::Starter, "starter")?;
    let solution = run(Variant::Solution, "solution")?;
    problems.extend(stale_test_hints(exercise, &solution));
    let (starter, starter_problem) = judge_starter(&starter);
    let (solution, solution_problem) = judge_solution(&solution);
    problems.extend(starter_problem);
    problems.extend(solution_problem);
    Ok(Verdict { id: exercise.id.clone(), starter, solution, problems })
}

fn run_variant(
    exercise: &Exercise,
    variant: Variant,
    dir: &Path,
    target: &Path,
    lockfile: &Path,
    limit: Duration,
) -> Result<Outcome> {
    scaffold::write_crate(exercise, variant, dir, Some(lockfile))?;
    testrun::run(dir, target, limit)
        .with_context(|| format!("exercise {}: cannot test the {variant:?}", exercise.id))
}

/// A test hint must name a test that exists: a renamed test would otherwise
/// lose its hint without anyone noticing.
fn stale_test_hints(exercise: &Exercise, solution: &Outcome) -> Option<String> {
    let Outcome::Ran(report) = solution else { return None };
    let stale = exercise.hints_for_missing_tests(report.tests.iter().map(|t| t.name.as_str()));
    (!stale.is_empty())
        .then(|| format!("test_hints name tests that do not exist: {}", stale.join(", ")))
}

/// The starter must compile and fail at least one test.
pub fn judge_starter(outcome: &Outcome) -> (String, Option<String>) {
    match outcome {
        Outcome::CompileError { first, .. } => {
            ("does not compile".into(), Some(format!("the starter does not compile:\n{first}")))
        }
        Outcome::Broken { tail } => {
            ("cannot run".into(), Some(format!("the starter's tests cannot run:\n{tail}")))
        }
        Outcome::TimedOut { limit, unfinished, .. } => (
            format!("stopped after {} s", limit.as_secs()),
            Some(format!(
                "the starter's tests did not finish within {} s ({}): a starter must fail quickly, not hang",
                limit.as_secs(),
                still_running(unfinished)
            )),
        ),
        Outcome::Ran(report) if report.failed() == 0 => (
            format!("{} of {} tests pass", report.passed(), report.ran()),
            Some(
                "the starter passes every test, so the tests do not check the student's part"
                    .into(),
            ),
        ),
        Outcome::Ran(report) => {
            (format!("compiles, {} of {} tests fail", report.failed(), report.ran()), None)
        }
    }
}

/// The solution must compile and pass every test, of which there are some.
pub fn judge_solution(outcome: &Outcome) -> (String, Option<String>) {
    match outcome {
        Outcome::CompileError { first, .. } => {
            ("does not compile".into(), Some(format!("the solution does not compile:\n{first}")))
        }
        Outcome::Broken { tail } => {
            ("cannot run".into(), Some(format!("the solution's tests cannot run:\n{tail}")))
        }
        Outcome::TimedOut { limit, unfinished, .. } => (
            format!("stopped after {} s", limit.as_secs()),
            Some(format!(
                "the solution's tests did not finish within {} s ({})",
                limit.as_secs(),
                still_running(unfinished)
            )),
        ),
        Outcome::Ran(report) if report.ran() == 0 => {
            ("no tests".into(), Some("the exercise has no tests".into()))
        }
        Outcome::Ran(report) if report.failed() > 0 => {
            let failures: Vec<String> = report
                .tests
                .iter()
                .filter(|t| t.message.is_some())
                .map(|t| {
                    let message = t.message.as_deref().unwrap_or_default();
                    format!(
                        "  {}:\n{}",
                        t.name,
                        message.lines().map(|l| format!("    {l}")).collect::<Vec<_>>().join("\n")
                    )
                })
                .collect();
            (
                format!("{} of {} tests fail", report.failed(), report.ran()),
                Some(format!("the solution fails tests:\n{}", failures.join("\n"))),
            )
        }
        Outcome::Ran(report) => {
            (format!("{} of {} tests pass", report.passed(), report.ran()), None)
        }
    }
}

/// `still running: a, b`, or that it is not known which test was.
pub fn still_running(unfinished: &[String]) -> String {
    match unfinished {
        [] => "which test was running is not known".into(),
        names => format!("still running: {}", names.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exercise::libtest;

    #[test]
    fn tests_that_do_not_finish_break_the_rule_both_ways() {
        let outcome = Outcome::TimedOut {
            limit: Duration::from_secs(3),
            unfinished: vec!["tests::spins".into()],
            report: libtest::Report::default(),
        };
        let (said, problem) = judge_starter(&outcome);
        assert_eq!(said, "stopped after 3 s");
        assert!(problem.unwrap().contains("(still running: tests::spins)"));
        assert!(judge_solution(&outcome).1.unwrap().contains("did not finish within 3 s"));
    }

    fn ran(output: &str) -> Outcome {
        Outcome::Ran(libtest::parse(output))
    }

    const ONE_FAILS: &str = "test tests::a ... ok\ntest tests::b ... FAILED\n\n---- tests::b stdout ----\nthread 'tests::b' panicked at src/lib.rs:1:1:\nnot yet implemented\n\ntest result: FAILED.\n";
    const ALL_PASS: &str = "test tests::a ... ok\ntest tests::b ... ok\ntest result: ok.\n";

    #[test]
    fn a_starter_that_fails_a_test_keeps_the_rule() {
        assert_eq!(judge_starter(&ran(ONE_FAILS)), ("compiles, 1 of 2 tests fail".into(), None));
    }

    #[test]
    fn a_starter_that_passes_breaks_the_rule() {
        assert!(judge_starter(&ran(ALL_PASS)).1.unwrap().contains("passes every test"));
    }

    #[test]
    fn a_starter_that_does_not_compile_breaks_the_rule() {
        let outcome = Outcome::CompileError { first: "error[E0425]".into(), count: 1 };
        assert!(judge_starter(&outcome).1.unwrap().contains("E0425"));
    }

    #[test]
    fn a_solution_must_pass_everything() {
        assert_eq!(judge_solution(&ran(ALL_PASS)), ("2 of 2 tests pass".into(), None));
        let problem = judge_solution(&ran(ONE_FAILS)).1.unwrap();
        assert!(problem.contains("tests::b:\n    not yet implemented"), "{problem}");
    }

    #[test]
    fn a_solution_without_tests_breaks_the_rule() {
        assert!(judge_solution(&ran("test result: ok.\n")).1.is_some());
    }
}
