//! The shared-memory rival: one `AtomicU64` in a shared anonymous mapping,
//! made before a fork so parent and child see the same word.
//!
//! Chapter 15 builds `Value` and `Array` this way; this lab needs only a
//! counter, to put an operation that crosses processes without any
//! message beside one that goes through the manager.

use std::io;
use std::ptr::NonNull;
use std::sync::atomic::AtomicU64;

/// A counter shared by this process and the children it forks afterwards.
pub struct SharedCounter {
    /// The start of the mapping: one `AtomicU64`.
    word: NonNull<AtomicU64>,
}

impl SharedCounter {
    /// Maps one shared, zeroed page and puts a counter at its start.
    pub fn new() -> io::Result<SharedCounter> {
        // Safety: an anonymous shared mapping of one page, not backed by a
        // file; we check the result before using it.
        let p = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                page(),
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_SHARED | libc::MAP_ANONYMOUS,
                -1,
                0,
            )
        };
        if p == libc::MAP_FAILED {
            return Err(io::Error::last_os_error());
        }
        // A fresh anonymous mapping is zero-filled and page-aligned: a valid AtomicU64 holding 0.
        Ok(SharedCounter {
            word: NonNull::new(p.cast()).expect("mmap does not return null on success"),
        })
    }

    /// The counter.
    pub fn get(&self) -> &AtomicU64 {
        // Safety: the mapping lives as long as `self` and holds an
        // initialised AtomicU64 at its start; atomics may be shared.
        unsafe { self.word.as_ref() }
    }
}

impl Drop for SharedCounter {
    fn drop(&mut self) {
        // Safety: unmaps exactly the page `new` mapped; no reference from
        // `get` outlives `self`.
        unsafe { libc::munmap(self.word.as_ptr().cast(), page()) };
    }
}

fn page() -> usize {
    // Safety: sysconf has no preconditions.
    unsafe { libc::sysconf(libc::_SC_PAGESIZE) as usize }
}
