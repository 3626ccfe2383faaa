//! A forked child that is always reaped: the lab's stand-in for
//! `labkit::process::fork_child` until that lands (same names, so the swap
//! is one `use` line).
//!
//! The child runs a closure and `_exit`s with its return value (a panic is
//! status 101) without running the parent's destructors. It asks the kernel
//! for SIGKILL if the parent dies (`PR_SET_PDEATHSIG`), so an interrupted
//! run leaves no orphan. Dropped unreaped, a [`ChildProcess`] is killed and
//! reaped: no zombie.

use nix::sys::signal::{Signal, kill};
use nix::sys::wait::{WaitPidFlag, WaitStatus, waitpid};
use nix::unistd::{ForkResult, Pid, fork};
use std::time::{Duration, Instant};

/// A child process of this one, reaped at the latest when dropped.
#[derive(Debug)]
pub struct ChildProcess {
    /// Its process id.
    pid: Pid,
    /// Set once `waitpid` has collected it: it must not be waited for twice.
    reaped: bool,
}

/// Forks; the child runs `body` and exits with the number it returns.
pub fn fork_child(body: impl FnOnce() -> i32) -> anyhow::Result<ChildProcess> {
    // Safety: the child only runs `body` and `_exit`s. The lab's bodies make
    // system calls on descriptors and memory set up before the fork, and
    // allocate nothing, so no lock another thread held at the fork is taken.
    match unsafe { fork() }? {
        ForkResult::Parent { child } => Ok(ChildProcess { pid: child, reaped: false }),
        ForkResult::Child => {
            // Safety: prctl with PR_SET_PDEATHSIG only sets a flag of this process.
            unsafe { libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL) };
            let code = std::panic::catch_unwind(std::panic::AssertUnwindSafe(body)).unwrap_or(101);
            // Safety: `_exit` ends the process at once, which is what a forked child must do.
            unsafe { libc::_exit(code) }
        }
    }
}

impl ChildProcess {
    /// Its process id.
    pub fn pid(&self) -> Pid {
        self.pid
    }

    /// Waits for it to end and returns its exit code (128 + n for signal n).
    pub fn wait(&mut self) -> anyhow::Result<i32> {
        let status = waitpid(self.pid, None)?;
        self.reaped = true;
        Ok(code(status))
    }

    /// Waits up to `limit`; `None` if it is still running then.
    pub fn wait_timeout(&mut self, limit: Duration) -> anyhow::Result<Option<i32>> {
        let deadline = Instant::now() + limit;
        loop {
            match waitpid(self.pid, Some(WaitPidFlag::WNOHANG))? {
                WaitStatus::StillAlive => {}
                status => {
                    self.reaped = true;
                    return Ok(Some(code(status)));
                }
            }
            if Instant::now() >= deadline {
                return Ok(None);
            }
            std::thread::sleep(Duration::from_millis(1));
        }
    }

    /// Kills it (if it still runs) and reaps it.
    pub fn kill_and_reap(&mut self) -> anyhow::Result<i32> {
        if self.reaped {
            return Ok(0);
        }
        let _ = kill(self.pid, Signal::SIGKILL);
        self.wait()
    }
}

impl Drop for ChildProcess {
    fn drop(&mut self) {
        let _ = self.kill_and_reap();
    }
}

/// An exit code from a wait status: the code, or 128 + signal number.
fn code(status: WaitStatus) -> i32 {
    match status {
        WaitStatus::Exited(_, code) => code,
        WaitStatus::Signaled(_, signal, _) => 128 + signal as i32,
        _ => -1,
    }
}
