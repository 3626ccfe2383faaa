//! The lab's command line as a user meets it: help, bad arguments, and a
//! quick run that writes every figure and data file it announces.
#![cfg(not(any(feature = "loom", feature = "shuttle")))]

use labkit::testing::LabCli;

fn lab() -> LabCli {
    LabCli::new(env!("CARGO_BIN_EXE_lab-06-event"))
}

#[test]
fn help_explains_every_option() {
    lab().help_mentions(&["--workers", "--rounds", "--gap-us", "--only"]);
}

#[test]
fn bad_arguments_get_a_message_and_status_2_not_a_panic() {
    lab().rejects(&[
        (&["--workers", "0"], "out of range"),
        (&["--workers", "100"], "out of range"),
        (&["--workers", "many"], "not a whole number"),
        (&["--rounds", "10"], "out of range"),
        (&["--gap-us", "5"], "out of range"),
        (&["--gap-us", "-3"], "unexpected argument"),
        (&["--only", "everything"], "invalid value"),
    ]);
}

#[test]
fn a_quick_run_writes_every_figure_and_data_file_it_lists() {
    let run = lab().quick_run(&["--repeat", "1"]);
    run.has_figures(&["shutdown", "shutdown-timeline", "missed-wakeups"]);
    run.has_results(&[
        "shutdown-sleep",
        "shutdown-wait",
        "shutdown-busy",
        "shutdown-sleep-over-wait",
        "missed-event",
        "missed-state-event",
        "missed-signal",
        "missed-channel",
        "no-waiter-event",
    ]);
    // The fixes lose nothing, whatever the machine's timing.
    assert_eq!(run.result("missed-signal"), "0");
    assert_eq!(run.result("missed-channel"), "0");
    assert!(run.stdout.contains("every run stopped cleanly"), "{}", run.stdout);
}
