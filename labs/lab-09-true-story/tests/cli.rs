//! The lab's command line: help, bad arguments, and a quick run.

use labkit::testing::LabCli;

fn lab() -> LabCli {
    LabCli::new(env!("CARGO_BIN_EXE_lab-09-true-story"))
}

#[test]
fn help_explains_every_option() {
    lab().help_mentions(&["--profiles", "--workers"]);
}

#[test]
fn bad_arguments_get_a_message_and_status_2_not_a_panic() {
    lab().rejects(&[(&["--profiles", "5"], "--profiles"), (&["--workers", "0"], "--workers")]);
}

#[test]
fn a_quick_run_counts_every_profile_in_every_version() {
    let run = lab().quick_run(&["--profiles", "300"]);
    for key in ["rate-sequential-adds-up", "rate-pool-adds-up", "rate-queue-adds-up"] {
        assert!(run.result(key).starts_with("true"), "{key}: {}", run.result(key));
    }
}
