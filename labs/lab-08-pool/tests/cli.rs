//! The lab's command line as a user meets it: help, bad arguments, and a
//! quick run that writes every figure and data file it announces.

#![cfg(not(any(feature = "loom", feature = "shuttle")))]

use labkit::testing::LabCli;

fn lab() -> LabCli {
    LabCli::new(env!("CARGO_BIN_EXE_lab-08-pool"))
}

#[test]
fn help_explains_every_option() {
    lab().help_mentions(&["--workers", "--sizes", "--urls", "--latency-ms", "--python", "--only"]);
}

#[test]
fn bad_arguments_get_a_message_and_status_2_not_a_panic() {
    lab().rejects(&[
        (&["--workers", "0"], "--workers"),
        (&["--workers", "65"], "--workers"),
        (&["--sizes", "0"], "out of range"),
        (&["--sizes", "1,x"], "not a number"),
        (&["--sizes", "200000"], "out of range"),
        (&["--urls", "2"], "--urls"),
        (&["--latency-ms", "0"], "--latency-ms"),
        (&["--only", "everything"], "invalid value"),
    ]);
}

#[test]
fn a_quick_run_writes_every_figure_and_data_file_it_lists() {
    let run = lab().quick_run(&[
        "--repeat",
        "2",
        "--sizes",
        "1,1000",
        "--urls",
        "8",
        "--latency-ms",
        "5",
    ]);
    run.has_figures(&[
        "per-task",
        "speedup",
        "order",
        "order-held",
        "order-timeline",
        "chunksize",
        "urls",
        "blocked",
    ]);
    run.has_results(&[
        "overhead-pool-1us",
        "payoff-pool",
        "order-first-ordered",
        "order-first-unordered",
        "order-held",
        "chunk-1",
        "urls-pool",
        "urls-rayon4",
        "blocked-slowdown",
        "python",
        "py-tiny",
        "py-tiny-ratio",
        "shutdown-pills",
        "shutdown-pill-short",
        "shutdown-error",
        "shutdown-pool-drop",
        "panic-outcome",
        "terminate-outcome",
    ]);
    assert!(run.result("shutdown-pills").starts_with("finished"));
    assert!(run.result("shutdown-pill-short").starts_with("stuck"));
    assert!(run.result("shutdown-error").starts_with("stuck"));
    assert!(run.result("shutdown-pool-drop").starts_with("finished: Err"));
    assert!(run.result("panic-outcome").starts_with("7 results and 1 error"));
}

#[test]
fn without_python_the_python_series_is_skipped_with_a_note() {
    let run = lab().quick_run(&[
        "--repeat",
        "1",
        "--only",
        "python",
        "--urls",
        "4",
        "--python",
        "no-such-python3",
    ]);
    assert!(run.result("py-tiny").starts_with("not run"), "{}", run.result("py-tiny"));
    assert!(run.stdout.contains("Python series skipped"));
}
