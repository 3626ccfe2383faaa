//! A reentrant lock: a plain lock, the id of the thread that holds it, and
//! how many times that thread has taken it.
//!
//! The notebook's `_RLock` in Rust. The plain lock is chapter 02's
//! [`FutexLock`]: taken by the first acquire, released by the last release.
//! Between the two, the holder may acquire again as often as it likes; only
//! the count moves. The state, read as a pair:
//!
//! | `owner` | `count` | meaning |
//! | --- | --- | --- |
//! | [`NOBODY`] (0) | 0 | free (or being handed over: `lock` is being taken or released) |
//! | thread `t` | `n` ≥ 1 | `t` holds `lock` and has `n` guards alive |
//!
//! [`RLock::lock`] returns an [`RLockGuard`]; dropping it is the release.
//! The guard is `!Send`, so it cannot be dropped on another thread: the
//! release by a non-owner that Python refuses at run time with a
//! `RuntimeError` does not compile here. The guard gives `&T`, never
//! `&mut T`: two nested guards of one thread are alive at once, and two
//! `&mut T` to the same data are what Rust forbids. Put a `Cell` or
//! `RefCell` inside to change the data.
//!
//! ```compile_fail,E0277
//! // A guard cannot move to another thread, so only the owner releases.
//! let lock = lab_03_rlock::RLock::new(0);
//! let guard = lock.lock();
//! std::thread::scope(|s| {
//!     s.spawn(move || drop(guard));
//! });
//! ```

use crate::owner::{self, NOBODY};
use lab_02_lock::{FutexLock, RawLock};
use labkit::sync::atomic::AtomicU64;
use labkit::sync::atomic::Ordering::Relaxed;
use std::cell::Cell;
use std::marker::PhantomData;
use std::ops::Deref;

/// A lock the thread holding it may take again; data behind it is shared
/// (`&T`) by that thread's guards.
pub struct RLock<T> {
    /// Keeps other threads out: taken by the holder's first acquire,
    /// released by its last release.
    lock: FutexLock,
    /// The holder's id ([`owner::current`]), or [`NOBODY`]. Written only by
    /// the holder: its own id just after taking `lock`, [`NOBODY`] just
    /// before releasing it.
    owner: AtomicU64,
    /// How many guards the holder has alive (0 when free). Read and written
    /// only by the holder.
    count: Cell<u32>,
    /// The data; only the holder's guards reach it.
    value: T,
}

// Safety: only the thread that holds `lock` touches `count` or reaches
// `value`, and one holder hands over to the next through `lock`'s release
// and acquire, which order everything the first did before everything the
// second does. So `count`'s Cell is never used by two threads at once, and
// `T` only moves between threads (`T: Send`), it is never shared (no `T: Sync`
// needed), exactly as with a `Mutex<T>`.
unsafe impl<T: Send> Sync for RLock<T> {}

// ANCHOR: lock
impl<T> RLock<T> {
    /// A free lock holding `value`.
    pub fn new(value: T) -> Self {
        RLock { lock: FutexLock::new(), owner: AtomicU64::new(NOBODY), count: Cell::new(0), value }
    }

    /// Takes the lock: at once if this thread holds it already, otherwise
    /// after waiting for the holder to release it.
    pub fn lock(&self) -> RLockGuard<'_, T> {
        let me = owner::current();
        if !self.reenter(me) {
            self.lock.lock();
            self.take(me);
        }
        RLockGuard { rlock: self, _not_send: PhantomData }
    }

    /// Takes the lock if this thread holds it already or nobody does; never waits.
    pub fn try_lock(&self) -> Option<RLockGuard<'_, T>> {
        let me = owner::current();
        if !self.reenter(me) {
            if !self.lock.try_lock() {
                return None;
            }
            self.take(me);
        }
        Some(RLockGuard { rlock: self, _not_send: PhantomData })
    }

    /// If `me` holds the lock, counts one more guard and says so.
    fn reenter(&self, me: u64) -> bool {
        // Relaxed is enough. Only thread `me` ever stores `me` here, and a
        // thread always reads its own latest store to a variable or a later
        // one: if `me` holds the lock it reads `me`; if not, it reads
        // anything else (another id, NOBODY, even a stale value) and goes
        // to `lock`, which does the real synchronisation.
        if self.owner.load(Relaxed) != me {
            return false;
        }
        let nested = self.count.get().checked_add(1).expect("RLock: too many nested guards");
        self.count.set(nested);
        true
    }

    /// Records `me` as the holder; `lock` has just been taken.
    fn take(&self, me: u64) {
        self.owner.store(me, Relaxed);
        self.count.set(1);
    }
}
// ANCHOR_END: lock

// ANCHOR: unlock
impl<T> RLock<T> {
    /// Drops one guard; the last one frees the lock.
    fn release(&self) {
        let left = self.count.get() - 1;
        self.count.set(left);
        if left == 0 {
            // Forget the owner *before* releasing `lock`. After the release
            // another thread may take `lock` and store its own id; a late
            // NOBODY from us would then erase it, and that thread's next
            // nested acquire would wait for itself. (The shuttle tests show
            // that bug.) The Relaxed store is ordered before the next
            // owner's store by `lock`'s release and acquire.
            self.owner.store(NOBODY, Relaxed);
            // Safety: count was 1, so this thread took `lock` in `lock` or
            // `try_lock` and has not released it; no guard is left to reach
            // the data.
            unsafe { self.lock.unlock() }
        }
    }
}
// ANCHOR_END: unlock

impl<T> RLock<T> {
    /// How many guards this thread holds on the lock (0 if it holds none).
    pub fn depth(&self) -> u32 {
        if self.owner.load(Relaxed) == owner::current() { self.count.get() } else { 0 }
    }

    /// The data, without locking: `&mut self` proves nobody holds a guard.
    pub fn get_mut(&mut self) -> &mut T {
        &mut self.value
    }

    /// The data, consuming the lock.
    pub fn into_inner(self) -> T {
        self.value
    }
}

// ANCHOR: guard
/// Proof that this thread holds the lock, one level of it. Gives `&T`;
/// dropping it releases that level.
pub struct RLockGuard<'a, T> {
    /// The lock this guard holds one level of.
    rlock: &'a RLock<T>,
    /// A raw pointer is neither `Send` nor `Sync`, so neither is the guard:
    /// it is dropped (released) on the thread that took it, where `owner`
    /// and `count` say what they mean.
    _not_send: PhantomData<*const ()>,
}

impl<T> Deref for RLockGuard<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.rlock.value
    }
}

impl<T> Drop for RLockGuard<'_, T> {
    fn drop(&mut self) {
        self.rlock.release();
    }
}
// ANCHOR_END: guard
