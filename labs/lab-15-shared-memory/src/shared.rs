//! `Value` and `Array` in Rust: values in a *shared* anonymous mapping made
//! before `fork`, so parent and children see the same memory.
//!
//! `mmap(MAP_SHARED | MAP_ANONYMOUS)` gives pages that `fork` does not copy
//! on write: after the fork both processes map the same physical pages, at
//! the same address ([mmap(2)](https://man7.org/linux/man-pages/man2/mmap.2.html)).
//! What goes in must make sense in two processes at once: atomics, plain
//! numbers, a lock whose waiting works across processes. Never a pointer
//! to the heap (each process has its own), never a `Vec` or a `String`.
//! [`ProcessShared`] marks the types that qualify.
//!
//! [`Shared<T>`] holds one `T` (the notebook's `multiprocessing.Value`),
//! [`SharedArray<T>`] a fixed number (`multiprocessing.Array`). Both deref
//! to the value, and unmap on drop; a child that inherited them
//! `_exit`s without dropping anything (`labkit::process::fork_child`).

use nix::sys::mman::{MapFlags, ProtFlags, mmap_anonymous, munmap};
use std::num::NonZeroUsize;
use std::ops::Deref;
use std::ptr::NonNull;
use std::sync::atomic::{AtomicBool, AtomicI32, AtomicI64, AtomicU8, AtomicU32, AtomicU64};

/// A type that means the same in every process mapping it: no pointers,
/// no per-process state, every bit pattern a fork can leave is valid.
///
/// # Safety
///
/// The implementor must hold no pointer or handle local to one process,
/// and all its shared mutation must go through atomics (or a lock built on
/// them), so two processes using it at once do not race.
pub unsafe trait ProcessShared: Sync {}

// Safety: atomics are plain memory changed only by atomic instructions,
// which work between processes mapping the same page as between threads.
unsafe impl ProcessShared for AtomicBool {}
unsafe impl ProcessShared for AtomicU8 {}
unsafe impl ProcessShared for AtomicI32 {}
unsafe impl ProcessShared for AtomicU32 {}
unsafe impl ProcessShared for AtomicI64 {}
unsafe impl ProcessShared for AtomicU64 {}

/// Maps `bytes` of shared, zero-filled, read-write memory.
fn map(bytes: usize) -> nix::Result<NonNull<u8>> {
    let len = NonZeroUsize::new(bytes.max(1)).expect("non-zero");
    let prot = ProtFlags::PROT_READ | ProtFlags::PROT_WRITE;
    // Safety: a fresh anonymous mapping aliases nothing of ours.
    unsafe { mmap_anonymous(None, len, prot, MapFlags::MAP_SHARED) }.map(NonNull::cast)
}

// ANCHOR: shared
/// One `T` in shared memory: `multiprocessing.Value`, typed.
pub struct Shared<T: ProcessShared> {
    /// The value, at the start of its own shared mapping.
    ptr: NonNull<T>,
}

impl<T: ProcessShared> Shared<T> {
    /// Maps shared memory and moves `value` into it. Make it before the fork.
    pub fn new(value: T) -> nix::Result<Shared<T>> {
        let ptr = map(std::mem::size_of::<T>())?.cast::<T>();
        // Safety: the mapping is page-aligned (so aligned for T) and large
        // enough; nothing is there yet to drop.
        unsafe { ptr.as_ptr().write(value) };
        Ok(Shared { ptr })
    }
}

impl<T: ProcessShared> Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        // Safety: `new` wrote a T there and the mapping lives until drop;
        // T is Sync, so a shared reference may be used by many at once.
        unsafe { self.ptr.as_ref() }
    }
}
// ANCHOR_END: shared

impl<T: ProcessShared> Drop for Shared<T> {
    fn drop(&mut self) {
        // Safety: the value is ours to drop and the mapping ours to unmap;
        // no reference to it outlives `self`.
        unsafe {
            self.ptr.as_ptr().drop_in_place();
            let _ = munmap(self.ptr.cast(), std::mem::size_of::<T>().max(1));
        }
    }
}

/// `len` values in shared memory: `multiprocessing.Array`, typed.
pub struct SharedArray<T: ProcessShared> {
    /// The first element, at the start of the mapping.
    ptr: NonNull<T>,
    /// The number of elements.
    len: usize,
}

impl<T: ProcessShared> SharedArray<T> {
    /// Maps room for `len` values and fills it with `init(i)`.
    pub fn new(len: usize, init: impl Fn(usize) -> T) -> nix::Result<SharedArray<T>> {
        let ptr = map(std::mem::size_of::<T>() * len)?.cast::<T>();
        for i in 0..len {
            // Safety: slot i is inside the mapping, aligned, and empty.
            unsafe { ptr.as_ptr().add(i).write(init(i)) };
        }
        Ok(SharedArray { ptr, len })
    }
}

impl<T: ProcessShared> Deref for SharedArray<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        // Safety: `new` wrote `len` values, which live until drop.
        unsafe { std::slice::from_raw_parts(self.ptr.as_ptr(), self.len) }
    }
}

impl<T: ProcessShared> Drop for SharedArray<T> {
    fn drop(&mut self) {
        // Safety: the values are ours to drop and the mapping ours to unmap.
        unsafe {
            std::ptr::drop_in_place(std::ptr::slice_from_raw_parts_mut(
                self.ptr.as_ptr(),
                self.len,
            ));
            let _ = munmap(self.ptr.cast(), (std::mem::size_of::<T>() * self.len).max(1));
        }
    }
}
