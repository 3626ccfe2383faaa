//! The lab's command line as a user meets it: help, bad arguments, and a
//! quick run that writes every figure and data file it announces, and ends
//! normally although its deadlock demonstration leaves a thread blocked.

#![cfg(not(any(feature = "loom", feature = "shuttle")))]

use labkit::manifest::Manifest;
use std::process::{Command, Output};

fn lab(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lab-03-rlock")).args(args).output().expect("the lab runs")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn help_explains_every_option() {
    let out = lab(&["--help"]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    for option in ["--quick", "--out", "--repeat", "--seed", "--depth", "--workers", "--only"] {
        assert!(text.contains(option), "--help does not mention {option}:\n{text}");
    }
}

#[test]
fn bad_arguments_get_a_message_and_status_2_not_a_panic() {
    for (args, says) in [
        (&["--depth", "1"][..], "not in 2..=64"),
        (&["--depth", "65"], "not in 2..=64"),
        (&["--depth", "deep"], "invalid digit"),
        (&["--workers", "0"], "out of range"),
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
fn a_quick_run_writes_every_figure_and_diagnoses_the_deadlock() {
    let dir = tempfile::tempdir().unwrap();
    let out = lab(&[
        "--quick",
        "--repeat",
        "1",
        "--depth",
        "3",
        "--workers",
        "1-2",
        "--out",
        dir.path().to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let manifest = Manifest::load(dir.path()).unwrap();
    let names: Vec<&str> = manifest.figures.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["cost", "cost-depth", "contended", "timed-lag"]);
    for file in
        manifest.figures.iter().map(|f| &f.file).chain(manifest.data.iter().map(|d| &d.file))
    {
        let text = std::fs::read_to_string(dir.path().join(file)).unwrap();
        assert!(!text.is_empty(), "{file} is empty");
    }
    for key in [
        "cost-rlock-first-ns",
        "cost-rlock-nested-ratio",
        "cost-pl-first-ns",
        "contended-2-rlock-ns",
        "timed-lag-poll-us",
        "walk-depth",
    ] {
        assert!(manifest.result(key).is_some(), "no result {key}");
    }
    assert_eq!(manifest.result("plain-outcome").unwrap().value, "self-deadlock");
    assert_eq!(manifest.result("timed-short-outcome").unwrap().value, "gave up");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("which it already holds"), "no diagnosis:\n{stdout}");
    assert!(stdout.contains("cost.svg") && stdout.contains("Key results"), "{stdout}");
}
