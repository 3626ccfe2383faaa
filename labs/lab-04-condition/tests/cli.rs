//! The lab's command line as a user meets it: help, bad arguments, and a
//! quick run that writes every figure and data file it announces.

#![cfg(not(any(feature = "loom", feature = "shuttle")))]

use labkit::testing::LabCli;

fn lab() -> LabCli {
    LabCli::new(env!("CARGO_BIN_EXE_lab-04-condition"))
}

#[test]
fn help_explains_every_option() {
    lab().help_mentions(&[
        "--producers",
        "--consumers",
        "--items",
        "--samples",
        "--python",
        "--only",
    ]);
}

#[test]
fn bad_arguments_get_a_message_and_status_2_not_a_panic() {
    lab().rejects(&[
        (&["--producers", "0"], "not in 1..=16"),
        (&["--consumers", "99"], "not in 1..=16"),
        (&["--items", "5"], "not in 100..=1000000"),
        (&["--samples", "many"], "invalid digit"),
        (&["--only", "everything"], "invalid value"),
    ]);
}

#[test]
fn a_quick_run_writes_every_figure_and_data_file_it_lists() {
    let run = lab().quick_run(&[
        "--repeat",
        "1",
        "--items",
        "500",
        "--samples",
        "10",
        "--python",
        "no-such-python-here",
    ]);
    run.has_figures(&[
        "prodcon-wakeups",
        "prodcon-cpu",
        "prodcon-timeline",
        "wakeup-cdf",
        "wakeup-sawtooth",
        "idle-wakeups",
        "idle-cpu",
    ]);
    run.has_results(&[
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
        "python",
        "empty-wake-cpu",
        "notify-all-extra-expected",
        "notify-all-extra-measured",
        "prodcon-std-one-at-once",
        "prodcon-std-all-sleeps",
        "python-wakeup-rust-median",
    ]);
    assert!(run.result("python").starts_with("skipped"), "no Python, no Python series");
    // Without Python, the Rust side of the comparison is still measured.
    let rust = run.result("python-wakeup-rust-median");
    assert!(!rust.starts_with("not measured") && rust.ends_with('s'), "{rust}");
    assert!(run.result("python-wakeup-median").starts_with("not measured"));
    assert!(run.stdout.contains("stuck: the watchdog"), "no lost wake-up shown:\n{}", run.stdout);
}
