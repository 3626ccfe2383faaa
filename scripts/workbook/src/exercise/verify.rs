//! `exercise verify`: the project's proof that every exercise works both
//! ways. For each exercise the starter and the solution are generated into a
//! temporary directory exactly as a student would get them, and tested:
//!
//! - the starter must compile and fail at least one test (otherwise the tests
//!   do not check the student's part);
//! - the solution must compile and pass every test (and have some).
//!
//! The two crates are the members of one small workspace, so a single cargo
//! run compiles both in parallel; their manifests differ only in the package
//! name, so they resolve the same dependencies with the same features and
//! each compiles exactly as it would on its own. Every exercise builds in
//! the target directory `target/exercise-verify`, so the dependencies that
//! exercises share (the kit, the labs, the crates they use) are compiled
//! once, not once per crate.

use super::registry::{Exercise, Registry};
use super::scaffold;
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
    let [starter, solution] = build_and_run(exercise, temp.path(), &target, &lockfile, limit)?;
    problems.extend(stale_test_hints(exercise, &solution));
    let (starter, starter_problem) = judge_starter(&starter);
    let (solution, solution_problem) = judge_solution(&solution);
    problems.extend(starter_problem);
    problems.extend(solution_problem);
    Ok(Verdict { id: exercise.id.clone(), starter, solution, problems })
}

/// Writes the starter and the solution into `dir` as one workspace,
/// compiles both in one cargo run, then runs each one's tests (those that
/// compiled). Returns the starter's outcome and the solution's.
fn build_and_run(
    exercise: &Exercise,
    dir: &Path,
    target: &Path,
    lockfile: &Path,
    limit: Duration,
) -> Result<[Outcome; 2]> {
    scaffold::write_pair(exercise, dir, Some(lockfile))?;
    // Cargo names the sources by their full path; so does the check of
    // which member an artifact or an error belongs to.
    let dir = dir.canonicalize().with_context(|| format!("cannot find {}", dir.display()))?;
    let members = scaffold::PAIR.map(|(_, member)| dir.join(member));
    let built = testrun::build_members(&dir, &members, target)
        .with_context(|| format!("exercise {}: cannot compile its crates", exercise.id))?;
    let outcome = |i: usize| match &built[i] {
        Some(failure) => Ok(failure.clone()),
        None => testrun::run_built(&members[i], target, limit).with_context(|| {
            format!("exercise {}: cannot test the {:?}", exercise.id, scaffold::PAIR[i].0)
        }),
    };
    Ok([outcome(0)?, outcome(1)?])
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

/// The pair's build, on a toy exercise without dependencies (cargo runs on
/// two small crates: a few seconds).
#[cfg(test)]
mod pair_tests {
    use super::*;

    /// The starter names a function that does not exist; the solution is fine.
    const SOURCE: &str = "pub fn answer() -> u32 {\n    // exercise: solution\n    42\n    // exercise: starter\n    // no_such_function()\n    // exercise: end\n}\n\n#[cfg(test)]\nmod tests {\n    #[test]\n    fn finds_the_answer() {\n        assert_eq!(super::answer(), 42);\n    }\n}\n";

    #[test]
    fn one_crate_that_does_not_compile_leaves_the_other_built_and_tested() {
        let lab = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(lab.path().join("src")).unwrap();
        std::fs::write(lab.path().join("src/answer.rs"), SOURCE).unwrap();
        let exercise = Exercise {
            id: "00-answer".into(),
            title: "The answer".into(),
            source: "src/answer.rs".into(),
            summary: "Find it.".into(),
            hints: vec![],
            dependencies: Default::default(),
            test_hints: Default::default(),
            lab: "lab-00-toy".into(),
            lab_dir: lab.path().to_path_buf(),
        };
        let out = tempfile::tempdir().unwrap();
        let target = lab.path().join("target");
        let [starter, solution] = build_and_run(
            &exercise,
            out.path(),
            &target,
            Path::new("none"),
            Duration::from_secs(60),
        )
        .unwrap();
        match starter {
            Outcome::CompileError { first, count: 1 } => {
                assert!(first.contains("no_such_function"), "{first}")
            }
            other => panic!("the starter should not compile: {other:?}"),
        }
        assert_eq!(judge_solution(&solution), ("1 of 1 tests pass".into(), None));
    }
}
