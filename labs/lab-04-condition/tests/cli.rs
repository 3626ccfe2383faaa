//! The lab's command line as a user meets it: help, bad arguments, and a
//! quick run that writes every figure and data file it announces.
#![cfg(not(any(feature = "loom", feature = "shuttle")))]

use labkit::manifest::Manifest;
use std::process::{Command, Output};

fn lab(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lab-04-condition")).args(args).output().expect("the lab runs")
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
        "--producers",
        "--consumers",
        "--items",
        "--samples",
        "--only",
    ] {
        assert!(text.contains(option), "--help does not mention {option}:\n{text}");
    }
}

#[test]
fn bad_arguments_get_a_message_and_status_2_not_a_panic() {
    for (args, says) in [
        (&["--producers", "0"][..], "not in 1..=16"),
        (&["--consumers", "99"], "not in 1..=16"),
        (&["--items", "5"], "not in 100..=1000000"),
        (&["--samples", "many"], "invalid digit"),
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
        "--repeat",
        "1",
        "--items",
        "500",
        "--samples",
        "10",
        "--out",
        dir.path().to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let manifest = Manifest::load(dir.path()).unwrap();
    let names: Vec<&str> = manifest.figures.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "prodcon-wakeups",
            "prodcon-cpu",
            "prodcon-timeline",
            "wakeup-cdf",
            "wakeup-sawtooth",
            "idle-wakeups",
            "idle-cpu"
        ]
    );
    for file in
        manifest.figures.iter().map(|f| &f.file).chain(manifest.data.iter().map(|d| &d.file))
    {
        let text = std::fs::read_to_string(dir.path().join(file)).unwrap();
        assert!(!text.is_empty(), "{file} is empty");
    }
    for key in [
        "prodcon-hand-one-empty",
        "prodcon-std-all-empty",
        "prodcon-hand-if-stolen",
        "latency-poll-median",
        "latency-poll-p99",
        "latency-std-median",
        "latency-std-p99",
        "idle-poll-cpu",
        "idle-std-cpu",
        "lost-late",
    ] {
        assert!(manifest.result(key).is_some(), "no result {key}");
    }
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("stuck: the watchdog"), "the lost wake-up was not shown: {stdout}");
    assert!(stdout.contains("wakeup-cdf.svg") && stdout.contains("Key results"), "{stdout}");
}
