//! The lab's command line: help, bad arguments, a quick run that leaves
//! nothing behind, and an interrupted run that leaves nothing either.

use labkit::testing::LabCli;
use std::time::Duration;

fn lab() -> LabCli {
    LabCli::new(env!("CARGO_BIN_EXE_lab-09-true-story"))
}

#[test]
fn help_explains_every_option() {
    lab().help_mentions(&["--profiles", "--workers", "--only"]);
}

#[test]
fn bad_arguments_get_a_message_and_status_2_not_a_panic() {
    lab().rejects(&[
        (&["--profiles", "5"], "--profiles"),
        (&["--workers", "0"], "--workers"),
        (&["--workers", "65"], "--workers"),
        (&["--only", "nonsense"], "--only"),
    ]);
}

#[test]
fn a_quick_run_draws_its_figures_states_its_claims_and_leaves_nothing() {
    let run = lab().quick_run(&[]);
    run.has_figures(&["throughput", "in-flight", "notice", "ending"]);
    run.has_results(&["rate-sequential", "rate-pool-best", "rate-queue-best", "in-flight-bounded"]);
    for claim in ["threads-beat-sequential", "bounded-holds-bound", "sentinels-leave-none"] {
        assert!(run.manifest.claim(claim).is_some(), "no claim {claim}");
    }
    run.assert_nothing_left();
}

#[test]
fn an_interrupted_run_removes_its_snapshots_and_exits_130() {
    // A second into a full throughput experiment (several seconds long),
    // its snapshot folders are written and requests are in flight: Ctrl-C
    // must remove the folders and stop the server.
    lab().interrupt_run(&["--only", "throughput"], Duration::from_secs(1));
}
