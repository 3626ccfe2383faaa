//! A futex that works across processes.
//!
//! Linux keys a futex's wait queue in one of two ways
//! ([futex(2)](https://man7.org/linux/man-pages/man2/futex.2.html)): a
//! *private* futex (`FUTEX_PRIVATE_FLAG`) by the process's address space
//! and the virtual address, a *shared* one by the physical page and offset.
//! A private futex is faster to look up but only meets waiters of the same
//! process: a wake from another process, even on the very same shared page,
//! looks in another queue and wakes nobody. Rust's std and the
//! `atomic-wait` crate (under chapter 02's lock, via `labkit::sync::Futex`)
//! use private futexes, because threads are their only case.
//!
//! [`SharedFutex`] makes the same two calls without the flag. Under loom or
//! shuttle, which model threads only, it is `labkit::sync::Futex` itself.

use labkit::sync::atomic::AtomicU32;
use std::ops::Deref;

/// A 32-bit atomic whose `wait` and `wake_one` work between processes.
/// Derefs to its atomic.
pub struct SharedFutex {
    #[cfg(not(any(feature = "loom", feature = "shuttle")))]
    value: AtomicU32,
    #[cfg(any(feature = "loom", feature = "shuttle"))]
    value: labkit::sync::Futex,
}

impl SharedFutex {
    /// A futex holding `value`.
    pub fn new(value: u32) -> SharedFutex {
        #[cfg(not(any(feature = "loom", feature = "shuttle")))]
        let value = AtomicU32::new(value);
        #[cfg(any(feature = "loom", feature = "shuttle"))]
        let value = labkit::sync::Futex::new(value);
        SharedFutex { value }
    }

    // ANCHOR: wait
    /// Sleeps while the value is `expected` (may return spuriously).
    pub fn wait(&self, expected: u32) {
        #[cfg(not(any(feature = "loom", feature = "shuttle")))]
        // Safety: FUTEX_WAIT reads the u32 at this live, aligned address;
        // no timeout (null), the other arguments unused. No PRIVATE flag:
        // the kernel keys the queue by the page, shared by every process.
        unsafe {
            libc::syscall(
                libc::SYS_futex,
                self.value.as_ptr(),
                libc::FUTEX_WAIT,
                expected,
                std::ptr::null::<libc::timespec>(),
            );
        }
        #[cfg(any(feature = "loom", feature = "shuttle"))]
        self.value.wait(expected);
    }

    /// Wakes one process or thread sleeping on this futex.
    pub fn wake_one(&self) {
        #[cfg(not(any(feature = "loom", feature = "shuttle")))]
        // Safety: FUTEX_WAKE only uses the address as a key.
        unsafe {
            libc::syscall(libc::SYS_futex, self.value.as_ptr(), libc::FUTEX_WAKE, 1);
        }
        #[cfg(any(feature = "loom", feature = "shuttle"))]
        self.value.wake_one();
    }
    // ANCHOR_END: wait
}

impl Deref for SharedFutex {
    type Target = AtomicU32;
    fn deref(&self) -> &AtomicU32 {
        &self.value
    }
}
