//! Chapter 02's futex lock, made to work across processes.
//!
//! The algorithm is chapter 02's (`lab_02_lock::FutexLock`), unchanged:
//! one word, three states, a compare-exchange to lock, a swap to unlock.
//! The only change is the futex: [`SharedFutex`] waits and wakes without
//! `FUTEX_PRIVATE_FLAG`, so a process asleep on the lock is woken by an
//! unlock in another process. `ProcessLock` is a `RawLock`, so chapter 02's
//! `Mutex<T, L>` and its guard work on it: `Mutex<u64, ProcessLock>` in a
//! shared mapping is a counter two processes can share safely.

use crate::futex::SharedFutex;
#[cfg(not(any(feature = "loom", feature = "shuttle")))]
use crate::shared::ProcessShared;
use lab_02_lock::raw::RawLock;
use labkit::sync::atomic::Ordering::{Acquire, Relaxed, Release};

/// Free.
pub const UNLOCKED: u32 = 0;
/// Held; nobody sleeps on it.
pub const LOCKED: u32 = 1;
/// Held; somebody may sleep on it (in any process) and must be woken.
pub const CONTENDED: u32 = 2;

/// A futex lock whose sleepers may be in other processes.
pub struct ProcessLock {
    /// `UNLOCKED`, `LOCKED` or `CONTENDED`.
    state: SharedFutex,
}

// ANCHOR: lock
// Safety: as chapter 02's FutexLock: `lock` returns only after moving the
// word away from UNLOCKED with an Acquire read-modify-write, and only
// `unlock`'s Release swap makes it UNLOCKED again.
unsafe impl RawLock for ProcessLock {
    const NAME: &'static str = "process-shared futex lock";

    fn new() -> Self {
        ProcessLock { state: SharedFutex::new(UNLOCKED) }
    }

    fn lock(&self) {
        if self.state.compare_exchange(UNLOCKED, LOCKED, Acquire, Relaxed).is_err() {
            while self.state.swap(CONTENDED, Acquire) != UNLOCKED {
                self.state.wait(CONTENDED);
            }
        }
    }

    fn try_lock(&self) -> bool {
        self.state.compare_exchange(UNLOCKED, LOCKED, Acquire, Relaxed).is_ok()
    }

    unsafe fn unlock(&self) {
        if self.state.swap(UNLOCKED, Release) == CONTENDED {
            self.state.wake_one();
        }
    }
}
// ANCHOR_END: lock

// Safety: one atomic word; waiting and waking go through shared futexes,
// keyed by the physical page, so they meet across processes.
#[cfg(not(any(feature = "loom", feature = "shuttle")))]
unsafe impl ProcessShared for ProcessLock {}

// Safety: a Mutex over plain data (no pointers) and a ProcessLock holds
// nothing local to a process; its data is reached only under the lock.
#[cfg(not(any(feature = "loom", feature = "shuttle")))]
unsafe impl<T: Copy + Send> ProcessShared for lab_02_lock::Mutex<T, ProcessLock> {}

// Chapter 02's own lock, unchanged, let into a shared mapping so the lab
// can show it does *not* work across processes: its futex is private.
// Safety: NOT sound for real use: its waiters in one process are never
// woken from another. The lab puts it in shared memory only to show that,
// under a watchdog, in children it then kills.
#[cfg(not(any(feature = "loom", feature = "shuttle")))]
unsafe impl ProcessShared for lab_02_lock::Mutex<u64, lab_02_lock::FutexLock> {}
