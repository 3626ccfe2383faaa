//! Taking an [`RLock`] with a time limit: Python's `acquire(timeout=...)`.
//!
//! This is exercise `03-try-lock-for`. The futex under chapter 02's lock
//! has no timed wait in the crate it uses, so [`try_lock_for`] polls: it
//! tries, naps, and tries again, each nap twice as long as the one before
//! (from [`FIRST_NAP`] up to [`MAX_NAP`]), until it gets the lock or the
//! deadline passes. It is the "balancing act" of the notebook's Python 2
//! `Condition.wait(timeout)`: short naps at first to answer quickly, longer
//! ones later to burn little CPU. The price is lag: when the holder
//! releases, a napping waiter notices only when its nap ends. The lab
//! measures that lag against a blocking `lock()`, which the holder's
//! release wakes at once.

use lab_03_rlock::{RLock, RLockGuard};
use std::time::Duration;

/// The first nap after a failed try.
pub const FIRST_NAP: Duration = Duration::from_micros(10);

/// The longest nap: a waiter notices a release at most this late (plus the
/// time the system takes to wake it).
pub const MAX_NAP: Duration = Duration::from_millis(1);

// ANCHOR: try_lock_for
/// Takes the lock if this thread holds it already, or if it becomes free
/// within `timeout`; `None` if it does not. Never waits much past the
/// deadline: the last nap is cut short to end at it, and one last try follows.
pub fn try_lock_for<T>(lock: &RLock<T>, timeout: Duration) -> Option<RLockGuard<'_, T>> {
    // exercise: solution
    let deadline = std::time::Instant::now() + timeout;
    let mut nap = FIRST_NAP;
    loop {
        if let Some(guard) = lock.try_lock() {
            return Some(guard);
        }
        let now = std::time::Instant::now();
        if now >= deadline {
            return None;
        }
        std::thread::sleep(nap.min(deadline - now));
        nap = (nap * 2).min(MAX_NAP);
    }
    // exercise: starter
    // let _ = (lock, timeout, FIRST_NAP, MAX_NAP);
    // todo!("try_lock; if that fails and the deadline has not passed, nap (doubling, at most MAX_NAP) and try again")
    // exercise: end
}
// ANCHOR_END: try_lock_for

#[cfg(test)]
mod tests {
    use super::*;
    use labkit::testing::wait::{finishes_within, join_within};
    use std::sync::{Arc, mpsc};
    use std::thread;
    use std::time::Instant;

    /// How long a waiter or the holder may take past its part before the
    /// test fails instead of hanging.
    const LIMIT: Duration = Duration::from_secs(20);

    /// Runs `waiter` on a thread of its own while another thread holds
    /// `lock`. The holder lets go when `waiter` returns, or after `hold` at
    /// the latest; a waiter that has not returned `LIMIT` after that fails
    /// the test (the kit's `finishes_within`) instead of hanging it.
    fn while_held<R: Send + 'static>(
        lock: &Arc<RLock<u32>>,
        hold: Duration,
        waiter: impl FnOnce(&RLock<u32>) -> R + Send + 'static,
    ) -> R {
        let (held_tx, held_rx) = mpsc::channel();
        let (done_tx, done_rx) = mpsc::channel::<()>();
        let holder = {
            let lock = Arc::clone(lock);
            thread::spawn(move || {
                let guard = lock.lock();
                held_tx.send(()).unwrap();
                let _ = done_rx.recv_timeout(hold);
                drop(guard);
            })
        };
        held_rx.recv().unwrap();
        let mine = Arc::clone(lock);
        let result = finishes_within(hold + LIMIT, "the waiter", move || waiter(&mine));
        drop(done_tx);
        join_within(holder, LIMIT, "the holder");
        result
    }

    #[test]
    fn a_free_lock_is_taken_even_with_no_time_to_wait() {
        let lock = RLock::new(7);
        let guard = try_lock_for(&lock, Duration::ZERO).expect("the lock is free");
        assert_eq!((*guard, lock.depth()), (7, 1));
    }

    #[test]
    fn the_holder_takes_it_again_at_once() {
        let lock = RLock::new(7);
        let _outer = lock.lock();
        let inner = try_lock_for(&lock, Duration::ZERO).expect("the holder re-enters");
        assert_eq!((*inner, lock.depth()), (7, 2));
    }

    #[test]
    fn gives_up_after_the_timeout_while_another_thread_holds_it() {
        let lock = Arc::new(RLock::new(7));
        let timeout = Duration::from_millis(50);
        let (got, waited) = while_held(&lock, Duration::from_secs(3), move |lock| {
            let start = Instant::now();
            let got = try_lock_for(lock, timeout).is_some();
            (got, start.elapsed())
        });
        assert!(!got, "another thread held the lock the whole time");
        assert!(waited >= timeout, "gave up after {waited:?}, before the {timeout:?} timeout");
    }

    #[test]
    fn gets_the_lock_when_the_holder_lets_go_before_the_deadline() {
        let lock = Arc::new(RLock::new(7));
        let got = while_held(&lock, Duration::from_millis(30), |lock| {
            try_lock_for(lock, Duration::from_secs(20)).map(|guard| (*guard, lock.depth()))
        });
        assert_eq!(got, Some((7, 1)), "the holder let go after 30 ms");
        assert_eq!(lock.depth(), 0, "the guard released its level");
    }
}
