//! A child's output read while it runs, with a deadline: the notebook's
//! "draining thread" fix, written so that it leaves nothing behind.
//!
//! A child that writes more than its stdout pipe holds blocks in `write`
//! until someone reads; a parent that only waits for it to exit waits for
//! ever. The fix reads the pipe on a thread while the main thread waits,
//! and a deadline ends a child that never finishes. Where the notebook's
//! version stops short, this one goes on: a killed child is also *waited
//! for* (or it stays a zombie) and the draining thread is joined (it ends
//! when the pipe closes, which the child's death does).
//!
//! This file is exercise `12-drain`.

use std::io::Read;
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// How a child run under [`run_draining`] ended.
#[derive(Debug)]
pub struct Ran {
    /// Its exit status (for a killed child: killed by SIGKILL).
    pub status: ExitStatus,
    /// It was still running at the deadline and was killed.
    pub killed: bool,
    /// Everything it wrote to stdout.
    pub output: Vec<u8>,
}

// ANCHOR: run_draining
/// Runs `command` with its stdout piped and read on a thread, polling for
/// its exit every millisecond until `deadline`; a child still running then
/// is killed. Either way the child is reaped and the thread joined.
/// (The join waits for the pipe to close. A child that started a process of
/// its own sharing its stdout would keep it open after the kill; to cover
/// that, start the child in a process group of its own and kill the group.)
pub fn run_draining(command: &mut Command, deadline: Duration) -> std::io::Result<Ran> {
    // exercise: solution
    let mut child = command.stdin(Stdio::null()).stdout(Stdio::piped()).spawn()?;
    let mut stdout = child.stdout.take().expect("stdout is piped");
    let drainer = std::thread::spawn(move || {
        let mut output = Vec::new();
        stdout.read_to_end(&mut output).map(|_| output)
    });
    let end = Instant::now() + deadline;
    let mut killed = false;
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break status;
        }
        if Instant::now() >= end {
            child.kill()?;
            killed = true;
            break child.wait()?; // reap it: a killed child is a zombie until waited for
        }
        std::thread::sleep(Duration::from_millis(1));
    };
    let output = drainer.join().expect("the draining thread panicked")?;
    Ok(Ran { status, killed, output })
    // exercise: starter
    // let _ = (command, deadline, Instant::now(), Stdio::piped(), Read::bytes(&[][..]));
    // todo!("spawn with stdout piped; read it on a thread; poll try_wait until the deadline; kill and wait if late; join the thread")
    // exercise: end
}
// ANCHOR_END: run_draining

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::process::ExitStatusExt;

    fn sh(script: &str) -> Command {
        let mut c = Command::new("sh");
        c.args(["-c", script]);
        c
    }

    #[test]
    fn a_child_that_writes_more_than_a_pipe_holds_finishes() {
        // 4 MiB: far more than a default pipe (64 KiB) or an enlarged one.
        let ran =
            run_draining(&mut sh("head -c 4194304 /dev/zero"), Duration::from_secs(20)).unwrap();
        assert!(!ran.killed, "the child was killed: was its output read while it ran?");
        assert!(ran.status.success());
        assert_eq!(ran.output.len(), 4 << 20);
    }

    #[test]
    fn a_child_that_never_ends_is_killed_at_the_deadline() {
        let start = Instant::now();
        let ran = run_draining(&mut sh("echo started; exec sleep 30"), Duration::from_millis(300))
            .unwrap();
        assert!(ran.killed);
        assert_eq!(ran.status.signal(), Some(9), "killed by SIGKILL and reaped");
        assert_eq!(ran.output, b"started\n", "what it wrote before the deadline is kept");
        assert!(start.elapsed() < Duration::from_secs(10), "the deadline was not kept");
    }

    #[test]
    fn the_exit_status_of_a_quick_child_is_kept() {
        let ran = run_draining(&mut sh("printf abc; exit 3"), Duration::from_secs(20)).unwrap();
        assert!(!ran.killed);
        assert_eq!(ran.status.code(), Some(3));
        assert_eq!(ran.output, b"abc");
    }
}
