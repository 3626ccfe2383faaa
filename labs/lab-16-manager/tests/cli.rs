//! The lab's command line as a user meets it: help, bad arguments, a quick
//! run that writes every figure and data file it announces, and nothing
//! left behind, whether the run ends by itself or by Ctrl-C.

use labkit::testing::LabCli;
use std::time::Duration;

const BIN: &str = env!("CARGO_BIN_EXE_lab-16-manager");

fn lab() -> LabCli {
    LabCli::new(BIN)
}

#[test]
fn help_explains_every_option() {
    lab().help_mentions(&["--batches", "--increments", "--python", "--only"]);
}

#[test]
fn bad_arguments_get_a_message_and_status_2_not_a_panic() {
    lab().rejects(&[
        (&["--batches", "0"], "out of range"),
        (&["--batches", "10001"], "out of range"),
        (&["--batches", "10,x"], "not a number"),
        (&["--increments", "5"], "--increments"),
        (&["--increments", "lots"], "--increments"),
        (&["--only", "everything"], "invalid value"),
    ]);
}

#[test]
fn a_quick_run_writes_every_figure_and_states_its_claims() {
    let run = lab().quick_run(&["--repeat", "1"]);
    run.has_figures(&["cost", "batching"]);
    run.has_results(&[
        "records",
        "trap-after-push",
        "rmw-lost-in-manager",
        "cost-local",
        "cost-proxy",
        "cost-batched",
        "dies-mid-call",
        "client-dies-survivor",
    ]);
    for claim in [
        "records-shared",
        "trap-copy",
        "rmw-in-manager-keeps",
        "manager-death-is-an-error",
        "client-death-harmless",
    ] {
        let c = &run.manifest.claim(claim).unwrap_or_else(|| panic!("no claim {claim}")).claim;
        assert!(c.held(), "{claim}: {} ({})", c.statement, c.evidence);
    }
}

#[test]
fn a_finished_run_leaves_no_manager_socket_or_mapping() {
    lab().quick_run(&["--repeat", "1"]).assert_nothing_left();
}

#[test]
fn an_interrupted_run_exits_130_and_leaves_nothing() {
    // 100000 increments a process make the read-modify-write demonstration
    // last several seconds (a default run, 4.7 s here, could end near the
    // moment on a quiet machine); at 1.5 s the manager and both of its
    // clients are running.
    lab().interrupt_run(&["--increments", "100000"], Duration::from_millis(1500));
}
