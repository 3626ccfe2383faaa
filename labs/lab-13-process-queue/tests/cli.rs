//! The lab's command line as a user meets it: help, bad arguments, a quick
//! run that writes every figure and data file it announces, and nothing
//! left behind, after a whole quick run and after one interrupted mid-run.

use labkit::testing::LabCli;
use std::time::Duration;

fn lab() -> LabCli {
    LabCli::new(env!("CARGO_BIN_EXE_lab-13-process-queue"))
}

#[test]
fn help_explains_every_option() {
    lab().help_mentions(&["--tasks", "--deadline", "--python", "--only"]);
}

#[test]
fn bad_arguments_get_a_message_and_status_2_not_a_panic() {
    lab().rejects(&[
        (&["--tasks", "1"], "--tasks"),
        (&["--tasks", "13"], "--tasks"),
        (&["--tasks", "six"], "--tasks"),
        (&["--deadline", "10"], "--deadline"),
        (&["--only", "everything"], "invalid value"),
    ]);
}

#[test]
fn a_quick_run_writes_every_figure_and_data_file_it_lists() {
    let run = lab().quick_run(&["--repeat", "2"]);
    run.has_figures(&["cost", "breakeven"]);
    run.has_results(&[
        "order-arrival",
        "cost-process-8",
        "cost-process-64k",
        "cost-serial-8",
        "cost-thread-8",
        "break-even",
        "join-first-threads",
        "mid-message-error",
    ]);
    assert!(
        run.result("mid-message-error").contains("100 of 1000"),
        "{}",
        run.result("mid-message-error")
    );
    run.assert_nothing_left();
}

#[test]
fn an_interrupted_run_leaves_no_process_and_no_file() {
    // Interrupted while workers sleep, while a consumer child takes messages,
    // while a worker process computes, and while a producer is stuck: each
    // time exit status 130 and nothing left (the kit checks).
    // Each moment falls well after the lab has started (and installed its
    // cleanup) and well before the experiment ends by itself: each run's
    // arguments make it last at least four times its moment on this
    // machine (2 cores, shared). The order experiment is not interrupted:
    // it ends within about 300 ms, too soon for any fixed moment to land
    // inside it on every machine; its workers start through the same
    // `fork_child` as the others here.
    let moments: [(&[&str], u64); 4] = [
        (&["--quick", "--only", "cost", "--repeat", "20"], 500),
        (&["--only", "cost", "--repeat", "15"], 1200),
        (&["--quick", "--only", "breakeven", "--repeat", "20"], 600),
        (&["--quick", "--only", "pitfalls", "--deadline", "6000"], 500),
    ];
    for (args, after) in moments {
        lab().interrupt_run(args, Duration::from_millis(after));
    }
}
