//! Spin locks: a lock that never sleeps, built in two steps.
//!
//! A spin lock is one boolean: `false` = free, `true` = held. To take it, a
//! thread atomically changes `false` into `true`; if the lock was already
//! `true`, someone else holds it, so it tries again. A waiting thread keeps
//! its core busy ("spins") the whole time, which is fine when the holder is
//! running on another core and about to let go, and wasteful when it is not.
//!
//! - [`CasSpinLock`], step 1: compare-and-swap `false` -> `true` in a loop.
//!   Correct, but every try is a locked read-modify-write instruction, which
//!   takes the lock's cache line for exclusive use even when it fails (on
//!   x86 a failed `lock cmpxchg` even writes the old value back), so the
//!   waiting threads keep pulling the line away from each other and from
//!   the holder, who needs it to unlock.
//! - [`SpinLock`], step 2: *test and test-and-set*. Try once; if that
//!   fails, wait with plain loads (which share the cache line without
//!   taking it) until the lock looks free, then try again.
//!
//! Both tell the processor they are spinning ([`hint::spin_loop`], a
//! `pause` instruction on x86), which saves power and lets a hyperthread
//! sibling run. Under loom and shuttle that hint is a yield to the model
//! checker, which is how it knows the thread waits for another.
//!
//! Mara Bos's spin lock (Rust Atomics and Locks, ch. 4) tries with `swap`,
//! which does as well on real hardware. A compare-exchange is used here
//! because loom cannot check a loop of failing swaps: each is a new write to
//! the atomic, so loom never sees the spinning thread as stuck and explores
//! the loop forever. A failed compare-exchange writes nothing, as far as
//! the memory model is concerned.

use crate::raw::RawLock;
use labkit::sync::atomic::AtomicBool;
use labkit::sync::atomic::Ordering::{Acquire, Relaxed, Release};
use labkit::sync::hint;

/// Step 1: a spin lock that compare-exchanges until it wins.
pub struct CasSpinLock {
    /// `false` = free, `true` = held.
    locked: AtomicBool,
}

// ANCHOR: cas
// Safety: `lock` returns only after its Acquire compare-exchange turned
// `false` into `true`, and only `unlock` (a Release store) puts `false`
// back, so one thread at a time holds the lock and each holder sees the
// last one's writes.
unsafe impl RawLock for CasSpinLock {
    const NAME: &'static str = "CAS spin lock";

    fn new() -> Self {
        CasSpinLock { locked: AtomicBool::new(false) }
    }

    fn lock(&self) {
        // Err means it was not `false`: somebody holds it. Try again.
        while self.locked.compare_exchange_weak(false, true, Acquire, Relaxed).is_err() {
            hint::spin_loop();
        }
    }

    fn try_lock(&self) -> bool {
        self.locked.compare_exchange(false, true, Acquire, Relaxed).is_ok()
    }

    unsafe fn unlock(&self) {
        self.locked.store(false, Release);
    }
}
// ANCHOR_END: cas

/// Step 2: a spin lock that waits with loads (test and test-and-set).
pub struct SpinLock {
    /// `false` = free, `true` = held.
    locked: AtomicBool,
}

// ANCHOR: ttas
// Safety: as for `CasSpinLock`; the loads in the waiting loop only decide
// when to try again, and ownership is still taken by the Acquire
// compare-exchange.
unsafe impl RawLock for SpinLock {
    const NAME: &'static str = "spin lock";

    fn new() -> Self {
        SpinLock { locked: AtomicBool::new(false) }
    }

    fn lock(&self) {
        while self.locked.compare_exchange_weak(false, true, Acquire, Relaxed).is_err() {
            // Held: watch it with loads only, until it looks free.
            while self.locked.load(Relaxed) {
                hint::spin_loop();
            }
        }
    }

    fn try_lock(&self) -> bool {
        // A load first: a try that would fail leaves the cache line shared.
        !self.locked.load(Relaxed)
            && self.locked.compare_exchange(false, true, Acquire, Relaxed).is_ok()
    }

    unsafe fn unlock(&self) {
        self.locked.store(false, Release);
    }
}
// ANCHOR_END: ttas

#[cfg(all(test, not(any(feature = "loom", feature = "shuttle"))))]
mod tests {
    use super::*;
    use crate::mutex::Mutex;

    fn exclusive<L: RawLock>() {
        let lock = L::new();
        assert!(lock.try_lock(), "a new lock is free");
        assert!(!lock.try_lock(), "a held lock cannot be taken again");
        // Safety: this thread took it just above.
        unsafe { lock.unlock() };
        lock.lock();
        assert!(!lock.try_lock());
        // Safety: this thread holds it.
        unsafe { lock.unlock() };
    }

    #[test]
    fn both_steps_exclude_and_release() {
        exclusive::<CasSpinLock>();
        exclusive::<SpinLock>();
    }

    #[test]
    fn a_mutex_on_a_spin_lock_counts_exactly() {
        let counter = Mutex::<u64, SpinLock>::new(0);
        std::thread::scope(|s| {
            for _ in 0..2 {
                s.spawn(|| (0..10_000).for_each(|_| *counter.lock() += 1));
            }
        });
        assert_eq!(counter.into_inner(), 20_000);
    }
}
