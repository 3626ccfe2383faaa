//! A lock on a POSIX semaphore, the way the notebook's CPython excerpt
//! (`Python/thread_pthread.h`) builds `threading.Lock`.
//!
//! A semaphore is a counter that never goes below zero: `sem_wait` takes
//! one (sleeping while it is 0), `sem_post` gives one back (waking a
//! sleeper). Start it at 1 and it is a lock: 1 = free, 0 = held. CPython
//! did exactly this: `sem_init(lock, 0, 1)`, `sem_wait` to acquire (or
//! `sem_trywait` when not blocking), `sem_post` to release, and `sem_wait`
//! again when a signal interrupts it (`EINTR`).
//!
//! The `sem_t` lives in a `Box`, as CPython `malloc`s it: POSIX does not
//! allow a semaphore to move after `sem_init`, and a Rust value moves.
//! glibc builds `sem_wait` and `sem_post` on a futex too, so the difference
//! from [`crate::FutexLock`] is a call into the C library and a 64-bit word
//! that counts waiters.
//!
//! Two differences from a mutex, both CPython's as well: any thread may
//! post, not only the one that waited, and nothing stops a second post from
//! making the count 2 (CPython guards that with a `locked` flag of its own).
//! Linux only: macOS has no unnamed semaphores, which is why CPython used a
//! mutex and a condition variable there.

use crate::raw::RawLock;
use std::cell::UnsafeCell;

/// A lock on an unnamed POSIX semaphore.
pub struct SemaphoreLock {
    /// The semaphore, at a fixed address: 1 = free, 0 = held.
    sem: Box<UnsafeCell<libc::sem_t>>,
}

// Safety: a semaphore is made to be used from many threads at once; every
// access goes through the sem_* functions, which synchronise.
unsafe impl Send for SemaphoreLock {}
// Safety: as above.
unsafe impl Sync for SemaphoreLock {}

// ANCHOR: sem
// Safety: sem_wait/sem_trywait take the count from 1 to 0 atomically and
// sem_post puts it back; POSIX specifies that they synchronise memory, so
// the holder sees the previous holder's writes.
unsafe impl RawLock for SemaphoreLock {
    const NAME: &'static str = "semaphore lock";

    fn new() -> Self {
        // Safety: an all-zero sem_t is only storage; sem_init fills it in.
        let sem = Box::new(UnsafeCell::new(unsafe { std::mem::zeroed() }));
        // Safety: the pointer is valid, boxed (it will not move), and not
        // shared with any thread yet. 0 = shared between threads only.
        let status = unsafe { libc::sem_init(sem.get(), 0, 1) };
        assert_eq!(status, 0, "sem_init failed: {}", std::io::Error::last_os_error());
        SemaphoreLock { sem }
    }

    fn lock(&self) {
        // Safety: the semaphore was initialised in `new` and lives until drop.
        while unsafe { libc::sem_wait(self.sem.get()) } != 0 {
            let error = std::io::Error::last_os_error();
            // A signal handler ran while we slept: wait again, as CPython does.
            assert_eq!(error.raw_os_error(), Some(libc::EINTR), "sem_wait failed: {error}");
        }
    }

    fn try_lock(&self) -> bool {
        // Safety: as in `lock`. It fails with EAGAIN when the count is 0.
        unsafe { libc::sem_trywait(self.sem.get()) == 0 }
    }

    unsafe fn unlock(&self) {
        // Safety: as in `lock`; the caller holds the lock, so the count is 0.
        let status = unsafe { libc::sem_post(self.sem.get()) };
        debug_assert_eq!(status, 0, "sem_post failed");
    }
}
// ANCHOR_END: sem

impl Drop for SemaphoreLock {
    fn drop(&mut self) {
        // Safety: `&mut self` proves no thread waits on it any more.
        unsafe { libc::sem_destroy(self.sem.get()) };
    }
}

#[cfg(all(test, not(any(feature = "loom", feature = "shuttle"))))]
mod tests {
    use super::*;
    use crate::mutex::Mutex;

    #[test]
    fn excludes_and_releases() {
        let lock = SemaphoreLock::new();
        lock.lock();
        assert!(!lock.try_lock());
        // Safety: this thread holds it.
        unsafe { lock.unlock() };
        assert!(lock.try_lock());
        // Safety: taken by try_lock.
        unsafe { lock.unlock() };
    }

    #[test]
    fn moving_the_lock_keeps_the_semaphore_in_place() {
        let lock = SemaphoreLock::new();
        let before = lock.sem.get();
        let moved = [lock];
        assert_eq!(moved[0].sem.get(), before);
        assert!(moved[0].try_lock());
    }

    #[test]
    fn three_threads_count_exactly() {
        let counter = Mutex::<u64, SemaphoreLock>::new(0);
        std::thread::scope(|s| {
            for _ in 0..3 {
                s.spawn(|| (0..20_000).for_each(|_| *counter.lock() += 1));
            }
        });
        assert_eq!(counter.into_inner(), 60_000);
    }
}
