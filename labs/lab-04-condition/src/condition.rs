//! A condition variable built by hand, the way the notebook's `_Condition`
//! is: a queue of one-shot signals, one per waiting thread.
//!
//! - `wait` puts a fresh [`OneShot`] at the back of the queue *while the
//!   caller still holds its mutex*, then unlocks the mutex, sleeps on the
//!   one-shot, and locks the mutex again ([`Guard::unlocked`]).
//! - `notify(n)` takes up to `n` one-shots from the front of the queue and
//!   signals them; `notify_all` takes them all.
//!
//! The queue has a small lock of its own (from `labkit::sync`, so the model
//! checkers see it). Python keeps its list under the user's lock instead,
//! which is why its `notify` raises `RuntimeError` when called without that
//! lock, and why its timed wait removes a waiter from the list while holding
//! no lock at all (the GIL makes `list.remove` atomic). A lock of the
//! condition's own lets `notify` be called with or without the user's mutex
//! (as std's `Condvar` allows), lets a timed-out waiter withdraw safely (see
//! `timed.rs`), and does not tie the condition to one kind of mutex.
//!
//! Why no wake-up is lost: a thread that changes the state the waiters test
//! does so holding the user's mutex. Either it did so before the waiter took
//! the mutex (then the waiter sees the new state and does not wait), or
//! after the waiter registered its one-shot (then `notify` finds the one-shot
//! and signals it, and a signal given before the waiter sleeps is remembered).

use crate::oneshot::OneShot;
use lab_02_lock::{Guard, RawLock};
use labkit::sync::{Arc, Mutex};
use std::collections::VecDeque;

/// A condition variable: threads wait on it until another notifies them.
pub struct Condition {
    /// The one-shots of the threads waiting now, oldest first; a notifier
    /// takes from the front, so waiters are woken in the order they came.
    waiters: Mutex<VecDeque<Arc<OneShot>>>,
}

impl Condition {
    /// A condition nobody waits on.
    pub fn new() -> Condition {
        Condition { waiters: Mutex::new(VecDeque::new()) }
    }

    // ANCHOR: wait
    /// Unlocks the guard's mutex, sleeps until notified, and locks it again.
    /// The state may have changed again by the time the mutex is back (see
    /// the chapter): call it in a loop that re-tests the state.
    pub fn wait<T, L: RawLock>(&self, guard: &mut Guard<'_, T, L>) {
        // Registered while the caller still holds its mutex: no notify that
        // follows a change of the state can miss this waiter.
        let shot = self.register();
        Guard::unlocked(guard, || shot.wait());
    }
    // ANCHOR_END: wait

    /// Waits until `done` holds: the loop every caller of [`wait`](Self::wait)
    /// writes, written once.
    pub fn wait_while<T, L: RawLock>(
        &self,
        guard: &mut Guard<'_, T, L>,
        mut keep_waiting: impl FnMut(&mut T) -> bool,
    ) {
        while keep_waiting(&mut **guard) {
            self.wait(guard);
        }
    }

    // ANCHOR: notify
    /// Wakes up to `n` waiters, oldest first; returns how many it woke.
    pub fn notify(&self, n: usize) -> usize {
        let woken: Vec<Arc<OneShot>> = {
            let mut waiters = self.waiters.lock().unwrap();
            let n = n.min(waiters.len());
            waiters.drain(..n).collect()
        };
        // Signalled after the queue's lock is released, so a woken thread
        // never runs into it.
        for shot in &woken {
            shot.signal();
        }
        woken.len()
    }

    /// Wakes the oldest waiter, if any; returns whether there was one.
    pub fn notify_one(&self) -> bool {
        let shot = self.waiters.lock().unwrap().pop_front();
        shot.map(|shot| shot.signal()).is_some()
    }

    /// Wakes every waiter; returns how many.
    pub fn notify_all(&self) -> usize {
        let woken = std::mem::take(&mut *self.waiters.lock().unwrap());
        for shot in &woken {
            shot.signal();
        }
        woken.len()
    }
    // ANCHOR_END: notify

    /// The first step of a wait: a fresh one-shot at the back of the queue.
    /// Public so that the model checks can drive a wait step by step.
    pub fn register(&self) -> Arc<OneShot> {
        let shot = Arc::new(OneShot::new());
        self.waiters.lock().unwrap().push_back(Arc::clone(&shot));
        shot
    }

    // ANCHOR: withdraw
    /// Takes a waiter that gives up (a timed wait whose time ran out) off
    /// the queue. Returns `true` if it was still there, so nobody notified
    /// it; `false` if a notifier already took it, in which case the signal
    /// is given or about to be, and the waiter must count itself notified:
    /// the notifier counted it as woken and woke nobody else.
    pub fn withdraw(&self, shot: &Arc<OneShot>) -> bool {
        let mut waiters = self.waiters.lock().unwrap();
        match waiters.iter().position(|w| Arc::ptr_eq(w, shot)) {
            Some(at) => {
                waiters.remove(at);
                true
            }
            None => false,
        }
    }
    // ANCHOR_END: withdraw

    /// How many threads wait now (a snapshot: it may change at once).
    pub fn waiting(&self) -> usize {
        self.waiters.lock().unwrap().len()
    }
}

impl Default for Condition {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(all(test, not(any(feature = "loom", feature = "shuttle"))))]
mod tests {
    use super::*;
    use lab_02_lock::Mutex as DataMutex;
    use std::time::Duration;

    #[test]
    fn notify_with_nobody_waiting_is_a_no_op() {
        let cond = Condition::new();
        assert_eq!(cond.notify(3), 0);
        assert!(!cond.notify_one());
        assert_eq!(cond.notify_all(), 0);
    }

    #[test]
    fn a_waiter_sees_the_change_it_was_notified_of() {
        let state: DataMutex<bool> = DataMutex::new(false);
        let cond = Condition::new();
        std::thread::scope(|s| {
            s.spawn(|| {
                let mut ready = state.lock();
                cond.wait_while(&mut ready, |ready| !*ready);
                assert!(*ready);
            });
            std::thread::sleep(Duration::from_millis(10));
            *state.lock() = true;
            cond.notify_all();
        });
    }

    #[test]
    fn notify_wakes_the_oldest_waiters_first() {
        let cond = Condition::new();
        let shots: Vec<_> = (0..4).map(|_| cond.register()).collect();
        assert_eq!(cond.notify(2), 2);
        let given: Vec<bool> = shots.iter().map(|s| s.is_signalled()).collect();
        assert_eq!(given, [true, true, false, false]);
        assert_eq!(cond.waiting(), 2);
        assert!(cond.withdraw(&shots[3]), "still queued");
        assert!(!cond.withdraw(&shots[0]), "already taken by notify");
        assert_eq!(cond.notify_all(), 1);
    }
}
