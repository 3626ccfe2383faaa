//! A child process with a deadline: if it is late, it is killed and reaped,
//! so a lab that demonstrates a hang leaves no process and no zombie behind.
//! The processes the child started are killed with it (`watchdog/tree.rs`;
//! on Linux), so `cargo test` or a Python pool ends whole.
//!
//! The child's stdout and stderr are read on two threads while it runs, so a
//! child that fills a pipe is not itself the hang being reported. Once the
//! child has ended, the readers get [`READ_GRACE`] to reach the end of the
//! pipes: a process that escaped (started in the background and left
//! behind) could hold them open for ever, and `run_child` must not wait
//! for it.

use super::tree::kill_tree;
use std::io::Read;
use std::process::{Command, Output, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long the pipes may stay open after the child has ended.
pub const READ_GRACE: Duration = Duration::from_secs(2);

/// How a watched child process ended.
#[derive(Debug)]
pub enum ChildOutcome {
    /// It exited by itself in time, with this status and output.
    Exited(Output),
    /// It was still running at the deadline; it was killed and reaped.
    /// `stdout`/`stderr` hold what it printed before that.
    Killed(Output),
}

/// Runs `command` with piped stdout and stderr and a deadline. A child still
/// running at the deadline is killed and waited for, so it leaves no zombie.
pub fn run_child(command: &mut Command, deadline: Duration) -> std::io::Result<ChildOutcome> {
    let mut child =
        command.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn()?;
    // Read the pipes on threads, so a child that fills a pipe is not the hang we report.
    let stdout = Reader::start(child.stdout.take().expect("piped stdout"));
    let stderr = Reader::start(child.stderr.take().expect("piped stderr"));
    let start = Instant::now();
    let mut killed = false;
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break status;
        }
        if start.elapsed() >= deadline {
            kill_tree(&mut child);
            killed = true;
            break child.wait()?;
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let grace = Instant::now() + READ_GRACE;
    let output = Output { status, stdout: stdout.finish(grace), stderr: stderr.finish(grace) };
    Ok(if killed { ChildOutcome::Killed(output) } else { ChildOutcome::Exited(output) })
}

/// A thread reading one pipe to its end, into a buffer shared with us.
struct Reader {
    /// What has been read so far.
    read: Arc<Mutex<Vec<u8>>>,
    /// Says when the pipe has reached its end.
    done: mpsc::Receiver<()>,
}

impl Reader {
    fn start(mut pipe: impl Read + Send + 'static) -> Reader {
        let read = Arc::new(Mutex::new(Vec::new()));
        let (tx, done) = mpsc::channel();
        let buffer = Arc::clone(&read);
        std::thread::spawn(move || {
            let mut chunk = [0u8; 8192];
            while let Ok(n @ 1..) = pipe.read(&mut chunk) {
                buffer.lock().unwrap_or_else(|e| e.into_inner()).extend_from_slice(&chunk[..n]);
            }
            let _ = tx.send(());
        });
        Reader { read, done }
    }

    /// Everything read once the pipe ends, or by `by` if it does not
    /// (the thread is then left to end with the pipe).
    fn finish(self, by: Instant) -> Vec<u8> {
        let _ = self.done.recv_timeout(by.saturating_duration_since(Instant::now()));
        std::mem::take(&mut *self.read.lock().unwrap_or_else(|e| e.into_inner()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_late_child_is_killed_and_reaped() {
        let outcome = run_child(
            Command::new("sh").args(["-c", "echo started; exec sleep 30"]),
            Duration::from_millis(300),
        )
        .unwrap();
        let ChildOutcome::Killed(output) = outcome else { panic!("expected a kill: {outcome:?}") };
        assert_eq!(String::from_utf8_lossy(&output.stdout), "started\n");
        assert!(!output.status.success());
    }

    #[test]
    #[cfg(target_os = "linux")]
    fn a_late_child_is_killed_with_the_processes_it_started() {
        let outcome = run_child(
            Command::new("sh").args(["-c", "sleep 30 & echo $!; wait"]),
            Duration::from_millis(300),
        )
        .unwrap();
        let ChildOutcome::Killed(output) = outcome else { panic!("expected a kill: {outcome:?}") };
        let sleep: u32 = String::from_utf8_lossy(&output.stdout).trim().parse().unwrap();
        assert!(super::super::tree::ended(sleep), "the shell's sleep {sleep} was left running");
    }

    #[test]
    fn a_child_that_leaves_a_process_holding_its_pipes_does_not_hang_the_caller() {
        let started = Instant::now();
        let outcome = run_child(
            Command::new("sh").args(["-c", "sleep 60 & echo $!"]),
            Duration::from_secs(30),
        )
        .unwrap();
        let ChildOutcome::Exited(output) = outcome else { panic!("expected an exit: {outcome:?}") };
        let left = String::from_utf8_lossy(&output.stdout).trim().to_string();
        // The sleep escaped (its shell exited): end it here.
        let killed = Command::new("kill").arg(&left).status().unwrap();
        assert!(killed.success(), "the sleep {left:?} was still there");
        assert!(started.elapsed() < Duration::from_secs(20), "took {:?}", started.elapsed());
    }

    #[test]
    fn a_prompt_child_exits_with_its_output() {
        let outcome =
            run_child(Command::new("sh").args(["-c", "echo hi; exit 3"]), Duration::from_secs(10))
                .unwrap();
        let ChildOutcome::Exited(output) = outcome else { panic!("expected an exit: {outcome:?}") };
        assert_eq!(output.status.code(), Some(3));
        assert_eq!(output.stdout, b"hi\n");
    }
}
