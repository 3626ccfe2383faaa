//! A lock several processes share: chapter 02's futex lock on a word in a
//! shared page, with the futex calls that reach across processes.
//!
//! The word has three states, as in chapter 02:
//!
//! - `UNLOCKED` (0): free.
//! - `LOCKED` (1): held, nobody asleep on it: `unlock` needs no system call.
//! - `CONTENDED` (2): held, and someone may sleep on it: `unlock` must wake one.
//!
//! The only change from chapter 02 is the futex calls: chapter 02's go
//! through `atomic-wait`, which makes them process-private, and a private
//! wake never reaches a sleeper in another process (chapter 12 shows it).
//! These use `lab_12_pipe::shared_futex`, without the private flag.
//! Python's `multiprocessing.Lock` is a POSIX semaphore in shared memory
//! for the same reason.
//!
//! This file is exercise `13-shared-unlock`.

use lab_12_pipe::shared_futex::{wait, wake};
use std::sync::atomic::AtomicU32;
use std::sync::atomic::Ordering::{Acquire, Relaxed, Release};

/// Free.
pub const UNLOCKED: u32 = 0;
/// Held; nobody sleeps on it.
pub const LOCKED: u32 = 1;
/// Held; somebody may sleep on it and must be woken.
pub const CONTENDED: u32 = 2;

// ANCHOR: lock
/// Takes the lock whose state is `word` (which may live in a page shared
/// with other processes): one compare-exchange when it is free; otherwise
/// marks it contended and sleeps until it is free.
pub fn lock(word: &AtomicU32) {
    if word.compare_exchange(UNLOCKED, LOCKED, Acquire, Relaxed).is_err() {
        while word.swap(CONTENDED, Acquire) != UNLOCKED {
            wait(word, CONTENDED, None, false);
        }
    }
}

/// Releases the lock (only its holder may call this): makes the word
/// `UNLOCKED`, publishing the critical section's writes, and wakes one
/// sleeper if the word said someone might be asleep.
pub fn unlock(word: &AtomicU32) {
    // exercise: solution
    if word.swap(UNLOCKED, Release) == CONTENDED {
        wake(word, 1, false);
    }
    // exercise: starter
    // let _ = (Release, wake as fn(&AtomicU32, i32, bool) -> i64);
    // todo!("swap the word to UNLOCKED (Release); if it was CONTENDED, wake one sleeper (shared, not private)")
    // exercise: end
}
// ANCHOR_END: lock

/// Holds the lock until dropped.
pub struct Guard<'a> {
    /// The lock's word.
    word: &'a AtomicU32,
}

/// Takes the lock and returns a guard that releases it.
pub fn locked(word: &AtomicU32) -> Guard<'_> {
    lock(word);
    Guard { word }
}

impl Drop for Guard<'_> {
    fn drop(&mut self) {
        unlock(self.word);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use labkit::testing::wait::{Pending, join_within};
    use std::sync::Arc;
    use std::sync::atomic::AtomicU64;
    use std::time::Duration;

    #[test]
    fn an_uncontended_unlock_frees_the_lock() {
        let word = AtomicU32::new(UNLOCKED);
        lock(&word);
        assert_eq!(word.load(Relaxed), LOCKED);
        unlock(&word);
        assert_eq!(word.load(Relaxed), UNLOCKED);
        lock(&word);
        unlock(&word);
    }

    #[test]
    fn unlock_wakes_a_sleeping_waiter() {
        let word = Arc::new(AtomicU32::new(UNLOCKED));
        lock(&word);
        let w = Arc::clone(&word);
        let waiter = Pending::spawn(move || {
            lock(&w);
            unlock(&w);
        });
        // Wait until the waiter has marked the word contended (it is then asleep or about to be).
        while word.load(Relaxed) != CONTENDED {
            std::thread::yield_now();
        }
        std::thread::sleep(Duration::from_millis(50));
        unlock(&word);
        waiter.finish_within(
            Duration::from_secs(5),
            "the waiter was never woken: did unlock wake a sleeper when the word was CONTENDED?",
        );
        assert_eq!(word.load(Relaxed), UNLOCKED, "the last unlock leaves the word UNLOCKED");
    }

    #[test]
    fn no_increment_is_lost_under_contention() {
        let word = Arc::new(AtomicU32::new(UNLOCKED));
        let count = Arc::new(AtomicU64::new(0));
        let threads: Vec<_> = (0..4)
            .map(|_| {
                let (word, count) = (Arc::clone(&word), Arc::clone(&count));
                std::thread::spawn(move || {
                    for _ in 0..20_000 {
                        let _g = locked(&word);
                        // A read-modify-write in two steps: safe only under the lock.
                        let v = count.load(Relaxed);
                        count.store(v + 1, Relaxed);
                    }
                })
            })
            .collect();
        for t in threads {
            join_within(
                t,
                Duration::from_secs(30),
                "the threads never finished: a waiter was not woken",
            );
        }
        assert_eq!(count.load(Relaxed), 80_000);
    }
}
