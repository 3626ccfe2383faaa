//! The parent's touched memory: a region of anonymous memory whose first
//! `n` bytes have been written, page by page, so that each of those pages
//! is really there and has an entry in the page tables `fork` copies.
//!
//! The region is mapped once at its largest size and touched a little
//! more before each measurement. Transparent huge pages are turned off for
//! it (`MADV_NOHUGEPAGE`), so every 4 KiB page has its own entry, as in an
//! ordinary heap. How much may be touched is sized from `MemAvailable`:
//! a run refuses, with a message, more than [`SAFE_SHARE`] of it.

use nix::sys::mman::{MapFlags, MmapAdvise, ProtFlags, madvise, mmap_anonymous, munmap};
use std::ffi::c_void;
use std::num::NonZeroUsize;
use std::ptr::NonNull;

/// The largest share of `MemAvailable` a run may touch.
pub const SAFE_SHARE: f64 = 0.5;

/// The page size the touching steps by.
pub const PAGE: usize = 4096;

/// `MemAvailable` from `/proc/meminfo`, in bytes.
pub fn available() -> Option<u64> {
    let info = std::fs::read_to_string("/proc/meminfo").ok()?;
    let kib: u64 =
        crate::status::field(&info, "MemAvailable")?.strip_suffix("kB")?.trim().parse().ok()?;
    Some(kib * 1024)
}

/// The most a run may touch: [`SAFE_SHARE`] of what is available.
pub fn safe_limit() -> u64 {
    available().map_or(0, |a| (a as f64 * SAFE_SHARE) as u64)
}

/// An anonymous mapping, touched from the start up to `touched` bytes.
pub struct Touched {
    /// The mapping's start.
    start: NonNull<c_void>,
    /// Its length in bytes.
    len: usize,
    /// How many bytes from the start have been written.
    touched: usize,
}

impl Touched {
    /// Maps `len` bytes (nothing touched yet).
    pub fn map(len: usize) -> anyhow::Result<Touched> {
        let size = NonZeroUsize::new(len).ok_or_else(|| anyhow::anyhow!("an empty mapping"))?;
        // Safety: a fresh private anonymous mapping aliases nothing.
        let start = unsafe {
            mmap_anonymous(
                None,
                size,
                ProtFlags::PROT_READ | ProtFlags::PROT_WRITE,
                MapFlags::MAP_PRIVATE,
            )
        }?;
        // Safety: the range is the mapping just made.
        unsafe { madvise(start, len, MmapAdvise::MADV_NOHUGEPAGE) }?;
        Ok(Touched { start, len, touched: 0 })
    }

    /// Writes one byte in every page up to `bytes` from the start.
    pub fn touch_up_to(&mut self, bytes: usize) {
        let end = bytes.min(self.len);
        let base = self.start.as_ptr().cast::<u8>();
        for offset in (self.touched..end).step_by(PAGE) {
            // Safety: offset < len, inside the mapping, which only we use.
            unsafe { base.add(offset).write_volatile(1) };
        }
        self.touched = self.touched.max(end);
    }
}

impl Drop for Touched {
    fn drop(&mut self) {
        // Safety: the mapping is ours and nothing points into it any more.
        let _ = unsafe { munmap(self.start, self.len) };
    }
}
