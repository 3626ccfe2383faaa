//! The lab's command line as a user meets it: help, bad arguments, a quick
//! run that writes every figure it lists, and nothing left behind, neither
//! after a quick run nor after Ctrl-C in the middle of one.

#![cfg(not(any(feature = "loom", feature = "shuttle")))]

use labkit::testing::LabCli;
use std::time::Duration;

fn lab() -> LabCli {
    LabCli::new(env!("CARGO_BIN_EXE_lab-15-shared-memory"))
}

#[test]
fn help_explains_every_option() {
    lab().help_mentions(&[
        "--workers",
        "--increments",
        "--every",
        "--python-all",
        "--python",
        "--only",
    ]);
}

#[test]
fn bad_arguments_get_a_message_and_status_2_not_a_panic() {
    lab().rejects(&[
        (&["--workers", "0"], "--workers"),
        (&["--workers", "many"], "--workers"),
        (&["--increments", "10"], "--increments"),
        (&["--every", "0"], "out of range"),
        (&["--every", "1,x"], "is not a number of candidates between checks"),
        (&["--only", "everything"], "invalid value"),
    ]);
}

#[test]
fn a_quick_run_writes_every_figure_and_data_file_it_lists() {
    let run = lab().quick_run(&["--increments", "100000", "--every", "1,1000"]);
    // The Python figure is drawn only when there is a python3 to measure.
    if labkit::python::Python::find(None).version().is_some() {
        run.has_figures(&["lost-updates", "primes", "every", "python"]);
    } else {
        run.has_figures(&["lost-updates", "primes", "every"]);
    }
    run.has_results(&[
        "square-list",
        "lost-atomic",
        "lost-locked",
        "noflag-np2",
        "atomic-np2",
        "best-every",
        "python",
    ]);
    assert_eq!(run.result("square-list"), "[1, 4, 9, 16], sum 30");
    assert_eq!(run.result("lost-atomic"), "0 %");
    assert_eq!(run.result("lost-locked"), "0 %");
}

#[test]
fn a_quick_run_leaves_no_process_and_no_file_behind() {
    lab().quick_run(&["--only", "values", "--increments", "100000"]).assert_nothing_left();
}

#[test]
fn ctrl_c_during_the_prime_check_ends_every_worker() {
    lab().interrupt_run(&["--only", "primes", "--repeat", "20"], Duration::from_millis(1500));
}
