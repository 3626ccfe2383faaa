//! The lab's command line as a user meets it: help, bad arguments, a quick
//! run that writes every figure and data file it announces, and a run
//! without Python that skips its Python series with a note.

use labkit::manifest::Manifest;
use std::process::{Command, Output};

fn lab(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lab-01-threads")).args(args).output().expect("the lab runs")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn help_explains_every_option() {
    let out = lab(&["--help"]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    for option in [
        "--quick",
        "--out",
        "--repeat",
        "--seed",
        "--urls",
        "--latency",
        "--body",
        "--workers",
        "--threads",
        "--python",
        "--only",
    ] {
        assert!(text.contains(option), "--help does not mention {option}:\n{text}");
    }
}

#[test]
fn bad_arguments_get_a_message_and_status_2_not_a_panic() {
    for (args, says) in [
        (&["--urls", "0"][..], "not in 1..=1024"),
        (&["--urls", "many"], "invalid digit"),
        (&["--latency=-3"], "outside 0 to 1000"),
        (&["--latency", "2000"], "outside 0 to 1000"),
        (&["--latency", "soon"], "not a number"),
        (&["--body", "99999999999"], "--body"),
        (&["--workers", "0"], "out of range"),
        (&["--threads", "1-100"], "out of range (1 to 64)"),
        (&["--repeat", "0"], "--repeat"),
        (&["--only", "everything"], "invalid value"),
        (&["--bogus"], "unexpected argument"),
    ] {
        let out = lab(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(says), "{args:?} should say {says:?}: {}", stderr(&out));
        assert!(!stderr(&out).contains("panicked"), "{args:?} panicked: {}", stderr(&out));
    }
}

#[test]
fn a_quick_run_writes_every_figure_and_data_file_it_lists() {
    let dir = tempfile::tempdir().unwrap();
    let out = lab(&[
        "--quick",
        "--workers",
        "1,2,8",
        "--threads",
        "1,2",
        "--out",
        dir.path().to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let manifest = Manifest::load(dir.path()).unwrap();
    let names: Vec<&str> = manifest.figures.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["fetch-strategies", "fetch-timeline", "fetch-workers", "threads-speedup"]);
    for file in
        manifest.figures.iter().map(|f| &f.file).chain(manifest.data.iter().map(|d| &d.file))
    {
        let text = std::fs::read_to_string(dir.path().join(file)).unwrap();
        assert!(!text.is_empty(), "{file} is empty");
    }
    for key in [
        "fetch-1-ms",
        "ideal-1-ms",
        "fetch-8-ms",
        "ideal-8-ms",
        "overhead-us",
        "file-check",
        "strategy-held-ms",
        "errors-failed",
        "py-later-fails",
        "cpu-rust-2",
        "cpu-python-2",
        "io-python-2",
    ] {
        assert!(manifest.result(key).is_some(), "no result {key}");
    }
    let file_check = &manifest.result("file-check").unwrap().value;
    assert!(file_check.contains("each once and whole"), "{file_check}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("fetch-workers.svg") && stdout.contains("Key results"), "{stdout}");
}

#[test]
fn without_python_the_python_series_are_skipped_with_a_note() {
    let dir = tempfile::tempdir().unwrap();
    let out = lab(&[
        "--quick",
        "--only",
        "errors,cpu",
        "--threads",
        "1,2",
        "--python",
        "no-such-python-here",
        "--out",
        dir.path().to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("Python series skipped") && stdout.contains("no-such-python-here"),
        "{stdout}"
    );
    let manifest = Manifest::load(dir.path()).unwrap();
    assert!(manifest.result("cpu-python-2").unwrap().value.starts_with("not measured"));
    assert!(manifest.result("py-later-fails").unwrap().value.starts_with("not run"));
    assert!(manifest.result("cpu-rust-2").unwrap().value.ends_with('×'));
}
