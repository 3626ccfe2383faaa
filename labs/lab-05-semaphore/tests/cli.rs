//! The lab's command line as a user meets it: help, bad arguments, and a
//! quick run that writes every figure and data file it announces.
#![cfg(not(any(feature = "loom", feature = "shuttle")))]

use labkit::testing::LabCli;

fn lab() -> LabCli {
    LabCli::new(env!("CARGO_BIN_EXE_lab-05-semaphore"))
}

#[test]
fn help_explains_every_option() {
    lab().help_mentions(&[
        "--permits",
        "--clients",
        "--capacity",
        "--service-ms",
        "--overload",
        "--only",
    ]);
}

#[test]
fn bad_arguments_get_a_message_and_status_2_not_a_panic() {
    lab().rejects(&[
        (&["--permits", "0"], "out of range"),
        (&["--permits", "some"], "not a worker count"),
        (&["--clients", "0"], "not in 1..=256"),
        (&["--capacity", "65"], "not in 1..=64"),
        (&["--service-ms", "100"], "outside 0.5 to 50"),
        (&["--service-ms", "fast"], "not a number"),
        (&["--overload=-1"], "outside 0 to 2"),
        (&["--overload", "3"], "outside 0 to 2"),
        (&["--only", "everything"], "invalid value"),
    ]);
}

#[test]
fn a_quick_run_writes_every_figure_and_data_file_it_lists() {
    let run = lab().quick_run(&["--repeat", "1", "--permits", "1,2,4,8", "--clients", "8"]);
    run.has_figures(&[
        "pool-timeline",
        "throughput",
        "latency-queueing",
        "latency-degrading",
        "fairness",
        "cost",
    ]);
    run.has_results(&[
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
    ]);
    assert_eq!(run.result("pool-most"), "3", "the pool let more than 3 in");
    assert_eq!(run.result("flaw-while-most"), "1", "while let two in");
}
