//! Ctrl-C in the middle of a run: the lab must exit with status 130 and
//! leave nothing behind.
//!
//! [`interrupt_command`] starts a command in a [`RunEnv`], sends it SIGINT
//! after a while (as the terminal does on Ctrl-C, but to the lab only: its
//! children must be ended by the lab's cleanup, not by the terminal), and
//! checks the exit status and the leftovers. [`crate::testing::LabCli::interrupt_run`]
//! does it for a lab's binary.

use super::RunEnv;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How long an interrupted run may take to clean up and exit.
const EXIT_LIMIT: Duration = Duration::from_secs(20);

/// What an interrupted run printed.
#[derive(Debug)]
pub struct Interrupted {
    /// Its stdout.
    pub stdout: String,
    /// Its stderr (the cleanup's note is there).
    pub stderr: String,
}

/// Runs `command` in `env`, interrupts it with SIGINT after `after`, and
/// checks that it exits with status 130 and leaves no process, no file in
/// its `TMPDIR` and no shared-memory name. Fails the test otherwise, also if
/// the run ended by itself before `after` (interrupt sooner).
///
/// Choose arguments that make the run last several times `after` on a
/// slow machine: a quiet, fast one may run it twice as fast, and a run that
/// ends first fails the test there.
#[track_caller]
pub fn interrupt_command(command: &mut Command, env: &RunEnv, after: Duration) -> Interrupted {
    let logs = tempfile::tempdir().expect("a directory for the run's output");
    let (out_path, err_path) = (logs.path().join("stdout"), logs.path().join("stderr"));
    let file = |p: &std::path::Path| std::fs::File::create(p).expect("an output file");
    let mut child = env
        .apply(command)
        .stdin(Stdio::null())
        .stdout(file(&out_path))
        .stderr(file(&err_path))
        .spawn()
        .expect("the run starts");
    std::thread::sleep(after);
    let read = |p: &std::path::Path| std::fs::read_to_string(p).unwrap_or_default();
    if let Some(status) = child.try_wait().expect("waitpid") {
        panic!(
            "the run ended ({status}) before the interrupt after {after:?}: interrupt sooner\n{}",
            read(&err_path)
        );
    }
    let pid = nix::unistd::Pid::from_raw(child.id() as i32);
    nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGINT).expect("SIGINT sent");
    let deadline = Instant::now() + EXIT_LIMIT;
    let status = loop {
        if let Some(status) = child.try_wait().expect("waitpid") {
            break status;
        }
        if Instant::now() >= deadline {
            crate::watchdog::tree::kill_tree(&mut child);
            let _ = child.wait();
            panic!("the run did not exit within {EXIT_LIMIT:?} of SIGINT: killed");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let run = Interrupted { stdout: read(&out_path), stderr: read(&err_path) };
    assert_eq!(
        status.code(),
        Some(crate::process::INTERRUPTED),
        "an interrupted run exits with 130, not {status}; stderr:\n{}",
        run.stderr
    );
    env.assert_nothing_left();
    run
}
