//! The lab's command line as a user meets it: help, bad arguments, a quick
//! run that writes every figure and data file it announces, and nothing
//! left behind, whether the run ends by itself or by Ctrl-C.

use labkit::testing::{LabCli, RunEnv};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_lab-17-connection");

fn lab() -> LabCli {
    LabCli::new(BIN)
}

#[test]
fn help_explains_every_option() {
    lab().help_mentions(&["--sizes", "--clients", "--python", "--only"]);
}

#[test]
fn bad_arguments_get_a_message_and_status_2_not_a_panic() {
    lab().rejects(&[
        (&["--sizes", "0"], "out of range"),
        (&["--sizes", "2000000"], "out of range"),
        (&["--sizes", "16,big"], "not a number"),
        (&["--clients", "0"], "out of range"),
        (&["--clients", "33"], "out of range"),
        (&["--only", "everything"], "invalid value"),
    ]);
}

#[test]
fn a_quick_run_writes_every_figure_and_states_its_claims() {
    let run = lab().quick_run(&["--repeat", "1", "--clients", "1,2"]);
    run.has_figures(&["handshake", "echo", "rpc"]);
    run.has_results(&[
        "connect-unix",
        "handshake-tcp",
        "hmac",
        "echo-unix-small",
        "echo-pipe-large",
        "rpc-1",
        "rpc-2",
        "attack-count",
    ]);
    for claim in ["attacks-refused", "attacks-server-lives", "attacks-memory-bounded"] {
        let c = &run.manifest.claim(claim).unwrap_or_else(|| panic!("no claim {claim}")).claim;
        assert!(c.held(), "{claim}: {} ({})", c.statement, c.evidence);
    }
}

#[test]
fn a_finished_run_leaves_no_socket_file_temp_dir_or_process() {
    lab().quick_run(&["--repeat", "1", "--clients", "1"]).assert_nothing_left();
}

#[test]
fn an_interrupted_run_exits_130_and_leaves_nothing() {
    // A default run lasts well over 3 s wherever it runs: its samples are timed.
    lab().interrupt_run(&[], Duration::from_secs(3));
}

#[test]
fn a_run_interrupted_while_python_serves_leaves_nothing() {
    // SIGINT while the Python echo script and its forked server run, their
    // socket file in the run's TMPDIR: the kit's cleanup must end both.
    let env = RunEnv::new();
    let out = tempfile::tempdir().unwrap();
    let mut command = Command::new(BIN);
    command.args(["--only", "echo", "--sizes", "16,1024,65536,1048576", "--out"]).arg(out.path());
    let mut child = env
        .apply(&mut command)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the lab starts");
    let started = Instant::now();
    while !env.processes().iter().any(|p| p.name.starts_with("python")) {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the Python echo script never started"
        );
        assert!(child.try_wait().unwrap().is_none(), "the lab ended before Python started");
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(300));
    // Safety: kill(2) on the pid of a child we started and have not yet waited for.
    assert_eq!(unsafe { libc::kill(child.id() as i32, libc::SIGINT) }, 0);
    let ended = child.wait_with_output().expect("the lab ends");
    assert_eq!(ended.status.code(), Some(130), "{}", String::from_utf8_lossy(&ended.stderr));
    env.assert_nothing_left();
}
