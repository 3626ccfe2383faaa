//! Taking a lock across `fork`, so that no other thread holds it at the
//! moment of the copy: exercise `11-atfork`.
//!
//! A child forked while another thread holds a lock gets a copy of the lock
//! that says "held" and nobody to release it. The way out is to make sure
//! the lock is held, at the fork, by the thread that forks: that thread is
//! the one thread the child has, so the child can release its copy, and
//! the parent releases the original. `pthread_atfork` (POSIX) runs three
//! functions around every `fork` for that purpose: `prepare` in the parent
//! before, `parent` in the parent after, `child` in the child after. They
//! are these three; `atfork.rs` registers them.

use lab_02_lock::{FutexLock, RawLock};

// ANCHOR: around_fork
/// Runs just before `fork`, in the thread that forks: take the lock, waiting
/// for the thread that may hold it to finish its record.
pub fn before_fork(lock: &FutexLock) {
    // exercise: solution
    lock.lock();
    // exercise: starter
    // let _ = lock; // todo: take the lock, so that no other thread holds it at the copy
    // exercise: end
}

/// Runs in the parent just after `fork`: release the lock `before_fork` took.
///
/// # Safety
///
/// The calling thread must have called `before_fork(lock)`.
pub unsafe fn after_fork_in_parent(lock: &FutexLock) {
    // exercise: solution
    // Safety: `before_fork` made this thread the holder.
    unsafe { lock.unlock() };
    // exercise: starter
    // let _ = lock; // todo: release the lock before_fork took (the logging thread waits for it)
    // exercise: end
}

/// Runs in the child just after `fork`: its copy of the lock is held by its
/// only thread, the one that forked; release it.
///
/// # Safety
///
/// The forking thread must have called `before_fork(lock)`.
pub unsafe fn after_fork_in_child(lock: &FutexLock) {
    // exercise: solution
    // Safety: the copy was taken by the forking thread, which is this one.
    unsafe { lock.unlock() };
    // exercise: starter
    // let _ = lock; // todo: release the child's copy (its holder, the forking thread, is this one)
    // exercise: end
}
// ANCHOR_END: around_fork

#[cfg(test)]
mod tests {
    use super::*;
    use labkit::process::fork_child;
    use labkit::testing::{Pending, finishes_within};
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::time::{Duration, Instant};

    #[test]
    fn before_fork_takes_the_lock() {
        let lock = FutexLock::new();
        before_fork(&lock);
        let taken = !lock.try_lock();
        // Safety: held, by before_fork or by the try_lock.
        unsafe { lock.unlock() };
        assert!(taken, "before_fork must take the lock: it was still free");
    }

    #[test]
    fn the_parent_releases_the_lock_after_the_fork() {
        let lock = FutexLock::new();
        lock.lock();
        // Safety: this thread holds the lock, as before_fork would.
        unsafe { after_fork_in_parent(&lock) };
        assert!(lock.try_lock(), "after_fork_in_parent must release the lock");
    }

    #[test]
    fn the_child_releases_its_copy_after_the_fork() {
        let lock = FutexLock::new();
        lock.lock();
        // Safety: as above.
        unsafe { after_fork_in_child(&lock) };
        assert!(lock.try_lock(), "after_fork_in_child must release the lock");
    }

    /// Another thread holds the lock most of the time; children forked with
    /// the three functions around the fork take it once and exit. A child
    /// still waiting after 1 s is stuck: it is killed, reaped and reported.
    /// The whole test runs under a time limit, so a lock never released
    /// fails it instead of hanging it.
    #[test]
    fn children_forked_while_another_thread_logs_all_finish() {
        let (stuck, holder_ended) = finishes_within(
            Duration::from_secs(60),
            "twenty forks around a busy lock (a lock never released?)",
            forks_around_a_busy_lock,
        );
        assert_eq!(stuck, 0, "a child was stuck on its copy of the lock");
        assert!(holder_ended, "the holding thread is stuck: the parent never released the lock");
    }

    /// (children stuck, whether the holding thread could be stopped)
    fn forks_around_a_busy_lock() -> (usize, bool) {
        let lock = Arc::new(FutexLock::new());
        let stop = Arc::new(AtomicBool::new(false));
        let holder = {
            let (lock, stop) = (Arc::clone(&lock), Arc::clone(&stop));
            std::thread::spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    lock.lock();
                    let held = Instant::now();
                    while held.elapsed() < Duration::from_micros(900) {
                        std::hint::spin_loop();
                    }
                    // Safety: taken just above.
                    unsafe { lock.unlock() };
                    std::thread::sleep(Duration::from_micros(100));
                }
            })
        };
        let mut stuck = 0;
        for _ in 0..20 {
            before_fork(&lock);
            let child = fork_child(|| {
                // Safety: the forking thread called before_fork.
                unsafe { after_fork_in_child(&lock) };
                lock.lock();
                // Safety: taken just above.
                unsafe { lock.unlock() };
                0
            });
            // Safety: this thread called before_fork.
            unsafe { after_fork_in_parent(&lock) };
            let mut child = child.expect("fork");
            match child.wait_timeout(Duration::from_secs(1)).unwrap() {
                Some(status) => assert!(status.success(), "a child failed: {status}"),
                None => {
                    stuck += 1;
                    child.kill_and_reap().unwrap();
                    break;
                }
            }
        }
        stop.store(true, Ordering::Relaxed);
        let holder_ended =
            Pending::spawn(move || holder.join()).within(Duration::from_secs(5)).is_ok();
        (stuck, holder_ended)
    }
}
