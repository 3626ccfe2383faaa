//! Ctrl-C without leftovers: on SIGINT, SIGTERM or SIGHUP, end every child,
//! remove every registered temporary directory and shared-memory name, and
//! exit with status 130 (128 + SIGINT, what a shell reports for Ctrl-C).
//!
//! A signal handler may only do async-signal-safe work, and this cleanup
//! is not: it locks the registry, reads `/proc`, removes directories. So
//! signal-hook's handler only records the signal and wakes a thread of
//! ours ([`signal_hook::iterator::Signals`]), and that thread, an ordinary
//! thread, does the cleanup. It holds the registry's lock throughout, so
//! [`super::fork_child`] cannot start a new child meanwhile.
//!
//! A child made by [`super::fork_child`] gets the default actions back
//! (Ctrl-C ends it) and no cleanup thread of its own: its parent's cleanup
//! kills and reaps it.

use super::registry::{self, me};
use nix::errno::Errno;
use nix::sys::wait::{WaitPidFlag, WaitStatus, waitpid};
use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
use signal_hook::iterator::Signals;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::time::{Duration, Instant};

/// The exit status of a lab ended by a signal after cleaning up.
pub const INTERRUPTED: i32 = 130;

/// The signals that end a lab with a cleanup.
const SIGNALS: [i32; 3] = [SIGINT, SIGTERM, SIGHUP];

/// The pid of the process that installed the cleanup (0: nobody). A forked
/// child inherits the value but not the thread: it is not its own.
static INSTALLED_BY: AtomicU32 = AtomicU32::new(0);

/// Set by the cleanup thread as soon as a signal arrives: from then on the
/// run is ending with status 130, whatever the lab's own code returns.
static CLEANING: AtomicBool = AtomicBool::new(false);

/// Serialises installs, so two threads cannot both install.
static INSTALLING: Mutex<()> = Mutex::new(());

/// Installs the cleanup for this process (once: calling it again does
/// nothing). Fails in a child made by [`super::fork_child`] of a process
/// that had installed it, where the signals have their default actions.
pub fn install_cleanup() -> std::io::Result<()> {
    let _one_at_a_time = INSTALLING.lock().unwrap_or_else(|e| e.into_inner());
    match INSTALLED_BY.load(Ordering::SeqCst) {
        0 => {}
        owner if owner == me() => return Ok(()),
        _ => {
            return Err(std::io::Error::other(
                "install_cleanup in a forked child: its parent's cleanup ends it",
            ));
        }
    }
    let mut signals = Signals::new(SIGNALS)?;
    std::thread::Builder::new().name("labkit-cleanup".into()).spawn(move || {
        if let Some(signal) = signals.forever().next() {
            CLEANING.store(true, Ordering::SeqCst);
            let done = clean_up();
            eprintln!("\ninterrupted (signal {signal}): {done}; exiting with status {INTERRUPTED}");
            std::process::exit(INTERRUPTED);
        }
    })?;
    INSTALLED_BY.store(me(), Ordering::SeqCst);
    Ok(())
}

/// Whether a signal has started the cleanup (the run is ending).
pub(super) fn is_cleaning() -> bool {
    CLEANING.load(Ordering::SeqCst)
}

/// If a signal has started the cleanup, waits for it to end the process
/// (with status 130) and never returns. A lab whose work ends because the
/// cleanup killed its children (a Python script reaped under it, a pool
/// whose workers vanished) must not finish normally, or print that error,
/// before the cleanup exits: [`crate::cli::run`] calls this first.
pub fn wait_if_interrupted() {
    if CLEANING.load(Ordering::SeqCst) && INSTALLED_BY.load(Ordering::SeqCst) == me() {
        loop {
            std::thread::sleep(Duration::from_secs(1));
        }
    }
}

/// In a freshly forked child: the default actions for the cleanup's
/// signals. Only `sigaction` calls, which are async-signal-safe.
pub(super) fn reset_in_child() {
    if INSTALLED_BY.load(Ordering::SeqCst) == 0 {
        return;
    }
    for signal in SIGNALS {
        // Safety: SIG_DFL is a valid action for these signals, and
        // signal(2) touches no memory of ours.
        unsafe { libc::signal(signal, libc::SIG_DFL) };
    }
}

/// Ends and removes everything this process registered, and any other
/// descendant it still has; says what it did.
pub(super) fn clean_up() -> String {
    let mut registry = registry::lock();
    let before = crate::watchdog::tree::descendants(me()).len();
    // Every descendant, registered or started without the kit (a
    // `Command`), with their own children: one look at the process table
    // per pass, not one per child (a lab stuck with hundreds of children
    // would take seconds per pass otherwise).
    let killed = crate::watchdog::tree::kill_descendants(me());
    // A registered child no longer below this process (its parent died and
    // it was re-parented) is found by its own tree.
    for pid in registry.my_children() {
        if !killed.contains(&pid) {
            crate::watchdog::tree::kill_pid_tree(pid);
        }
    }
    // Once more, for any started while the first pass ran.
    crate::watchdog::tree::kill_descendants(me());
    let unreaped = reap_all(Duration::from_secs(2));
    let mut dirs = 0;
    for (_, path) in registry.dirs.iter().filter(|(owner, _)| *owner == me()) {
        dirs += usize::from(std::fs::remove_dir_all(path).is_ok());
    }
    let mut names = 0;
    for (_, name) in registry.shm.iter().filter(|(owner, _)| *owner == me()) {
        names += usize::from(nix::sys::mman::shm_unlink(name.as_str()).is_ok());
    }
    registry.children.clear();
    let mut done = format!(
        "killed {} child process(es), removed {dirs} temporary dir(s) and {names} shared-memory name(s)",
        before
    );
    if unreaped > 0 {
        done.push_str(&format!(", {unreaped} child(ren) not reaped within 2 s"));
    }
    done
}

/// Reaps every child of this process until none is left or `limit` has
/// passed; returns how many were still there.
fn reap_all(limit: Duration) -> usize {
    let deadline = Instant::now() + limit;
    loop {
        match waitpid(None, Some(WaitPidFlag::WNOHANG)) {
            Err(Errno::ECHILD) => return 0,
            Err(Errno::EINTR) => {}
            Err(_) => return 0,
            Ok(WaitStatus::StillAlive) => {
                if Instant::now() >= deadline {
                    return crate::watchdog::tree::descendants(me()).len();
                }
                std::thread::sleep(Duration::from_millis(1));
            }
            Ok(_) => {}
        }
    }
}
