//! Data behind a raw lock, reached only through a guard.
//!
//! `Mutex<T, L>` owns a `T` and a raw lock `L`. `lock()` returns a
//! [`Guard`] that derefs to the `T` and unlocks when dropped, so forgetting
//! to unlock, or touching the data without the lock, does not compile. The
//! lock type is a parameter so the chapter's locks share one safe front.
//!
//! A guard shared between threads hands out `&T` to each of them, so it may
//! be shared only if `T` may (`T: Sync`), as with std's guard:
//!
//! ```compile_fail
//! // A Cell may be changed through `&`: two threads sharing one guard
//! // could both set it at once. This does not compile.
//! let mutex = lab_02_lock::Mutex::<std::cell::Cell<u8>>::new(Default::default());
//! let guard = mutex.lock();
//! std::thread::scope(|s| {
//!     s.spawn(|| guard.set(1));
//! });
//! ```
//!
//! Unlike std's `Mutex`, this one has no poisoning: if a thread panics while
//! holding the guard, the guard still unlocks (it is dropped while the
//! panic unwinds), and the next thread sees the data as the panicking
//! thread left it.

use crate::futex_lock::FutexLock;
use crate::raw::RawLock;
use std::cell::UnsafeCell;
use std::marker::PhantomData;
use std::ops::{Deref, DerefMut};

/// A `T` that one thread at a time may use, guarded by the raw lock `L`.
pub struct Mutex<T, L: RawLock = FutexLock> {
    /// Who may touch `value` right now.
    lock: L,
    /// The data; only a holder of `lock` makes references into it.
    value: UnsafeCell<T>,
}

// Safety: the lock hands `&mut T` to one thread at a time, so sharing the
// mutex between threads only moves `T` between them: `T: Send` suffices.
unsafe impl<T: Send, L: RawLock> Sync for Mutex<T, L> {}

impl<T, L: RawLock> Mutex<T, L> {
    /// A free mutex holding `value`.
    pub fn new(value: T) -> Self {
        Mutex { lock: L::new(), value: UnsafeCell::new(value) }
    }

    /// Waits for the lock; the data is reachable through the guard until it drops.
    pub fn lock(&self) -> Guard<'_, T, L> {
        self.lock.lock();
        Guard { mutex: self, _data: PhantomData }
    }

    /// Takes the lock if it is free.
    pub fn try_lock(&self) -> Option<Guard<'_, T, L>> {
        self.lock.try_lock().then_some(Guard { mutex: self, _data: PhantomData })
    }

    /// The data, without locking: `&mut self` proves nobody else holds it.
    pub fn get_mut(&mut self) -> &mut T {
        self.value.get_mut()
    }

    /// The data, consuming the mutex.
    pub fn into_inner(self) -> T {
        self.value.into_inner()
    }
}

// ANCHOR: guard
/// Proof that this thread holds the lock; unlocks on drop.
pub struct Guard<'a, T, L: RawLock> {
    /// The mutex whose lock this guard holds.
    mutex: &'a Mutex<T, L>,
    /// Makes the guard `Sync` only when `T` is, and `Send` only when `T` is,
    /// as a `&mut T` would be (a `&Mutex` alone would allow sharing a guard
    /// to a `Cell` between threads).
    _data: PhantomData<&'a mut T>,
}
// ANCHOR_END: guard

impl<T, L: RawLock> Guard<'_, T, L> {
    /// Unlocks while `f` runs, then locks again: what a condition
    /// variable's wait does around its sleep (used in chapter 04). If `f`
    /// panics, the lock is taken again before the guard unwinds and unlocks.
    pub fn unlocked<R>(guard: &mut Self, f: impl FnOnce() -> R) -> R {
        /// Takes the lock again when dropped, on return or on a panic.
        struct Relock<'b, L: RawLock>(
            /// The lock to take again.
            &'b L,
        );
        impl<L: RawLock> Drop for Relock<'_, L> {
            fn drop(&mut self) {
                self.0.lock();
            }
        }
        // Safety: the guard holds the lock, and no reference into the data
        // lives across this call (the guard is borrowed mutably).
        unsafe { guard.mutex.lock.unlock() };
        let _relock = Relock(&guard.mutex.lock);
        f()
    }
}

impl<T, L: RawLock> Deref for Guard<'_, T, L> {
    type Target = T;
    fn deref(&self) -> &T {
        // Safety: the guard holds the lock, so no `&mut T` exists elsewhere.
        unsafe { &*self.mutex.value.get() }
    }
}

impl<T, L: RawLock> DerefMut for Guard<'_, T, L> {
    fn deref_mut(&mut self) -> &mut T {
        // Safety: the guard holds the lock and is borrowed mutably, so this
        // is the only reference to the data.
        unsafe { &mut *self.mutex.value.get() }
    }
}

// ANCHOR: drop
impl<T, L: RawLock> Drop for Guard<'_, T, L> {
    fn drop(&mut self) {
        // Safety: the guard holds the lock and dies here with its borrows.
        unsafe { self.mutex.lock.unlock() }
    }
}
// ANCHOR_END: drop
