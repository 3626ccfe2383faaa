//! The lab's command line as a user meets it: help, bad arguments, and a
//! quick run that writes every figure and data file it announces.

use labkit::testing::LabCli;

fn lab() -> LabCli {
    LabCli::new(env!("CARGO_BIN_EXE_lab-00-amdahl"))
}

#[test]
fn help_explains_every_option() {
    lab().help_mentions(&["--workers", "--serial", "--only"]);
}

#[test]
fn bad_arguments_get_a_message_and_status_2_not_a_panic() {
    lab().rejects(&[
        (&["--serial", "2"], "outside 0 to 0.9"),
        (&["--workers", "0"], "out of range"),
        (&["--workers", "many"], "not a worker count"),
        (&["--only", "everything"], "invalid value"),
    ]);
}

#[test]
fn a_quick_run_writes_every_figure_and_data_file_it_lists() {
    let run = lab().quick_run(&["--repeat", "1", "--workers", "1-2"]);
    run.has_figures(&[
        "speedup",
        "amdahl-family",
        "independence",
        "chunk-size",
        "task-order",
        "task-order-timeline",
        "cores",
    ]);
    run.has_results(&[
        "speedup-2-std",
        "serial-fitted-std",
        "chunk-best",
        "order-given-pulled-ms",
        "cores-memory-best",
    ]);
}
