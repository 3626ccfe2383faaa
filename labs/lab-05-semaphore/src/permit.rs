//! The permit guard: holding one is holding a permit; dropping it gives the
//! permit back.
//!
//! This is how Rust turns "call `release()` exactly once, after
//! `acquire()`" from a rule into a fact. A [`Permit`] can only come from one
//! of [`Semaphore`]'s acquire methods, it is not `Clone`, and its `Drop`
//! releases: once per acquire, on every path out of the scope, a panic
//! included. What safe Rust still allows is *not* releasing: `mem::forget`
//! (or [`Permit::forget`], which says so) keeps the permit out for good.

use crate::semaphore::Semaphore;

// ANCHOR: permit
/// One permit of a [`Semaphore`], given back when dropped.
#[must_use = "a permit is given back when dropped: bind it (`let _permit = ...`), \
              or `let _ = ...` gives it back at once"]
pub struct Permit<'a> {
    /// The semaphore the permit came from and goes back to.
    semaphore: &'a Semaphore,
}

impl<'a> Permit<'a> {
    /// A permit already taken from `semaphore`'s count (only the semaphore
    /// makes them).
    pub(crate) fn new(semaphore: &'a Semaphore) -> Permit<'a> {
        Permit { semaphore }
    }

    /// Keeps the permit out for good: the semaphore shrinks by one.
    pub fn forget(self) {
        std::mem::forget(self);
    }
}

impl Drop for Permit<'_> {
    fn drop(&mut self) {
        self.semaphore.release(1);
    }
}
// ANCHOR_END: permit
