//! Reading the plain text that the standard test harness (libtest) prints.
//!
//! Stable Rust has no machine-readable test output, so [`parse`] reads the
//! human one, which has been stable for years:
//!
//! ```text
//! test tests::keeps_every_task ... ok
//! test tests::sorts_longest_first ... FAILED
//!
//! failures:
//!
//! ---- tests::sorts_longest_first stdout ----
//!
//! thread 'tests::sorts_longest_first' panicked at src/lib.rs:12:5:
//! not yet implemented: sort the tasks
//! note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace
//!
//! test result: FAILED. 1 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out
//! ```
//!
//! Each `test … ... status` line gives a result; each `---- name stdout ----`
//! section gives the failing test's panic message (the lines after
//! `panicked at …:`), or its whole output when it did not panic.

/// What happened to one test.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// It passed.
    Passed,
    /// It failed (panicked, or returned an error).
    Failed,
    /// It was `#[ignore]`d.
    Ignored,
}

/// One test's result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestResult {
    /// The test's path, e.g. `tests::sorts_longest_first`.
    pub name: String,
    /// Whether it passed.
    pub status: Status,
    /// For a failed test, why: its panic message or its output.
    pub message: Option<String>,
}

/// Every test result in one run, in the order the harness printed them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// The results.
    pub tests: Vec<TestResult>,
    /// Whether the harness printed its closing `test result:` line (it does
    /// not when the test process crashes).
    pub finished: bool,
}

impl Report {
    /// How many tests passed.
    pub fn passed(&self) -> usize {
        self.count(Status::Passed)
    }

    /// How many tests failed.
    pub fn failed(&self) -> usize {
        self.count(Status::Failed)
    }

    /// How many tests ran (passed or failed).
    pub fn ran(&self) -> usize {
        self.passed() + self.failed()
    }

    /// Orders the results as the tests appear in `source` (the harness
    /// prints them as they finish, which varies from run to run); tests not
    /// found in it go last, by name.
    pub fn sort_by_source(&mut self, source: &str) {
        self.tests.sort_by_cached_key(|test| {
            let short = test.name.rsplit("::").next().unwrap_or(&test.name);
            let at = source.find(&format!("fn {short}(")).unwrap_or(usize::MAX);
            (at, test.name.clone())
        });
    }

    fn count(&self, status: Status) -> usize {
        self.tests.iter().filter(|t| t.status == status).count()
    }
}

/// Reads libtest's output (stdout of `cargo test`).
pub fn parse(output: &str) -> Report {
    let mut report = Report::default();
    let mut section: Option<(String, Vec<&str>)> = None;
    for line in output.lines() {
        if let Some(name) = section_start(line) {
            close_section(&mut report, section.take());
            section = Some((name.to_string(), Vec::new()));
            continue;
        }
        if let Some((_, lines)) = section.as_mut() {
            // A section runs until the next one or the harness's summary.
            if line == "failures:" || line == "successes:" || line.starts_with("test result:") {
                close_section(&mut report, section.take());
            } else {
                lines.push(line);
                continue;
            }
        }
        if line.starts_with("test result:") {
            report.finished = true;
        } else if let Some((name, status)) = result_line(line) {
            report.tests.push(TestResult { name, status, message: None });
        }
    }
    close_section(&mut report, section);
    report
}

/// `test tests::name ... ok` → (`tests::name`, Passed).
fn result_line(line: &str) -> Option<(String, Status)> {
    let (name, status) = line.strip_prefix("test ")?.rsplit_once(" ... ")?;
    let status = match status {
        "ok" => Status::Passed,
        "FAILED" => Status::Failed,
        s if s.starts_with("ignored") => Status::Ignored,
        _ => return None,
    };
    let name = name.strip_suffix(" - should panic").unwrap_or(name);
    Some((name.to_string(), status))
}

/// `---- tests::name stdout ----` → `tests::name`.
fn section_start(line: &str) -> Option<&str> {
    line.strip_prefix("---- ")?.strip_suffix(" stdout ----")
}

/// Attaches a finished failure section to its test.
fn close_section(report: &mut Report, section: Option<(String, Vec<&str>)>) {
    let Some((name, lines)) = section else { return };
    let message = failure_message(&lines);
    if let Some(test) = report.tests.iter_mut().find(|t| t.name == name) {
        test.message = Some(message);
    }
}

/// The panic message in a failure section, or the whole section.
fn failure_message(lines: &[&str]) -> String {
    let panic_at =
        lines.iter().position(|l| l.starts_with("thread '") && l.contains("panicked at"));
    let body: Vec<&str> = match panic_at {
        Some(at) => lines[at + 1..]
            .iter()
            .take_while(|l| !l.starts_with("note: run with `RUST_BACKTRACE"))
            .copied()
            .collect(),
        None => lines.to_vec(),
    };
    body.join("\n").trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    const OUTPUT: &str = "
running 4 tests
test tests::keeps_every_task ... ok
test tests::slow ... ignored, takes a minute
test tests::sorts_longest_first ... FAILED
test tests::returns_error ... FAILED

failures:

---- tests::sorts_longest_first stdout ----
some printed output

thread 'tests::sorts_longest_first' (4242) panicked at src/lib.rs:12:5:
assertion `left == right` failed: longest first
  left: [1, 2]
 right: [2, 1]
note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace

---- tests::returns_error stdout ----
Error: \"no tasks\"


failures:
    tests::returns_error
    tests::sorts_longest_first

test result: FAILED. 1 passed; 2 failed; 1 ignored; 0 measured; 0 filtered out; finished in 0.00s
";

    #[test]
    fn results_are_read_in_order() {
        let report = parse(OUTPUT);
        let statuses: Vec<_> = report.tests.iter().map(|t| (t.name.as_str(), t.status)).collect();
        assert_eq!(
            statuses,
            [
                ("tests::keeps_every_task", Status::Passed),
                ("tests::slow", Status::Ignored),
                ("tests::sorts_longest_first", Status::Failed),
                ("tests::returns_error", Status::Failed),
            ]
        );
        assert_eq!((report.passed(), report.failed(), report.ran()), (1, 2, 3));
        assert!(report.finished);
    }

    #[test]
    fn a_panic_message_is_the_lines_after_panicked_at() {
        let report = parse(OUTPUT);
        assert_eq!(
            report.tests[2].message.as_deref(),
            Some("assertion `left == right` failed: longest first\n  left: [1, 2]\n right: [2, 1]")
        );
    }

    #[test]
    fn a_test_that_did_not_panic_shows_its_output() {
        assert_eq!(parse(OUTPUT).tests[3].message.as_deref(), Some("Error: \"no tasks\""));
    }

    #[test]
    fn results_can_follow_the_source_order() {
        let mut report =
            parse("test tests::b ... ok\ntest tests::zz ... ok\ntest tests::a ... ok\n");
        report.sort_by_source("fn a() {}\nfn b() {}\n");
        let names: Vec<_> = report.tests.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["tests::a", "tests::b", "tests::zz"]);
    }

    #[test]
    fn should_panic_tests_keep_their_plain_name() {
        let report = parse("test tests::boom - should panic ... ok\ntest result: ok.\n");
        assert_eq!(report.tests[0].name, "tests::boom");
    }

    #[test]
    fn a_crash_leaves_the_report_unfinished() {
        let report = parse("running 2 tests\ntest tests::a ... ok\n");
        assert!(!report.finished);
        assert_eq!(report.passed(), 1);
    }
}
