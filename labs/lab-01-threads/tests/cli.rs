//! The lab's command line as a user meets it: help, bad arguments, a quick
//! run that writes every figure and data file it announces, and a run
//! without Python that skips its Python series with a note.

use labkit::testing::LabCli;

fn lab() -> LabCli {
    LabCli::new(env!("CARGO_BIN_EXE_lab-01-threads"))
}

#[test]
fn help_explains_every_option() {
    lab().help_mentions(&[
        "--urls",
        "--latency",
        "--body",
        "--workers",
        "--threads",
        "--python",
        "--only",
    ]);
}

#[test]
fn bad_arguments_get_a_message_and_status_2_not_a_panic() {
    lab().rejects(&[
        (&["--urls", "0"], "not in 1..=1024"),
        (&["--urls", "many"], "invalid digit"),
        (&["--latency=-3"], "outside 0 to 1000"),
        (&["--latency", "2000"], "outside 0 to 1000"),
        (&["--latency", "soon"], "not a number"),
        (&["--body", "99999999999"], "--body"),
        (&["--workers", "0"], "out of range"),
        (&["--threads", "1-100"], "out of range (1 to 64)"),
        (&["--only", "everything"], "invalid value"),
    ]);
}

#[test]
fn a_quick_run_writes_every_figure_and_data_file_it_lists() {
    let run = lab().quick_run(&["--workers", "1,2,8", "--threads", "1,2"]);
    run.has_figures(&["fetch-strategies", "fetch-timeline", "fetch-workers", "threads-speedup"]);
    run.has_results(&[
        "fetch-1-ms",
        "ideal-1-ms",
        "fetch-8-ms",
        "ideal-8-ms",
        "overhead-us",
        "file-check",
        "strategy-held-ms",
        "errors-failed",
        "py-later-fails",
        "cpu-rust-2",
        "cpu-python-2",
        "io-python-2",
    ]);
    let file_check = run.result("file-check");
    assert!(file_check.contains("each once and whole"), "{file_check}");
}

#[test]
fn without_python_the_python_series_are_skipped_with_a_note() {
    let run = lab().quick_run(&[
        "--only",
        "errors,cpu",
        "--threads",
        "1,2",
        "--python",
        "no-such-python-here",
    ]);
    let stdout = &run.stdout;
    assert!(
        stdout.contains("Python series skipped") && stdout.contains("no-such-python-here"),
        "{stdout}"
    );
    assert!(run.result("cpu-python-2").starts_with("not measured"));
    assert!(run.result("py-later-fails").starts_with("not run"));
    assert!(run.result("cpu-rust-2").ends_with('×'));
}
