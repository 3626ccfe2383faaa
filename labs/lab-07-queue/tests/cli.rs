//! The lab's command line as a user meets it: help, bad arguments, and a
//! quick run that writes every figure and data file it announces.

#![cfg(not(any(feature = "loom", feature = "shuttle")))]

use labkit::manifest::Manifest;
use std::process::{Command, Output};

fn lab(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lab-07-queue")).args(args).output().expect("the lab runs")
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
        "--threads",
        "--capacities",
        "--rounds",
        "--only",
    ] {
        assert!(text.contains(option), "--help does not mention {option}:\n{text}");
    }
}

#[test]
fn bad_arguments_get_a_message_and_status_2_not_a_panic() {
    for (args, says) in [
        (&["--threads", "0"][..], "out of range"),
        (&["--threads", "17"], "out of range"),
        (&["--threads", "two"], "not a number"),
        (&["--capacities", "0"], "out of range"),
        (&["--capacities", "1,x"], "not a number"),
        (&["--rounds", "5"], "--rounds"),
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
        "--capacities",
        "1,64",
        "--rounds",
        "200",
        "--out",
        dir.path().to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let manifest = Manifest::load(dir.path()).unwrap();
    let names: Vec<&str> = manifest.figures.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["throughput-1p1c", "throughput-2p2c", "waits", "latency"]);
    for file in
        manifest.figures.iter().map(|f| &f.file).chain(manifest.data.iter().map(|d| &d.file))
    {
        let text = std::fs::read_to_string(dir.path().join(file)).unwrap();
        assert!(!text.is_empty(), "{file} is empty");
    }
    for key in [
        "target",
        "tp-1-queue",
        "vs-crossbeam-1-queue",
        "sleeps-queue-no-spin-smallest",
        "solo-minimal",
        "latency-queue-median",
        "late-put-1000us",
        "priority-order",
        "broken-one-condition",
        "broken-queue",
        "join-by-hand",
        "join-guard",
    ] {
        assert!(manifest.result(key).is_some(), "no result {key}");
    }
    let order = &manifest.result("priority-order").unwrap().value;
    assert!(order.starts_with("page the on-call, restart the server"), "{order}");
    assert!(manifest.result("broken-queue").unwrap().value.starts_with("finished"));
    assert!(manifest.result("join-guard").unwrap().value.starts_with("returned"));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("latency.svg") && stdout.contains("Key results"), "{stdout}");
}
