//! The lab's command line as a user meets it: help, bad arguments, and a
//! quick run that writes every figure and data file it announces.

#![cfg(not(any(feature = "loom", feature = "shuttle")))]

use labkit::testing::LabCli;

fn lab() -> LabCli {
    LabCli::new(env!("CARGO_BIN_EXE_lab-02-lock"))
}

#[test]
fn help_explains_every_option() {
    lab().help_mentions(&["--workers", "--only", "lost-wake"]);
}

#[test]
fn bad_arguments_get_a_message_and_status_2_not_a_panic() {
    lab().rejects(&[
        (&["--workers", "0"], "out of range"),
        (&["--workers", "lots"], "not a worker count"),
        (&["--workers", "4-1"], "backwards"),
        (&["--only", "everything"], "invalid value"),
    ]);
}

#[test]
fn a_quick_run_writes_every_figure_and_data_file_it_lists() {
    let run = lab().quick_run(&["--repeat", "1", "--workers", "1-3"]);
    run.has_figures(&["lost-updates", "uncontended", "contended", "fairness", "timeline"]);
    run.has_results(&[
        "lost-2-pct",
        "lost-fixed",
        "lines-broken",
        "lines-locked-broken",
        "lines-written",
        "lines-sample",
        "uncontended-futex-lock-ns",
        "uncontended-futex-lock-ratio",
        "uncontended-futex-std-ratio",
        "contended-futex-lock-2-ratio",
        "contended-window-ms",
        "python-lock-ratio",
        "python-plain-lost",
        "fairness-std-mutex",
        "timeline-futex-lock-handovers",
        "wake-futex",
        "wake-forgetful",
    ]);
    assert_eq!(run.result("lost-fixed"), "0", "a fix lost increments");
    assert_eq!(run.result("lines-locked-broken"), "0", "the lock broke lines");
    for key in [
        "fixes-lose-nothing",
        "one-thread-loses-nothing",
        "racy-loses",
        "lines-whole-with-lock",
        "uncontended-target",
        "spin-cheapest",
        "spin-helps-futex",
        "contended-target",
        "spin-slows-past-two",
        "python-plain-keeps",
        "python-call-loses",
        "python-lock-dearer",
    ] {
        assert!(run.manifest.claim(key).is_some(), "no claim {key}");
    }
    let fixes = &run.manifest.claim("fixes-lose-nothing").unwrap().claim;
    assert!(fixes.held(), "a fix lost increments: {}", fixes.evidence);
}

#[test]
fn without_python_the_python_claims_say_why_and_the_rust_side_still_runs() {
    let run = lab().quick_run(&["--only", "python", "--python", "no-such-python-3"]);
    assert!(run.stdout.contains("Python series skipped"), "{}", run.stdout);
    assert!(run.result("python-lock-ratio").starts_with("not measured"));
    assert!(run.result("python-rust-std-ns").ends_with(" ns"));
    let claim = &run.manifest.claim("python-plain-keeps").expect("recorded").claim;
    assert!(!claim.held() && claim.evidence.contains("Python series skipped"), "{claim:?}");
}

#[test]
fn only_runs_the_experiments_asked_for() {
    lab().quick_run(&["--only", "uncontended"]).has_figures(&["uncontended"]);
}
