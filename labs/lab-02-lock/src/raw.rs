//! What every lock in this chapter is: a lock with no data.
//!
//! A raw lock only knows "held" and "free". [`crate::mutex::Mutex`] puts data
//! behind any of them and hands out a guard that unlocks on drop, so the
//! spin lock, the futex lock and the others can be swapped in the same
//! experiments and tests.

/// A lock that protects nothing by itself.
///
/// # Safety
///
/// An implementation must give mutual exclusion: between a `lock` (or a
/// `try_lock` that returned `true`) and the matching `unlock`, no other
/// thread's `lock` returns, and everything written before `unlock`
/// happens-before everything after the next acquisition (release/acquire).
/// [`crate::mutex::Mutex`] relies on this to hand out `&mut T`.
pub unsafe trait RawLock: Send + Sync {
    /// A short name for tables and figures.
    const NAME: &'static str;

    /// A free lock.
    fn new() -> Self;

    /// Blocks until this thread holds the lock.
    fn lock(&self);

    /// Takes the lock if it is free; never blocks.
    fn try_lock(&self) -> bool;

    /// Frees the lock.
    ///
    /// # Safety
    ///
    /// The calling thread must hold the lock (from `lock` or a successful
    /// `try_lock`) and must not use what it protects afterwards.
    unsafe fn unlock(&self);
}
