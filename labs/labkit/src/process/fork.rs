//! `fork_child`: a copy of this process runs a closure, then ends.
//!
//! After `fork(2)` two processes return from the same call. The parent
//! gets the child's pid; the child is a copy of the parent with one thread
//! (the one that forked) and must never return into the parent's code: it
//! would run the rest of the parent's program, its destructors and its
//! test harness a second time. So the child runs the closure, catches a
//! panic (exit status 101, as a panicking Rust program), and calls
//! `_exit(2)`, which ends the process at once: no destructors, no `atexit`
//! handlers, no flushing of buffers the parent also holds.
//!
//! The registry's lock is held across the fork, so it is free and
//! consistent in the child too (the child may register its own children),
//! and the new pid is registered before anyone can see it.

use super::ChildProcess;
use super::cleanup;
use super::registry;
use nix::unistd::{ForkResult, fork};
use std::panic::{AssertUnwindSafe, catch_unwind};

/// The exit status of a child whose closure panicked.
pub const PANIC_EXIT: i32 = 101;

/// Forks. The child runs `f` and `_exit`s with the code it returns (101 if
/// it panics); the parent gets the child as a registered [`ChildProcess`].
///
/// The child has only the calling thread. Locks other threads held at the
/// fork stay locked in it for ever (chapter 11), so in a multi-threaded
/// parent `f` should do little: compute, write to a pipe, exit. Text printed
/// with `print!` without a final newline may be lost (`_exit` does not
/// flush Rust's stdout buffer); end lines or flush.
pub fn fork_child(f: impl FnOnce() -> i32) -> std::io::Result<ChildProcess> {
    let mut registry = registry::lock();
    // Once a signal has started the cleanup, fork no more: a child forked
    // after the cleanup let go of the registry would outlive the lab.
    if cleanup::is_cleaning() {
        drop(registry);
        cleanup::wait_if_interrupted(); // never returns in the process that installed it
        registry = registry::lock();
    }
    // Safety: the child runs only `f` and then `_exit`s, never returning
    // into code that assumes the parent's threads exist; the registry lock
    // it inherits is held by the forking thread (this one), so it is
    // released below in both processes.
    match unsafe { fork() }? {
        ForkResult::Parent { child } => {
            let pid = child.as_raw() as u32;
            registry.add_child(pid);
            drop(registry);
            Ok(ChildProcess::registered(pid))
        }
        ForkResult::Child => {
            drop(registry);
            cleanup::reset_in_child();
            let code = catch_unwind(AssertUnwindSafe(f)).unwrap_or(PANIC_EXIT);
            // Safety: _exit(2) ends the process without running anything
            // of the parent's (destructors, atexit handlers).
            unsafe { libc::_exit(code) }
        }
    }
}
