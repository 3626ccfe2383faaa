//! The lab's command line as a user meets it: help, bad arguments, and a
//! quick run that writes every figure and data file it announces.

#![cfg(not(any(feature = "loom", feature = "shuttle")))]

use labkit::testing::LabCli;

fn lab() -> LabCli {
    LabCli::new(env!("CARGO_BIN_EXE_lab-07-queue"))
}

#[test]
fn help_explains_every_option() {
    lab().help_mentions(&["--threads", "--capacities", "--rounds", "--python", "--only"]);
}

#[test]
fn bad_arguments_get_a_message_and_status_2_not_a_panic() {
    lab().rejects(&[
        (&["--threads", "0"], "out of range"),
        (&["--threads", "17"], "out of range"),
        (&["--threads", "two"], "not a number"),
        (&["--capacities", "0"], "out of range"),
        (&["--capacities", "1,x"], "not a number"),
        (&["--rounds", "5"], "--rounds"),
        (&["--only", "everything"], "invalid value"),
    ]);
}

#[test]
fn a_quick_run_writes_every_figure_and_data_file_it_lists() {
    let run = lab().quick_run(&[
        "--repeat",
        "1",
        "--capacities",
        "1,64",
        "--rounds",
        "200",
        "--python",
        "no-such-python-here",
    ]);
    run.has_figures(&[
        "throughput-1p1c",
        "throughput-2p2c",
        "waits",
        "solo",
        "latency",
        "timeouts",
    ]);
    run.has_results(&[
        "python",
        "unbounded-backlog",
        "tp-1-queue",
        "vs-crossbeam-1-queue",
        "sleeps-queue-no-spin-smallest",
        "solo-minimal",
        "latency-queue-median",
        "late-put-1000us",
        "priority-order",
        "put-order",
        "tp-1-queue-unbounded",
        "curves-not-rising",
        "cores",
        "python-1-rust-per-item",
        "python-1024-rust-per-item",
        "fifo-order",
        "lifo-order",
        "negative-timeout",
        "broken-one-condition",
        "broken-queue",
        "join-by-hand",
        "join-guard",
    ]);
    let order = run.result("priority-order");
    assert!(order.starts_with("page the on-call (1), restart the server (1)"), "{order}");
    let put = run.result("put-order");
    assert!(put.starts_with("tidy the logs (3), page the on-call (1)"), "{put}");
    // Without Python, the Rust side of the Python table is still measured.
    let rust = run.result("python-1024-rust-per-item");
    assert!(rust.ends_with('s') && !rust.starts_with("not measured"), "{rust}");
    assert!(run.result("python-1024-ratio").starts_with("not measured"));
    assert!(run.result("broken-queue").starts_with("finished"));
    assert!(run.result("join-guard").starts_with("returned"));
    assert!(run.result("python").starts_with("skipped"), "no Python, no Python series");
    assert!(run.result("negative-timeout").starts_with("refused"));
}
