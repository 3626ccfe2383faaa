//! The lab's command line as a user meets it: help, bad arguments, a quick
//! run that writes every figure it lists, and nothing left behind, neither
//! after a quick run nor after Ctrl-C in the middle of one.

use labkit::testing::LabCli;
use std::time::Duration;

fn lab() -> LabCli {
    LabCli::new(env!("CARGO_BIN_EXE_lab-14-cow"))
}

#[test]
fn help_explains_every_option() {
    lab().help_mentions(&["--cache-mib", "--fractions", "--python-objects", "--python", "--only"]);
}

#[test]
fn bad_arguments_get_a_message_and_status_2_not_a_panic() {
    lab().rejects(&[
        (&["--cache-mib", "0"], "out of range"),
        (&["--cache-mib", "lots"], "not a whole number"),
        (&["--cache-mib", "1000000"], "would not fit"),
        (&["--fractions", "0.5,1.5"], "out of range"),
        (&["--fractions", "half"], "not a fraction"),
        (&["--python-objects", "5"], "out of range"),
        (&["--python-objects", "ten"], "not a whole number"),
        (&["--only", "everything"], "invalid value"),
    ]);
}

#[test]
fn a_quick_run_writes_every_figure_and_data_file_it_lists() {
    let run = lab().quick_run(&["--repeat", "1", "--cache-mib", "16", "--fractions", "0,0.5,1"]);
    run.has_figures(&["timeline", "fraction", "faults", "huge", "python"]);
    run.has_results(&[
        "private-read",
        "private-write-all",
        "private-refcount",
        "total-at-1",
        "cow-per-page",
        "cow-faults-per-page",
        "thp-unit",
        "python",
    ]);
    assert_eq!(run.result("cache"), "16.0 MiB");
}

#[test]
fn a_quick_run_leaves_no_process_and_no_file_behind() {
    lab().quick_run(&["--repeat", "1", "--cache-mib", "16"]).assert_nothing_left();
}

#[test]
fn ctrl_c_in_the_middle_of_a_run_ends_every_child() {
    // A long timeline run: five children alive for most of each second.
    lab().interrupt_run(
        &["--only", "timeline", "--cache-mib", "64", "--repeat", "30"],
        Duration::from_millis(1500),
    );
}

#[test]
fn ctrl_c_during_the_python_series_ends_the_script_and_its_children() {
    lab().interrupt_run(
        &["--only", "python", "--python-objects", "2000000", "--repeat", "5"],
        Duration::from_millis(2500),
    );
}
