//! A futex two processes can share: a 32-bit word in a `MAP_SHARED` page.
//!
//! Chapter 02's `FutexLock` (`labs/lab-02-lock/src/futex_lock.rs`) sleeps through
//! `labkit::sync::Futex`, which calls the `atomic-wait` crate, and that
//! crate passes `FUTEX_PRIVATE_FLAG` on every call. A *private* futex is
//! found by the kernel through the caller's own address space (its `mm`
//! and the virtual address), so a wake from another process, which has
//! another `mm`, never reaches the sleeper, even when both map the same
//! page ([futex(2)](https://man7.org/linux/man-pages/man2/futex.2.html):
//! "tells the kernel that the futex is process-private and not shared with
//! another process"). Across processes the calls must leave the flag out:
//! the kernel then finds the futex by the page it lives in. This file makes
//! those calls; the lab's test shows the private ones failing to wake.

use nix::sys::mman::{MapFlags, ProtFlags, mmap_anonymous, munmap};
use std::num::NonZeroUsize;
use std::ptr::NonNull;
use std::sync::atomic::AtomicU32;
use std::time::Duration;

/// One page of memory shared with every child forked after it was made.
pub struct SharedPage {
    /// The start of the mapping; unmapped on drop.
    addr: NonNull<std::ffi::c_void>,
}

/// The length of the mapping.
const PAGE: usize = 4096;

impl SharedPage {
    /// Maps a zeroed shared page.
    pub fn new() -> nix::Result<SharedPage> {
        // Safety: an anonymous mapping at an address of the kernel's choosing
        // aliases no Rust object.
        let addr = unsafe {
            mmap_anonymous(
                None,
                NonZeroUsize::new(PAGE).unwrap(),
                ProtFlags::PROT_READ | ProtFlags::PROT_WRITE,
                MapFlags::MAP_SHARED,
            )
        }?;
        Ok(SharedPage { addr })
    }

    /// The `index`-th 32-bit word of the page, as an atomic.
    pub fn word(&self, index: usize) -> &AtomicU32 {
        assert!(index < PAGE / 4);
        // Safety: the page is mapped, zero-initialised, 4-byte aligned (page
        // aligned), lives as long as `self`, and is only accessed atomically.
        unsafe { &*self.addr.as_ptr().cast::<AtomicU32>().add(index) }
    }
}

// Safety: the page is only reached through `word`, which hands out atomics;
// the mapping itself is not tied to a thread.
unsafe impl Send for SharedPage {}
// Safety: as above: shared access is atomic access.
unsafe impl Sync for SharedPage {}

impl Drop for SharedPage {
    fn drop(&mut self) {
        // Safety: the mapping was made by `new` with this length; no reference
        // from `word` outlives `self`.
        let _ = unsafe { munmap(self.addr, PAGE) };
    }
}

// ANCHOR: calls
/// Sleeps while `word` holds `expected`, for at most `timeout` (`None`:
/// no limit). `private` adds `FUTEX_PRIVATE_FLAG`, as `atomic-wait` does.
/// Returns `false` if the wait timed out.
pub fn wait(word: &AtomicU32, expected: u32, timeout: Option<Duration>, private: bool) -> bool {
    let op = libc::FUTEX_WAIT | if private { libc::FUTEX_PRIVATE_FLAG } else { 0 };
    let ts = timeout.map(|t| libc::timespec {
        tv_sec: t.as_secs() as libc::time_t,
        tv_nsec: t.subsec_nanos() as libc::c_long,
    });
    let ts_ptr = ts.as_ref().map_or(std::ptr::null(), |t| t as *const libc::timespec);
    // Safety: FUTEX_WAIT reads the word at a valid, aligned address and the
    // timespec (or null) we pass; it writes nothing.
    let r = unsafe { libc::syscall(libc::SYS_futex, word.as_ptr(), op, expected, ts_ptr) };
    !(r == -1 && nix::errno::Errno::last() == nix::errno::Errno::ETIMEDOUT)
}

/// Wakes up to `n` sleepers on `word`; returns how many were woken.
pub fn wake(word: &AtomicU32, n: i32, private: bool) -> i64 {
    let op = libc::FUTEX_WAKE | if private { libc::FUTEX_PRIVATE_FLAG } else { 0 };
    // Safety: FUTEX_WAKE only uses the word's address as a key.
    unsafe { libc::syscall(libc::SYS_futex, word.as_ptr(), op, n) }
}
// ANCHOR_END: calls

#[cfg(test)]
mod tests {
    use super::*;
    use labkit::process::fork_child;
    use std::sync::atomic::Ordering::SeqCst;
    use std::time::Instant;

    /// A child sleeps on word 0 (value 0) for at most 2 s, then writes how
    /// it ended into word 1: 1 = woken, 2 = timed out. The parent waits
    /// until the child is asleep (word 2 = 1 just before the wait; then a
    /// pause), stores 1 and wakes with `private` or not.
    fn woken_across_processes(private: bool) -> (bool, i64) {
        let page = SharedPage::new().unwrap();
        let mut child = fork_child(|| {
            page.word(2).store(1, SeqCst);
            let woken = wait(page.word(0), 0, Some(Duration::from_secs(2)), private);
            page.word(1).store(if woken { 1 } else { 2 }, SeqCst);
            0
        })
        .unwrap();
        let start = Instant::now();
        while page.word(2).load(SeqCst) == 0 && start.elapsed() < Duration::from_secs(5) {
            std::thread::yield_now();
        }
        std::thread::sleep(Duration::from_millis(100)); // let it reach the kernel
        page.word(0).store(1, SeqCst);
        let woke = wake(page.word(0), 1, private);
        assert!(child.wait().unwrap().success());
        (page.word(1).load(SeqCst) == 1, woke)
    }

    #[test]
    fn a_shared_futex_wakes_another_process() {
        let (woken, count) = woken_across_processes(false);
        assert!(woken, "the child was not woken by a shared wake");
        assert_eq!(count, 1);
    }

    #[test]
    fn a_private_futex_does_not_wake_another_process() {
        let (woken, count) = woken_across_processes(true);
        assert!(!woken, "a private wake reached another process");
        assert_eq!(count, 0, "the private wake found a sleeper");
    }
}
