//! Three ways to start a child and wait for it: `fork`, `posix_spawn`, and
//! `std::process::Command`.
//!
//! - [`fork`]: the child is a copy of this process (memory, descriptors,
//!   the calling thread only) and runs a closure (`labkit::process::fork_child`).
//! - [`posix_spawn`]: the child is a fresh program; everything it gets is
//!   in its arguments, its environment and the descriptors it inherits.
//!   glibc starts it without copying the parent's page tables (a `vfork`-style
//!   clone that shares memory until the `exec`).
//! - [`command`]: the same fresh program through std, which on Linux uses
//!   `posix_spawn` itself when nothing asks for more.
//!
//! The spawned program is this lab's own binary with the hidden option
//! `--child <mode>` (see `child.rs`).

use labkit::process::{ChildProcess, fork_child};
use nix::spawn::{PosixSpawnAttr, PosixSpawnFileActions};
use std::ffi::CString;
use std::os::fd::RawFd;
use std::path::Path;
use std::process::{Command, ExitStatus};

// ANCHOR: fork
/// Forks; the child runs `f` and exits with its code. Waits for it.
pub fn fork(f: impl FnOnce() -> i32) -> std::io::Result<ExitStatus> {
    fork_child(f)?.wait()
}
// ANCHOR_END: fork

// ANCHOR: posix_spawn
/// Starts `program` with `args` by `posix_spawn`, with exactly the
/// environment `env` (`NAME=value`), its stdout on `stdout` if given.
pub fn posix_spawn(
    program: &Path,
    args: &[&str],
    env: &[String],
    stdout: Option<RawFd>,
) -> std::io::Result<ChildProcess> {
    let exe = CString::new(program.as_os_str().as_encoded_bytes())?;
    let mut argv = vec![exe.clone()];
    for arg in args {
        argv.push(CString::new(*arg)?);
    }
    let envp: Vec<CString> =
        env.iter().map(|e| CString::new(e.as_str())).collect::<Result<_, _>>()?;
    let mut actions = PosixSpawnFileActions::init()?;
    if let Some(fd) = stdout {
        actions.add_dup2(fd, libc::STDOUT_FILENO)?;
    }
    let attr = PosixSpawnAttr::init()?;
    let pid = nix::spawn::posix_spawn(exe.as_c_str(), &actions, &attr, &argv, &envp)?;
    // The kit reaps it: waited for, or killed and reaped on drop or Ctrl-C.
    Ok(ChildProcess::adopt(pid.as_raw() as u32))
}
// ANCHOR_END: posix_spawn

// ANCHOR: command
/// `program` with `args`, as a `Command` (environment inherited).
pub fn command(program: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(program);
    command.args(args);
    command
}
// ANCHOR_END: command

/// The path of this lab's binary, which spawned children run.
pub fn self_exe() -> std::path::PathBuf {
    std::env::current_exe().expect("the path of the running binary")
}
