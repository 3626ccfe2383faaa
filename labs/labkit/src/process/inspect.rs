//! What is still there: the checks a lab's `finish` and its tests make.
//!
//! [`children_of_self`] lists every live descendant (zombies included:
//! an unreaped child is a leftover too), found through `/proc` by the same
//! walk the watchdog uses to kill a late child's tree. [`open_fds`] lists
//! this process's open descriptors and what they point at.

use super::Diagnosis;
use std::path::PathBuf;

/// Every process descended from this one, parents first.
pub fn children_of_self() -> Vec<Diagnosis> {
    crate::watchdog::tree::descendants(std::process::id())
        .into_iter()
        .filter_map(Diagnosis::of)
        .collect()
}

/// This process's open file descriptors, each with what it points at
/// (a path, `pipe:[…]`, `socket:[…]`), in ascending order.
pub fn open_fds() -> Vec<(i32, PathBuf)> {
    // Read the listing first and close it before reading the links: the
    // directory's own descriptor is then closed and drops out.
    let fds: Vec<i32> = match std::fs::read_dir("/proc/self/fd") {
        Ok(entries) => entries.filter_map(|e| e.ok()?.file_name().to_str()?.parse().ok()).collect(),
        Err(_) => return Vec::new(),
    };
    let mut open: Vec<(i32, PathBuf)> = fds
        .into_iter()
        .filter_map(|fd| Some((fd, std::fs::read_link(format!("/proc/self/fd/{fd}")).ok()?)))
        .collect();
    open.sort();
    open
}

/// How many leftover children an error names one by one.
const SHOWN: usize = 5;

/// `Ok` if this process has no child left (running or zombie), else an
/// error naming each one with its state.
pub fn check_no_children() -> anyhow::Result<()> {
    let left = children_of_self();
    if left.is_empty() {
        return Ok(());
    }
    let mut list: Vec<String> = left.iter().take(SHOWN).map(|d| d.to_string()).collect();
    if left.len() > SHOWN {
        list.push(format!("and {} more", left.len() - SHOWN));
    }
    anyhow::bail!(
        "the lab left {} child process(es) running or unreaped: {}",
        left.len(),
        list.join("; ")
    )
}
