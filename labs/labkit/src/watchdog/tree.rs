//! Ending a late child together with every process it started.
//!
//! Killing only the child would leave its own children running (`cargo
//! test` runs the test binary; a Python script may start a pool), holding
//! the child's pipes open and the CPU busy. [`kill_tree`] first stops the
//! child, then every descendant it finds, so that none can start another
//! while it looks; then kills them all. The child is reaped by its caller;
//! the descendants, once orphaned, by the system.
//!
//! Descendants are found in `/proc` (Linux). Elsewhere only the child is
//! killed.

use std::process::Child;

/// Stops `child` and all its descendants, then kills them (SIGKILL). The
/// caller still `wait`s for `child`.
pub fn kill_tree(child: &mut Child) {
    #[cfg(target_os = "linux")]
    kill_pid_tree(child.id());
    // The child may have exited already: then kill fails harmlessly and the
    // caller's wait reaps it all the same.
    let _ = child.kill();
}

/// Stops the process `root` and all its descendants, then kills them
/// (SIGKILL), the root last. The caller reaps `root` (`labkit::process`
/// uses this for children it did not start with `std::process`).
#[cfg(target_os = "linux")]
pub fn kill_pid_tree(root: u32) {
    signal(root, libc::SIGSTOP);
    kill_descendants(root);
    signal(root, libc::SIGKILL);
}

/// Stops every descendant of `root` (not `root` itself), then kills them
/// (SIGKILL), and returns them. Each pass reads the process table once,
/// however many descendants there are: a lab with hundreds of stuck
/// children is cleaned up in a few passes, not one table per child.
#[cfg(target_os = "linux")]
pub fn kill_descendants(root: u32) -> Vec<u32> {
    let mut stopped: Vec<u32> = Vec::new();
    // Look again until a pass finds nobody new: a process forking while
    // the first pass ran is stopped by the next.
    loop {
        let found: Vec<u32> =
            descendants(root).into_iter().filter(|p| !stopped.contains(p)).collect();
        if found.is_empty() {
            break;
        }
        for &pid in &found {
            signal(pid, libc::SIGSTOP);
        }
        stopped.extend(found);
    }
    for &pid in stopped.iter().rev() {
        signal(pid, libc::SIGKILL);
    }
    stopped
}

/// Sends `sig` to `pid`; a process already gone is not an error here.
#[cfg(target_os = "linux")]
fn signal(pid: u32, sig: libc::c_int) {
    let Ok(pid) = libc::pid_t::try_from(pid) else { return };
    // Safety: kill(2) takes plain integers and has no memory effects.
    unsafe { libc::kill(pid, sig) };
}

/// Every process whose chain of parents leads to `root`, parents first.
#[cfg(target_os = "linux")]
pub fn descendants(root: u32) -> Vec<u32> {
    let parents = parent_table();
    let mut found = vec![root];
    let mut i = 0;
    while i < found.len() {
        let parent = found[i];
        found.extend(parents.iter().filter(|&&(_, ppid)| ppid == parent).map(|&(pid, _)| pid));
        i += 1;
    }
    found.remove(0);
    found
}

/// (pid, parent pid) of every process in `/proc`.
#[cfg(target_os = "linux")]
fn parent_table() -> Vec<(u32, u32)> {
    let Ok(entries) = std::fs::read_dir("/proc") else { return Vec::new() };
    entries
        .filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter_map(|pid| {
            let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
            Some((pid, parent_in_stat(&stat)?))
        })
        .collect()
}

/// The parent pid in a `/proc/<pid>/stat` line: `pid (name) state ppid …`;
/// the name may hold spaces and parentheses, so read after the last `)`.
#[cfg(target_os = "linux")]
fn parent_in_stat(stat: &str) -> Option<u32> {
    let (_, after) = stat.rsplit_once(')')?;
    after.split_whitespace().nth(1)?.parse().ok()
}

/// Whether `pid` has ended within a few seconds: gone from `/proc`, or
/// dead and waiting for its new parent (init) to reap it.
#[cfg(all(test, target_os = "linux"))]
pub(crate) fn ended(pid: u32) -> bool {
    (0..1000).any(|_| {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat"));
        let state = stat.ok().and_then(|s| s.rsplit_once(')')?.1.trim_start().chars().next());
        let done = matches!(state, None | Some('Z'));
        if !done {
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        done
    })
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    #[test]
    fn the_parent_is_read_after_the_name_whatever_it_holds() {
        assert_eq!(parent_in_stat("4242 (a (b) c) S 17 4242 0"), Some(17));
        assert_eq!(parent_in_stat("garbage"), None);
    }

    #[test]
    fn a_child_and_its_children_are_all_killed() {
        use std::process::{Command, Stdio};
        let mut child = Command::new("sh")
            .args(["-c", "sleep 30 & sleep 30 & wait"])
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        let mut below = descendants(child.id());
        while below.len() < 2 {
            assert!(std::time::Instant::now() < deadline, "the two sleeps never started");
            std::thread::sleep(std::time::Duration::from_millis(5));
            below = descendants(child.id());
        }
        kill_tree(&mut child);
        child.wait().unwrap();
        for pid in below {
            assert!(ended(pid), "process {pid} survived");
        }
    }
}
