//! What a forked worker keeps open. This module is exercise `18-keep-only`.
//!
//! A child gets a copy of every descriptor its parent had open at the fork:
//! among them the parent's ends of the other workers' pipes, and, in a
//! program with other threads, whatever they had open at that instant. A
//! pipe's reader sees its end only when *every* copy of the write end is
//! closed, so a worker that keeps another's write end open can keep that
//! worker waiting for ever. [`keep_only`] closes all of them but the three
//! standard ones and those the worker will use.

use std::os::fd::RawFd;

/// Closes every descriptor of this process but 0, 1, 2 and `keep`.
pub fn keep_only(keep: &[RawFd]) {
    // exercise: solution
    let mut keep: Vec<u32> = keep.iter().filter_map(|&fd| u32::try_from(fd).ok()).collect();
    keep.sort_unstable();
    let mut first = 3;
    for fd in keep.into_iter().chain([u32::MAX]) {
        if fd > first {
            // Safety: close_range(2) only closes descriptors; the caller
            // uses none of those in first..fd (it asked to keep only `keep`).
            unsafe { nix::libc::close_range(first, fd - 1, 0) };
        }
        first = fd.saturating_add(1);
    }
    // exercise: starter
    // // Close each descriptor from 3 up, except those in `keep`.
    // // nix::libc::close_range(first, last, 0) closes a whole range at once.
    // let _ = keep;
    // exercise: end
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Write};
    use std::os::fd::AsRawFd;

    /// The descriptors a forked child has open after `keep_only(keep)`,
    /// as it reports them through a pipe.
    fn open_after_keep_only(keep: &[RawFd]) -> Vec<RawFd> {
        let (mut rx, tx) = std::io::pipe().unwrap();
        let keep: Vec<RawFd> = keep.iter().copied().chain([tx.as_raw_fd()]).collect();
        let report = tx.as_raw_fd();
        // Safety: the child only lists /proc/self/fd, writes to a pipe and _exits.
        match unsafe { nix::unistd::fork() }.unwrap() {
            nix::unistd::ForkResult::Child => {
                keep_only(&keep);
                // Every open descriptor but the one reading the listing.
                let fds: Vec<String> = std::fs::read_dir("/proc/self/fd")
                    .map(|d| d.filter_map(|e| open_fd(&e.ok()?.path())).collect())
                    .unwrap_or_default();
                // Safety: `report` is the pipe's write end, kept open above
                // and owned by nothing else in this child.
                let mut out =
                    unsafe { <std::fs::File as std::os::fd::FromRawFd>::from_raw_fd(report) };
                let _ = out.write_all(fds.join(" ").as_bytes());
                drop(out);
                // Safety: ends the child at once, running nothing of the parent's.
                unsafe { nix::libc::_exit(0) }
            }
            nix::unistd::ForkResult::Parent { child } => {
                drop(tx);
                let mut text = String::new();
                rx.read_to_string(&mut text).unwrap();
                nix::sys::wait::waitpid(child, None).unwrap();
                text.split_whitespace().filter_map(|f| f.parse().ok()).collect()
            }
        }
    }

    /// The number of the descriptor at `/proc/self/fd/<n>`, unless it is the
    /// listing of that directory itself.
    fn open_fd(entry: &std::path::Path) -> Option<String> {
        let target = std::fs::read_link(entry).ok()?;
        let listing = target.starts_with("/proc") && target.ends_with("fd");
        if listing { None } else { Some(entry.file_name()?.to_string_lossy().into_owned()) }
    }

    #[test]
    fn only_the_standard_and_the_kept_descriptors_stay_open() {
        let (a_rx, a_tx) = std::io::pipe().unwrap();
        let (b_rx, b_tx) = std::io::pipe().unwrap();
        let open = open_after_keep_only(&[a_rx.as_raw_fd(), b_tx.as_raw_fd()]);
        for gone in [a_tx.as_raw_fd(), b_rx.as_raw_fd()] {
            assert!(
                !open.contains(&gone),
                "descriptor {gone} is still open in the child: {open:?}"
            );
        }
        for kept in [0, 1, 2, a_rx.as_raw_fd(), b_tx.as_raw_fd()] {
            assert!(open.contains(&kept), "descriptor {kept} was closed: {open:?}");
        }
    }

    #[test]
    fn keeping_nothing_closes_everything_above_stderr() {
        let file = tempfile::tempfile().unwrap();
        let open = open_after_keep_only(&[]);
        assert!(!open.contains(&file.as_raw_fd()), "{open:?}");
        // What stays: 0, 1, 2 and the report pipe.
        assert_eq!(open.len(), 4, "{open:?}");
    }
}
