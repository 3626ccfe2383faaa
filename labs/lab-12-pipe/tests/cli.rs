//! The lab's command line as a user meets it: help, bad arguments, a quick
//! run that writes every figure and data file it announces, and nothing
//! left behind, after a whole quick run and after one interrupted mid-run.

use labkit::testing::LabCli;
use std::time::Duration;

fn lab() -> LabCli {
    LabCli::new(env!("CARGO_BIN_EXE_lab-12-pipe"))
}

#[test]
fn help_explains_every_option() {
    lab().help_mentions(&["--rounds", "--writers", "--volume", "--deadline", "--python", "--only"]);
}

#[test]
fn bad_arguments_get_a_message_and_status_2_not_a_panic() {
    lab().rejects(&[
        (&["--rounds", "5"], "--rounds"),
        (&["--rounds", "many"], "--rounds"),
        (&["--writers", "1"], "--writers"),
        (&["--writers", "17"], "--writers"),
        (&["--volume", "0"], "--volume"),
        (&["--deadline", "10"], "--deadline"),
        (&["--only", "everything"], "invalid value"),
    ]);
}

#[test]
fn a_quick_run_writes_every_figure_and_data_file_it_lists() {
    let run = lab().quick_run(&["--repeat", "2", "--rounds", "1000", "--volume", "1"]);
    run.has_figures(&["latency", "throughput"]);
    run.has_results(&[
        "capacity-default",
        "capacity-max",
        "interleavings-4096",
        "interleavings-4097",
        "rtt-pipe-median",
        "rtt-futex-p99",
        "idle-busy-poll",
        "tput-default-64k",
        "tput-memcpy-64k",
        "hang-diagnosis",
        "hang-written",
    ]);
    assert_eq!(run.result("interleavings-4096"), "0", "PIPE_BUF writes were cut");
    assert_eq!(run.result("hang-written"), run.result("capacity-default"));
    run.assert_nothing_left();
}

#[test]
fn an_interrupted_run_leaves_no_process_and_no_file() {
    // Interrupted at several moments of the round trips (one child per
    // channel, the futex child among them), the throughput (a reader
    // child) and the hang (a stuck writer, a never-ending child): each time
    // exit status 130 and nothing left (the kit checks).
    // Each moment falls well after the lab has started (and installed its
    // cleanup) and well before the experiment ends by itself: each run's
    // arguments make it last at least five times its moment on this
    // machine (2 cores, shared), so a quiet machine twice as fast still
    // cannot finish first.
    let moments: [(&[&str], u64); 8] = [
        // 50000 timed round trips per channel: about a second of children.
        (&["--only", "latency", "--rounds", "50000"], 300),
        (&["--only", "latency", "--rounds", "50000"], 600),
        (&["--only", "latency", "--rounds", "50000"], 900),
        (&["--only", "latency", "--rounds", "50000"], 1200),
        (&["--only", "latency", "--rounds", "50000"], 1500),
        (&["--only", "throughput", "--repeat", "60"], 700),
        (&["--only", "hang", "--deadline", "8000"], 500),
        (&["--only", "hang", "--deadline", "8000"], 1500),
    ];
    for (args, after) in moments {
        let mut all = vec!["--quick"];
        all.extend_from_slice(args);
        lab().interrupt_run(&all, Duration::from_millis(after));
    }
}
