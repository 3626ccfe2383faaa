//! Python's `BoundedSemaphore`: a semaphore that refuses to be released
//! more often than it was acquired. This module is exercise `05-bounded`.
//!
//! Python's plain `Semaphore` (the notebook's `_Semaphore`) lets
//! `release()` push the count past its starting value, so a stray extra
//! release silently lets one more thread in from then on. `BoundedSemaphore`
//! raises `ValueError: Semaphore released too many times` instead. Here the
//! same API, Python-style (`acquire()` and `release()` are separate calls,
//! no guard), with the error as a value: [`ReleasedTooOften`].
//!
//! Layout: the error; the semaphore (a count, a limit, a condition); its
//! tests.

use labkit::sync::{Condvar, Mutex, MutexGuard};
use std::fmt;
use std::sync::PoisonError;

/// The error of a release that would push the count past the limit:
/// Python's `ValueError("Semaphore released too many times")`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReleasedTooOften {
    /// The semaphore's limit, which the count would have passed.
    pub limit: usize,
}

impl fmt::Display for ReleasedTooOften {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "semaphore released too many times (limit {})", self.limit)
    }
}

impl std::error::Error for ReleasedTooOften {}

/// A counting semaphore whose count never exceeds its starting value.
pub struct BoundedSemaphore {
    /// Free permits, from 0 (an acquirer must wait) to `limit` (nobody holds one).
    value: Mutex<usize>,
    /// Where acquirers sleep while `value` is 0.
    changed: Condvar,
    /// The starting value, and the most `value` may ever be.
    limit: usize,
}

impl BoundedSemaphore {
    /// A semaphore with `limit` permits, all free.
    pub fn new(limit: usize) -> BoundedSemaphore {
        BoundedSemaphore { value: Mutex::new(limit), changed: Condvar::new(), limit }
    }

    /// Takes a permit, sleeping while none is free.
    pub fn acquire(&self) {
        // exercise: solution
        let mut value = self.lock();
        while *value == 0 {
            value = self.changed.wait(value).unwrap_or_else(PoisonError::into_inner);
        }
        *value -= 1;
        // exercise: starter
        // todo!("lock the count; while it is 0, wait on the condition; then take one")
        // exercise: end
    }

    /// Takes a permit if one is free right now.
    pub fn try_acquire(&self) -> bool {
        let mut value = self.lock();
        if *value == 0 {
            return false;
        }
        *value -= 1;
        true
    }

    /// Gives a permit back and wakes a sleeper; an error, and no change,
    /// if every permit is already free.
    pub fn release(&self) -> Result<(), ReleasedTooOften> {
        // exercise: solution
        let mut value = self.lock();
        if *value == self.limit {
            return Err(ReleasedTooOften { limit: self.limit });
        }
        *value += 1;
        self.changed.notify_one();
        Ok(())
        // exercise: starter
        // todo!("refuse a release that would pass the limit; otherwise add one and notify")
        // exercise: end
    }

    /// The free permits right now.
    pub fn value(&self) -> usize {
        *self.lock()
    }

    /// The count's lock (nothing under it panics, so poisoning is ignored).
    fn lock(&self) -> MutexGuard<'_, usize> {
        self.value.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(all(test, not(any(feature = "loom", feature = "shuttle"))))]
mod tests {
    use super::*;
    use labkit::testing::{Pending, finishes_within};
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    #[test]
    fn acquire_takes_a_permit_and_release_gives_it_back() {
        let s = BoundedSemaphore::new(2);
        s.acquire();
        assert_eq!(s.value(), 1);
        s.acquire();
        assert_eq!(s.value(), 0);
        assert!(!s.try_acquire(), "no permit is left");
        assert_eq!(s.release(), Ok(()));
        assert_eq!(s.value(), 1);
    }

    #[test]
    fn a_release_too_many_is_an_error_and_changes_nothing() {
        let s = BoundedSemaphore::new(2);
        s.acquire();
        assert_eq!(s.release(), Ok(()));
        assert_eq!(s.release(), Err(ReleasedTooOften { limit: 2 }));
        assert_eq!(s.value(), 2, "a refused release must leave the count alone");
    }

    #[test]
    fn a_release_wakes_a_sleeping_acquirer() {
        let s = Arc::new(BoundedSemaphore::new(1));
        s.acquire();
        let waiter = {
            let s = Arc::clone(&s);
            Pending::spawn(move || s.acquire())
                .still_blocked_after(Duration::from_millis(20), "acquire with no permit left")
        };
        s.release().unwrap();
        waiter.finish_within(
            Duration::from_secs(10),
            "the sleeper after a release (does it notify?)",
        );
        assert_eq!(s.value(), 0);
    }

    #[test]
    fn many_threads_never_hold_more_than_the_limit() {
        let (limit, threads, rounds) = (3, 6, 2_000);
        let s = Arc::new(BoundedSemaphore::new(limit));
        let most = Arc::new(AtomicUsize::new(0));
        let (s2, most2) = (Arc::clone(&s), Arc::clone(&most));
        finishes_within(
            Duration::from_secs(20),
            "six threads (is a sleeper never woken?)",
            move || {
                let inside = AtomicUsize::new(0);
                std::thread::scope(|scope| {
                    for _ in 0..threads {
                        scope.spawn(|| {
                            for _ in 0..rounds {
                                s2.acquire();
                                let now = inside.fetch_add(1, Ordering::SeqCst) + 1;
                                most2.fetch_max(now, Ordering::SeqCst);
                                inside.fetch_sub(1, Ordering::SeqCst);
                                s2.release().expect("a release after an acquire is never too many");
                            }
                        });
                    }
                });
            },
        );
        assert!(most.load(Ordering::SeqCst) <= limit, "more holders than permits");
        assert_eq!(s.value(), limit);
    }
}
