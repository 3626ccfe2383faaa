//! The notebook's `_RLock`, translated: acquire and release as two calls,
//! with Python's run-time check that only the owner releases.
//!
//! This is exercise `03-checked-release`. [`crate::RLock`] makes a release
//! by another thread impossible to write (its guard cannot leave the
//! thread). Python has no guards: `release()` is a method anyone can call,
//! so `_RLock` checks the caller at run time and raises
//! `RuntimeError("cannot release un-acquired lock")`. [`PyRLock`] does the
//! same and returns [`NotOwner`]. It also has the two internal calls
//! Python's `Condition.wait` uses on an `RLock` (chapter 04): one frees the
//! lock completely, whatever its count, and returns the count; the other
//! takes the lock again and puts the count back.
//!
//! The fields are `_RLock`'s: `__block`, `__owner`, `__count`.
//!
//! | `owner` | `count` | meaning |
//! | --- | --- | --- |
//! | `NOBODY` (0, Python's `None`) | 0 | free |
//! | thread `t` | `n` ≥ 1 | `t` holds `block`, acquired `n` times |

use lab_02_lock::{FutexLock, RawLock};
use lab_03_rlock::owner::{self, NOBODY};
use labkit::sync::atomic::AtomicU64;
use labkit::sync::atomic::Ordering::Relaxed;
use std::cell::Cell;
use std::fmt;

/// Python's `RuntimeError("cannot release un-acquired lock")`, as a value:
/// the caller does not hold the lock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotOwner;

impl fmt::Display for NotOwner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("cannot release un-acquired lock")
    }
}

impl std::error::Error for NotOwner {}

/// What [`PyRLock::release_save`] gives back to
/// [`PyRLock::acquire_restore`]: how many times the lock had been acquired.
#[derive(Debug, PartialEq, Eq)]
#[must_use = "the count is needed to take the lock back"]
pub struct Saved {
    /// The count before the lock was freed.
    count: u32,
}

/// A reentrant lock with Python's interface: `acquire`, `release` and the
/// owner check.
pub struct PyRLock {
    /// `__block`: the plain lock, held from the first acquire to the last release.
    block: FutexLock,
    /// `__owner`: the holder's id, or `NOBODY`. Written only by the holder.
    owner: AtomicU64,
    /// `__count`: how many times the holder acquired it. Used only by the holder.
    count: Cell<u32>,
}

// Safety: `count` is read and written only by the thread that holds
// `block`, and holders follow each other through `block`'s release and
// acquire, so the Cell is never used by two threads at once.
unsafe impl Sync for PyRLock {}

impl Default for PyRLock {
    fn default() -> Self {
        Self::new()
    }
}

impl PyRLock {
    /// A free lock.
    pub fn new() -> Self {
        PyRLock { block: FutexLock::new(), owner: AtomicU64::new(NOBODY), count: Cell::new(0) }
    }

    // ANCHOR: acquire
    /// `acquire()`: at once if this thread owns the lock, else wait for it.
    pub fn acquire(&self) {
        let me = owner::current();
        if self.owner.load(Relaxed) == me {
            self.count.set(self.count.get() + 1);
            return;
        }
        self.block.lock();
        self.owner.store(me, Relaxed);
        self.count.set(1);
    }
    // ANCHOR_END: acquire

    /// `acquire(blocking=False)`: like [`acquire`](Self::acquire), but gives
    /// up at once (returning false) if another thread owns the lock.
    pub fn try_acquire(&self) -> bool {
        let me = owner::current();
        if self.owner.load(Relaxed) == me {
            self.count.set(self.count.get() + 1);
            return true;
        }
        if !self.block.try_lock() {
            return false;
        }
        self.owner.store(me, Relaxed);
        self.count.set(1);
        true
    }

    /// `_is_owned()`: whether the calling thread holds the lock.
    pub fn is_owned(&self) -> bool {
        self.owner.load(Relaxed) == owner::current()
    }

    // ANCHOR: release
    /// `release()`: undoes one `acquire` of the calling thread; the last one
    /// frees the lock. A caller that does not hold the lock gets
    /// [`NotOwner`] and changes nothing.
    pub fn release(&self) -> Result<(), NotOwner> {
        // exercise: solution
        if !self.is_owned() {
            return Err(NotOwner);
        }
        let count = self.count.get() - 1;
        self.count.set(count);
        if count == 0 {
            // Forget the owner first: once `block` is free, the next owner
            // stores its id, and a late NOBODY would erase it.
            self.owner.store(NOBODY, Relaxed);
            // Safety: this thread owns the lock, so it took `block` and
            // has not released it.
            unsafe { self.block.unlock() };
        }
        Ok(())
        // exercise: starter
        // todo!("refuse a caller that is not the owner; else count down, and at 0 forget the owner and unlock the block")
        // exercise: end
    }
    // ANCHOR_END: release

    /// `_release_save()`: frees the lock however many times the caller
    /// acquired it, and returns that count for
    /// [`acquire_restore`](Self::acquire_restore). A non-owner gets [`NotOwner`].
    pub fn release_save(&self) -> Result<Saved, NotOwner> {
        // exercise: solution
        if !self.is_owned() {
            return Err(NotOwner);
        }
        let count = self.count.replace(0);
        self.owner.store(NOBODY, Relaxed);
        // Safety: this thread owns the lock, so it holds `block`.
        unsafe { self.block.unlock() };
        Ok(Saved { count })
        // exercise: starter
        // todo!("like the last release, whatever the count; return the count in a Saved")
        // exercise: end
    }

    /// `_acquire_restore(state)`: waits for the lock, then makes the caller
    /// its owner with the count [`release_save`](Self::release_save) returned.
    pub fn acquire_restore(&self, saved: Saved) {
        // exercise: solution
        self.block.lock();
        self.owner.store(owner::current(), Relaxed);
        self.count.set(saved.count);
        // exercise: starter
        // let _ = saved;
        // todo!("take the block, then record this thread as the owner with the saved count")
        // exercise: end
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::thread;

    /// Whether another thread could take the lock right now (it lets go at once).
    fn free_for_others(lock: &PyRLock) -> bool {
        thread::scope(|s| {
            s.spawn(|| {
                let got = lock.try_acquire();
                if got {
                    lock.release().expect("the thread that acquired it releases it");
                }
                got
            })
            .join()
            .unwrap()
        })
    }

    #[test]
    fn releasing_a_lock_nobody_acquired_is_refused() {
        let lock = PyRLock::new();
        assert_eq!(lock.release(), Err(NotOwner));
        assert_eq!(NotOwner.to_string(), "cannot release un-acquired lock");
        assert!(free_for_others(&lock));
    }

    #[test]
    fn each_acquire_needs_its_release_and_the_last_frees_the_lock() {
        let lock = PyRLock::new();
        for _ in 0..3 {
            lock.acquire();
        }
        for left in [2, 1] {
            assert_eq!(lock.release(), Ok(()));
            assert!(lock.is_owned(), "still acquired {left} more times");
            assert!(!free_for_others(&lock), "another thread got in with {left} acquires left");
        }
        assert_eq!(lock.release(), Ok(()));
        assert!(!lock.is_owned(), "the last release forgets the owner");
        assert!(free_for_others(&lock), "the last release unlocks the block");
        assert_eq!(lock.release(), Err(NotOwner), "one release too many");
    }

    #[test]
    fn another_thread_cannot_release_the_owners_lock() {
        let lock = PyRLock::new();
        lock.acquire();
        let theirs = thread::scope(|s| s.spawn(|| lock.release()).join().unwrap());
        assert_eq!(theirs, Err(NotOwner));
        assert!(lock.is_owned(), "a refused release changes nothing");
        assert!(!free_for_others(&lock));
        assert_eq!(lock.release(), Ok(()));
    }

    #[test]
    fn release_save_frees_every_level_and_acquire_restore_brings_them_back() {
        let lock = PyRLock::new();
        for _ in 0..3 {
            lock.acquire();
        }
        let saved = lock.release_save().expect("the owner may release_save");
        assert!(!lock.is_owned());
        assert!(free_for_others(&lock), "release_save frees the lock whatever the count");
        lock.acquire_restore(saved);
        assert!(lock.is_owned());
        assert!(!free_for_others(&lock));
        for _ in 0..3 {
            assert_eq!(lock.release(), Ok(()), "the three levels are back");
        }
        assert_eq!(lock.release(), Err(NotOwner));
    }

    #[test]
    fn release_save_by_a_non_owner_is_refused() {
        let lock = PyRLock::new();
        assert_eq!(lock.release_save(), Err(NotOwner));
        lock.acquire();
        let theirs = thread::scope(|s| s.spawn(|| lock.release_save().err()).join().unwrap());
        assert_eq!(theirs, Some(NotOwner));
        assert!(lock.is_owned());
        assert_eq!(lock.release(), Ok(()));
    }
}
