//! The lab's command line as a user meets it: help, bad arguments, and a
//! quick run that writes every figure and data file it announces.

use labkit::testing::LabCli;
use std::time::Duration;

fn lab() -> LabCli {
    LabCli::new(env!("CARGO_BIN_EXE_lab-11-fork-deadlock"))
}

#[test]
fn help_explains_every_option() {
    lab().help_mentions(&[
        "--forks",
        "--duty",
        "--period-us",
        "--deadline-ms",
        "--python-rounds",
        "--python",
        "--only",
    ]);
}

#[test]
fn bad_arguments_get_a_message_and_status_2_not_a_panic() {
    lab().rejects(&[
        (&["--forks", "5"], "--forks"),
        (&["--forks", "many"], "--forks"),
        (&["--duty", "0"], "out of range"),
        (&["--duty", "96"], "out of range"),
        (&["--duty", "10,x"], "not a duty cycle"),
        (&["--period-us", "10"], "--period-us"),
        (&["--deadline-ms", "5"], "--deadline-ms"),
        (&["--python-rounds", "0"], "--python-rounds"),
        (&["--only", "everything"], "invalid value"),
    ]);
}

#[test]
fn a_quick_run_writes_every_figure_and_result_the_chapter_quotes() {
    let run = lab().quick_run(&["--repeat", "2", "--forks", "20", "--python-rounds", "2"]);
    run.has_figures(&["hangs", "fixes", "start-cost"]);
    run.has_results(&[
        "hung-10",
        "hung-50",
        "hung-90",
        "forks",
        "deadline",
        "fix-fork",
        "fix-atfork",
        "start-exec",
        "python",
        "python-hung",
        "python-warning",
    ]);
    assert!(run.result("fix-spawn").starts_with("0 of 40 hung"), "{}", run.result("fix-spawn"));
    assert!(run.result("fix-signal-safe").starts_with("0 of 40 hung"));
    // Hundreds of stuck children were started, diagnosed, killed and reaped.
    run.assert_nothing_left();
}

/// Ctrl-C while dozens of stuck children are alive: the kit's cleanup kills
/// and reaps them, removes the run's log directory, and exits with 130.
#[test]
fn an_interrupt_among_stuck_children_exits_130_and_leaves_nothing() {
    // 500 forks at the busiest duty cycle: about 10 s here, where the
    // default 1.4 s ended before the interrupt on a quiet machine.
    let run = lab().interrupt_run(
        &["--only", "duty", "--duty", "90", "--forks", "500"],
        Duration::from_millis(1500),
    );
    assert!(run.stderr.contains("interrupted"), "no cleanup note: {}", run.stderr);
}
