//! The lab's command line as a user meets it: help, bad arguments, a quick
//! run with every figure, result and claim the chapter quotes, and nothing
//! left behind after it or after Ctrl-C in the middle of a process pool.

use labkit::testing::LabCli;
use std::time::Duration;

fn lab() -> LabCli {
    LabCli::new(env!("CARGO_BIN_EXE_lab-18-summary"))
}

#[test]
fn help_explains_every_option() {
    lab().help_mentions(&[
        "--workers",
        "--pages",
        "--latency",
        "--cpu-ms",
        "--data-mib",
        "--python",
        "--only",
    ]);
}

#[test]
fn bad_arguments_get_a_message_and_status_2_not_a_panic() {
    lab().rejects(&[
        (&["--workers", "0"], "--workers"),
        (&["--workers", "64"], "out of range"),
        (&["--pages", "0"], "--pages"),
        (&["--latency", "9999"], "--latency"),
        (&["--cpu-ms", "1"], "--cpu-ms"),
        (&["--data-mib", "0"], "--data-mib"),
        (&["--only", "everything"], "invalid value"),
    ]);
}

#[test]
fn a_quick_run_writes_every_figure_result_and_claim_and_leaves_nothing() {
    let run = lab().quick_run(&["--workers", "1,2", "--data-mib", "4", "--cpu-ms", "20"]);
    run.has_figures(&["io", "cpu", "data"]);
    let mut keys = vec!["python".to_string(), "cpu-pool-cost-rust".to_string()];
    for job in ["io", "cpu", "data"] {
        keys.extend([format!("{job}-best-rust"), format!("{job}-best-python")]);
        // The page's table at two workers, and one task at a time (Python's
        // only where python3 ran: the book says "not measured" otherwise).
        let python_ran = !run.result("python").starts_with("skipped");
        for lang in if python_ran { &["rust", "python"][..] } else { &["rust"][..] } {
            keys.push(format!("{job}-sequential-{lang}"));
            for mode in ["threads", "processes"] {
                keys.push(format!("{job}-{mode}-2-{lang}"));
            }
        }
    }
    let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
    run.has_results(&keys);
    for claim in [
        "io-threads-rust",
        "io-threads-python",
        "io-threads-vs-processes-rust",
        "cpu-threads-rust",
        "cpu-processes-rust",
        "cpu-threads-vs-processes-rust",
        "cpu-threads-python",
        "cpu-processes-python",
        "data-threads-vs-processes-rust",
        "data-processes-vs-sequential-python",
    ] {
        assert!(run.manifest.claim(claim).is_some(), "no claim {claim}");
    }
    run.assert_nothing_left();
}

#[test]
fn ctrl_c_in_the_middle_of_the_process_pools_leaves_nothing() {
    // The CPU job alone, long enough that the signal lands among its pools.
    lab().interrupt_run(
        &["--only", "cpu", "--cpu-ms", "2000", "--python", "no-such-python"],
        Duration::from_millis(2500),
    );
}
