//! `ChildProcess`: a child this process must reap.
//!
//! A child that has ended stays in the process table as a zombie until its
//! parent waits for it (`waitpid(2)`), which reads its exit status and
//! frees the entry. A `ChildProcess` is reaped exactly once: by
//! [`ChildProcess::wait`], by [`ChildProcess::wait_timeout`] once the child
//! has ended, by [`ChildProcess::kill_and_reap`], or, if none of those was
//! called, by its `Drop`, which kills it first. While unreaped it is listed
//! in the registry, so a Ctrl-C also ends it.

use super::Diagnosis;
use super::registry;
use nix::errno::Errno;
use nix::sys::wait::{WaitPidFlag, WaitStatus, waitpid};
use nix::unistd::Pid;
use std::os::unix::process::ExitStatusExt;
use std::process::ExitStatus;
use std::time::{Duration, Instant};

/// A child process, reaped at the latest when dropped.
#[derive(Debug)]
pub struct ChildProcess {
    /// The child's pid; ours to reap.
    pid: u32,
    /// The process that started it, the only one that can reap it (a
    /// forked child may hold a copy of this handle; dropping it there must
    /// not kill its sibling).
    owner: u32,
    /// How it ended, once reaped (then the pid is no longer ours).
    status: Option<ExitStatus>,
}

impl ChildProcess {
    /// A child already in the registry (made by `fork_child`).
    pub(super) fn registered(pid: u32) -> Self {
        ChildProcess { pid, owner: registry::me(), status: None }
    }

    /// Takes charge of a child this process started by other means (for
    /// instance `posix_spawn`): registers it, and reaps it like a forked one.
    pub fn adopt(pid: u32) -> Self {
        registry::lock().add_child(pid);
        ChildProcess { pid, owner: registry::me(), status: None }
    }

    /// The child's pid.
    pub fn pid(&self) -> u32 {
        self.pid
    }

    /// Waits for the child to end and reaps it. Called again, gives the
    /// same status.
    pub fn wait(&mut self) -> std::io::Result<ExitStatus> {
        match self.reap(None)? {
            Some(status) => Ok(status),
            None => unreachable!("a blocking waitpid returns only once the child has ended"),
        }
    }

    /// The child's status if it has ended (it is then reaped), without waiting.
    pub fn try_wait(&mut self) -> std::io::Result<Option<ExitStatus>> {
        self.reap(Some(WaitPidFlag::WNOHANG))
    }

    /// Waits at most `limit` for the child to end: `Some(status)` (reaped)
    /// or `None` if it is still running. Polls, from 50 µs up to 5 ms apart.
    pub fn wait_timeout(&mut self, limit: Duration) -> std::io::Result<Option<ExitStatus>> {
        let deadline = Instant::now() + limit;
        let mut pause = Duration::from_micros(50);
        loop {
            if let Some(status) = self.try_wait()? {
                return Ok(Some(status));
            }
            let now = Instant::now();
            if now >= deadline {
                return Ok(None);
            }
            std::thread::sleep(pause.min(deadline - now));
            pause = (pause * 2).min(Duration::from_millis(5));
        }
    }

    /// Kills the child and every process it started (SIGKILL, after
    /// stopping them so none can fork meanwhile), then reaps it. A child
    /// that had already ended is only reaped.
    pub fn kill_and_reap(&mut self) -> std::io::Result<ExitStatus> {
        if let Some(status) = self.status {
            return Ok(status);
        }
        crate::watchdog::tree::kill_pid_tree(self.pid);
        self.wait()
    }

    /// What the child is doing now, from `/proc` (`None` once it is gone).
    pub fn diagnose(&self) -> Option<Diagnosis> {
        Diagnosis::of(self.pid)
    }

    /// Calls `waitpid` once with `flags` (retrying on EINTR); records the
    /// status and takes the child off the registry when it is reaped.
    fn reap(&mut self, flags: Option<WaitPidFlag>) -> std::io::Result<Option<ExitStatus>> {
        if let Some(status) = self.status {
            return Ok(Some(status));
        }
        let pid = Pid::from_raw(self.pid as i32);
        let status = loop {
            match waitpid(pid, flags) {
                Err(Errno::EINTR) => continue,
                Err(e) => return Err(e.into()),
                Ok(WaitStatus::StillAlive) => return Ok(None),
                Ok(WaitStatus::Exited(_, code)) => break ExitStatus::from_raw((code & 0xff) << 8),
                Ok(WaitStatus::Signaled(_, signal, core)) => {
                    break ExitStatus::from_raw(signal as i32 | if core { 0x80 } else { 0 });
                }
                // Stopped or continued: not ended; a blocking wait goes on.
                Ok(_) if flags.is_none() => continue,
                Ok(_) => return Ok(None),
            }
        };
        self.status = Some(status);
        registry::lock().remove_child(self.pid);
        Ok(Some(status))
    }
}

impl Drop for ChildProcess {
    fn drop(&mut self) {
        if self.status.is_none() && self.owner == registry::me() {
            // Nothing to tell a caller in a destructor: a child we cannot
            // reap (ECHILD: someone else did) is not ours any more.
            if self.kill_and_reap().is_err() {
                registry::lock().remove_child(self.pid);
            }
        }
    }
}
