//! The parent's cache: one private anonymous mapping, filled with
//! [`Object`]s before the fork, that parent and children then share page by
//! page until someone writes.
//!
//! The mapping is aligned to 2 MiB and advised for or against transparent
//! huge pages (`madvise(MADV_HUGEPAGE)` / `MADV_NOHUGEPAGE`, see
//! [madvise(2)](https://man7.org/linux/man-pages/man2/madvise.2.html)), so
//! the experiments choose the unit the kernel maps it with.

use crate::refcount::Object;
use nix::sys::mman::{MapFlags, MmapAdvise, ProtFlags, madvise, mmap_anonymous, munmap};
use std::num::NonZeroUsize;
use std::ptr::NonNull;

/// A base page on x86-64 and most arm64 Linux systems; checked at start-up.
pub const PAGE: usize = 4096;
/// A transparent huge page on x86-64 (a PMD): 512 base pages.
pub const HUGE_PAGE: usize = 2 << 20;

/// Whether the cache asks for transparent huge pages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Huge {
    /// `MADV_NOHUGEPAGE`: base pages only, whatever the system default.
    Off,
    /// `MADV_HUGEPAGE`: huge pages where the kernel can (THP `madvise` or `always` mode).
    On,
}

/// A filled, page-aligned private mapping of [`Object`]s.
pub struct Cache {
    /// Start of the mapping, aligned to [`HUGE_PAGE`].
    start: NonNull<u8>,
    /// Its length in bytes, a multiple of [`HUGE_PAGE`].
    len: usize,
}

impl Cache {
    /// Maps `len` bytes (rounded up to 2 MiB), advises them, and fills them
    /// with numbered objects, so every page is resident and dirty in the parent.
    pub fn new(len: usize, huge: Huge) -> nix::Result<Cache> {
        let cache = Cache::blank(len, huge)?;
        let objects = cache.objects_mut();
        for (i, object) in objects.iter_mut().enumerate() {
            // Safety: the slot is inside the mapping; writing (not assigning)
            // because the zero pages hold no initialised Object to drop.
            unsafe { std::ptr::write(object, Object::new(i as u64)) };
        }
        Ok(cache)
    }

    /// Maps and advises `len` bytes (rounded up to 2 MiB) without touching
    /// them: no page is resident yet, and the first write to each takes a
    /// zero-fill fault. Its objects are all zeros (count 0, value 0), which is
    /// a valid `Object`.
    pub fn blank(len: usize, huge: Huge) -> nix::Result<Cache> {
        assert_eq!(page_size(), PAGE, "this lab assumes 4 KiB base pages");
        let len = len.div_ceil(HUGE_PAGE).max(1) * HUGE_PAGE;
        // Map one huge page more, then cut the unaligned ends off.
        let whole = NonZeroUsize::new(len + HUGE_PAGE).expect("non-zero");
        let prot = ProtFlags::PROT_READ | ProtFlags::PROT_WRITE;
        // Safety: a fresh anonymous mapping aliases nothing.
        let raw = unsafe { mmap_anonymous(None, whole, prot, MapFlags::MAP_PRIVATE)? }.cast::<u8>();
        let head = raw.as_ptr().align_offset(HUGE_PAGE);
        // Safety: `head` < HUGE_PAGE, so the aligned start is inside the mapping.
        let start = unsafe { raw.add(head) };
        // Safety: the two ends are parts of our own mapping that nothing uses.
        unsafe {
            if head > 0 {
                munmap(raw.cast(), head)?;
            }
            if HUGE_PAGE - head > 0 {
                munmap(start.add(len).cast(), HUGE_PAGE - head)?;
            }
        }
        let advice = match huge {
            Huge::Off => MmapAdvise::MADV_NOHUGEPAGE,
            Huge::On => MmapAdvise::MADV_HUGEPAGE,
        };
        // Safety: advising our own mapping changes how it is backed, not its contents.
        unsafe { madvise(start.cast(), len, advice)? };
        Ok(Cache { start, len })
    }

    /// The length in bytes.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the cache is empty (never: it holds at least one huge page).
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The number of base pages.
    pub fn pages(&self) -> usize {
        self.len / PAGE
    }

    /// The objects, to read.
    pub fn objects(&self) -> &[Object] {
        // Safety: the mapping holds len / 64 objects (written by `new`, or
        // zero bytes, a valid Object) and lives as long as `self`.
        unsafe { std::slice::from_raw_parts(self.start.as_ptr().cast(), self.len / 64) }
    }

    #[allow(clippy::mut_from_ref)]
    fn objects_mut(&self) -> &mut [Object] {
        // Safety: only `new` calls this, before anyone else sees the cache.
        unsafe { std::slice::from_raw_parts_mut(self.start.as_ptr().cast(), self.len / 64) }
    }

    /// Writes one byte at the start of base page `page`: the smallest write
    /// that makes the kernel copy the page in a forked child.
    pub fn touch(&self, page: usize) {
        assert!(page < self.pages());
        // Safety: the byte is inside the mapping; objects hold plain numbers,
        // so any byte value leaves them valid. Volatile, so the store happens;
        // a store only (no read first), so a fresh page takes one fault, not two.
        unsafe { self.start.as_ptr().add(page * PAGE + 8).write_volatile(0xA5) }
    }
}

impl Drop for Cache {
    fn drop(&mut self) {
        // Safety: the mapping is ours, and no object borrowed from it outlives `self`.
        let _ = unsafe { munmap(self.start.cast(), self.len) };
    }
}

/// The system's base page size.
pub fn page_size() -> usize {
    // Safety: sysconf has no preconditions.
    unsafe { libc::sysconf(libc::_SC_PAGESIZE) as usize }
}

/// What the system does with transparent huge pages, from
/// `/sys/kernel/mm/transparent_hugepage/enabled` (`always`, `madvise` or
/// `never`: the bracketed word), or why it cannot tell.
pub fn thp_mode() -> String {
    match std::fs::read_to_string("/sys/kernel/mm/transparent_hugepage/enabled") {
        Ok(text) => text
            .split_whitespace()
            .find(|w| w.starts_with('['))
            .map(|w| w.trim_matches(['[', ']']).to_string())
            .unwrap_or_else(|| text.trim().to_string()),
        Err(_) => "unknown (no /sys/kernel/mm/transparent_hugepage)".into(),
    }
}
