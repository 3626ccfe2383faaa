//! The lab's command line as a user meets it: help, bad arguments, and a
//! quick run that writes every figure and data file it announces, and ends
//! normally although its deadlock demonstration leaves a thread blocked.

#![cfg(not(any(feature = "loom", feature = "shuttle")))]

use labkit::testing::LabCli;

fn lab() -> LabCli {
    LabCli::new(env!("CARGO_BIN_EXE_lab-03-rlock"))
}

#[test]
fn help_explains_every_option() {
    lab().help_mentions(&["--depth", "--workers", "--only"]);
}

#[test]
fn bad_arguments_get_a_message_and_status_2_not_a_panic() {
    lab().rejects(&[
        (&["--depth", "1"], "not in 2..=64"),
        (&["--depth", "65"], "not in 2..=64"),
        (&["--depth", "deep"], "invalid digit"),
        (&["--workers", "0"], "out of range"),
        (&["--only", "everything"], "invalid value"),
    ]);
}

#[test]
fn a_quick_run_writes_every_figure_and_diagnoses_the_deadlock() {
    let run = lab().quick_run(&["--repeat", "1", "--depth", "3", "--workers", "1-2"]);
    run.has_figures(&["cost", "cost-depth", "contended", "timed-lag"]);
    run.has_results(&[
        "cost-rlock-first-ns",
        "cost-rlock-nested-ratio",
        "cost-pl-first-ns",
        "contended-2-rlock-ns",
        "timed-lag-poll-us",
        "walk-depth",
    ]);
    assert_eq!(run.result("plain-outcome"), "self-deadlock");
    assert_eq!(run.result("timed-short-outcome"), "gave up");
    assert!(run.stdout.contains("which it already holds"), "no diagnosis:\n{}", run.stdout);
}
