//! The lab's command line as a user meets it: help, bad arguments, and a
//! quick run that writes every figure and data file it announces.
#![cfg(not(any(feature = "loom", feature = "shuttle")))]

use labkit::manifest::Manifest;
use std::process::{Command, Output};

fn lab(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lab-05-semaphore")).args(args).output().expect("the lab runs")
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
        "--permits",
        "--clients",
        "--capacity",
        "--service-ms",
        "--overload",
        "--only",
    ] {
        assert!(text.contains(option), "--help does not mention {option}:\n{text}");
    }
}

#[test]
fn bad_arguments_get_a_message_and_status_2_not_a_panic() {
    for (args, says) in [
        (&["--permits", "0"][..], "out of range"),
        (&["--permits", "some"], "not a worker count"),
        (&["--clients", "0"], "not in 1..=256"),
        (&["--capacity", "65"], "not in 1..=64"),
        (&["--service-ms", "100"], "outside 0.5 to 50"),
        (&["--service-ms", "fast"], "not a number"),
        (&["--overload=-1"], "outside 0 to 2"),
        (&["--overload", "3"], "outside 0 to 2"),
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
        "--permits",
        "1,2,4,8",
        "--clients",
        "8",
        "--out",
        dir.path().to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let manifest = Manifest::load(dir.path()).unwrap();
    let names: Vec<&str> = manifest.figures.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "pool-timeline",
            "throughput",
            "latency-queueing",
            "latency-degrading",
            "fairness",
            "cost"
        ]
    );
    for file in
        manifest.figures.iter().map(|f| &f.file).chain(manifest.data.iter().map(|d| &d.file))
    {
        let text = std::fs::read_to_string(dir.path().join(file)).unwrap();
        assert!(!text.is_empty(), "{file} is empty");
    }
    for key in [
        "pool-most",
        "knee-k",
        "degrading-best-k",
        "little-predicted",
        "queueing-wait-last",
        "fair-minimal-most",
        "fair-fair-fewest",
        "cost-saved",
        "flaw-if-most",
        "flaw-no-notify",
    ] {
        assert!(manifest.result(key).is_some(), "no result {key}");
    }
    assert_eq!(manifest.result("pool-most").unwrap().value, "3", "the pool let more than 3 in");
    assert_eq!(manifest.result("flaw-while-most").unwrap().value, "1", "while let two in");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("throughput.svg") && stdout.contains("Key results"), "{stdout}");
}
