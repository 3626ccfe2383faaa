//! The shared-memory rival: `AtomicU64` words in a shared anonymous
//! mapping, made before a fork so parent and child see the same words.
//!
//! Chapter 15 builds `Value` and `Array` this way; this lab needs only a
//! counter (and two words to start and finish each round with a forked helper), to put an operation that crosses processes without any
//! message beside one that goes through the manager.

use std::io;
use std::ptr::NonNull;
use std::sync::atomic::AtomicU64;

/// Words shared by this process and the children it forks afterwards.
pub struct SharedWords {
    /// The start of the mapping: `WORDS` `AtomicU64`s.
    word: NonNull<AtomicU64>,
}

/// How many words the mapping holds (one page of 4 KiB).
pub const WORDS: usize = 512;

impl SharedWords {
    /// Maps one shared, zeroed page of words.
    pub fn new() -> io::Result<SharedWords> {
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
        Ok(SharedWords {
            word: NonNull::new(p.cast()).expect("mmap does not return null on success"),
        })
    }

    /// Word `i` (below [`WORDS`]).
    pub fn get(&self, i: usize) -> &AtomicU64 {
        assert!(i < WORDS, "word {i} is outside the mapping");
        // Safety: the mapping lives as long as `self`, holds WORDS
        // initialised (zeroed) AtomicU64s, and i < WORDS; atomics may be shared.
        unsafe { &*self.word.as_ptr().add(i) }
    }
}

impl Drop for SharedWords {
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
