//! A child process with a deadline: if it is late, it is killed and reaped,
//! so a lab that demonstrates a hang leaves no process and no zombie behind.
//!
//! The child's stdout and stderr are read on two threads while it runs, so a
//! child that fills a pipe is not itself the hang being reported. Run the
//! program itself (`exec` in a shell script): a grandchild that keeps the
//! pipes open would keep the readers waiting after the kill.

use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

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
    let mut stdout = child.stdout.take().expect("piped stdout");
    let mut stderr = child.stderr.take().expect("piped stderr");
    let out_reader = std::thread::spawn(move || read_all(&mut stdout));
    let err_reader = std::thread::spawn(move || read_all(&mut stderr));
    let start = Instant::now();
    let mut killed = false;
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break status;
        }
        if start.elapsed() >= deadline {
            // The child may exit between try_wait and kill: then kill fails
            // harmlessly and wait reaps it all the same.
            let _ = child.kill();
            killed = true;
            break child.wait()?;
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let output = Output {
        status,
        stdout: out_reader.join().unwrap_or_default(),
        stderr: err_reader.join().unwrap_or_default(),
    };
    Ok(if killed { ChildOutcome::Killed(output) } else { ChildOutcome::Exited(output) })
}

fn read_all(pipe: &mut impl std::io::Read) -> Vec<u8> {
    let mut buf = Vec::new();
    let _ = pipe.read_to_end(&mut buf);
    buf
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
    fn a_prompt_child_exits_with_its_output() {
        let outcome =
            run_child(Command::new("sh").args(["-c", "echo hi; exit 3"]), Duration::from_secs(10))
                .unwrap();
        let ChildOutcome::Exited(output) = outcome else { panic!("expected an exit: {outcome:?}") };
        assert_eq!(output.status.code(), Some(3));
        assert_eq!(output.stdout, b"hi\n");
    }
}
