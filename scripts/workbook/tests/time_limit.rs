//! `exercise check` and `exercise verify` stop tests that never end: a toy
//! workbook whose starter spins forever, run with a 3 s limit, ends with a
//! message naming the test, and leaves no process behind. These tests run
//! cargo on a crate without dependencies (a few seconds each).

use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

/// An exercise whose starter loops forever in one of its two tests.
const SOURCE: &str = "\
/// The answer.
pub fn answer() -> u32 {
    // exercise: solution
    42
    // exercise: starter
    // loop { std::hint::spin_loop() }
    // exercise: end
}

/// Twice `x`.
pub fn double(x: u32) -> u32 {
    2 * x
}

#[cfg(test)]
mod tests {
    #[test]
    fn finds_the_answer() {
        assert_eq!(super::answer(), 42);
    }

    #[test]
    fn doubles() {
        assert_eq!(super::double(2), 4);
    }
}
";

/// A workbook with one lab and the spinning exercise `00-spin`.
fn toy_workbook() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let write = |path: &str, text: &str| {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write("book.toml", "[book]\ntitle = \"Toy\"\nsrc = \"src\"\n");
    write("labs/lab-00-toy/Cargo.toml", "[package]\nname = \"lab-00-toy\"\n");
    write("labs/lab-00-toy/src/spin.rs", SOURCE);
    write(
        "labs/lab-00-toy/exercises.toml",
        "[[exercise]]\nid = \"00-spin\"\ntitle = \"The answer\"\nsource = \"src/spin.rs\"\n\
         summary = \"Return the answer.\"\nhints = [\"It is 42.\"]\n\n\
         [exercise.test_hints]\nfinds_the_answer = \"Return 42; do not loop.\"\n",
    );
    dir
}

/// Runs the tool on `root`, building the exercises into `root/target`.
fn workbook(root: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_workbook"))
        .arg("--root")
        .arg(root)
        .args(args)
        .env("CARGO_TARGET_DIR", root.join("target"))
        .output()
        .expect("the workbook binary runs")
}

/// Processes running a program built under `root` (the exercise's tests).
fn processes_from(root: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir("/proc") else { return Vec::new() };
    entries
        .filter_map(|e| {
            let exe = std::fs::read_link(e.ok()?.path().join("exe")).ok()?;
            exe.starts_with(root).then(|| exe.display().to_string())
        })
        .collect()
}

#[test]
fn check_stops_a_test_that_never_ends_and_names_it() {
    let root = toy_workbook();
    assert!(workbook(root.path(), &["exercise", "start", "00-spin"]).status.success());
    let started = Instant::now();
    let out = workbook(root.path(), &["exercise", "check", "00-spin", "--time-limit", "3"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!out.status.success(), "a check that timed out fails:\n{stdout}");
    assert!(stdout.contains("still running after 3 s and were stopped"), "{stdout}");
    assert!(stdout.contains("finds_the_answer never finished"), "{stdout}");
    assert!(stdout.contains("Return 42; do not loop."), "the test's hint: {stdout}");
    assert!(stdout.contains("✔ doubles"), "the test that finished is shown: {stdout}");
    assert!(stdout.contains("--time-limit 12"), "how to give it more time: {stdout}");
    assert!(started.elapsed() < Duration::from_secs(300), "it ended (build included)");
    let left = processes_from(root.path());
    assert!(left.is_empty(), "the test process was left running: {left:?}");
}

#[test]
fn verify_reports_a_starter_that_never_ends() {
    let root = toy_workbook();
    let out = workbook(root.path(), &["exercise", "verify", "--time-limit", "3"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!out.status.success(), "{stdout}");
    assert!(stdout.contains("stopped after 3 s"), "{stdout}");
    assert!(
        stdout.contains("did not finish within 3 s (still running: tests::finds_the_answer)"),
        "{stdout}"
    );
    assert!(stdout.contains("2 of 2 tests pass"), "the solution still passes: {stdout}");
    let left = processes_from(root.path());
    assert!(left.is_empty(), "the test process was left running: {left:?}");
}

#[test]
fn a_time_limit_out_of_range_is_a_usage_error() {
    let root = toy_workbook();
    let out = workbook(root.path(), &["exercise", "check", "00-spin", "--time-limit", "0"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--time-limit"));
}
