//! Broken on purpose: one condition for every kind of waiter.
//!
//! Why does Python's queue need three conditions on one lock? Try one. Here
//! getters, putters and joiners all sleep on `changed`, and every change
//! wakes one sleeper with `notify_one`. The sleeper woken may be of the
//! wrong kind: a getter freeing a slot wakes another getter instead of the
//! putter waiting for that slot; the getter finds nothing, sleeps again, and
//! the notification is gone. With a capacity of 1, one producer and two
//! consumers, everybody ends up asleep. `notify_all` would be correct (and
//! wake everyone on every change); three conditions are correct and wake
//! only whom the change concerns.

use super::BlockingQueue;
use crate::errors::TooManyTaskDone;
use labkit::sync::{Condvar, Mutex, MutexGuard};
use std::collections::VecDeque;

/// A bounded queue with a single condition variable and `notify_one`.
pub struct OneConditionQueue<T> {
    /// The items (oldest first) and the unfinished count.
    state: Mutex<(VecDeque<T>, usize)>,
    /// Every waiter sleeps here, whatever it waits for.
    changed: Condvar,
    /// The most items the queue may hold.
    capacity: usize,
}

impl<T> OneConditionQueue<T> {
    fn lock(&self) -> MutexGuard<'_, (VecDeque<T>, usize)> {
        self.state.lock().unwrap()
    }
}

impl<T: Send> BlockingQueue<T> for OneConditionQueue<T> {
    fn with_capacity(capacity: usize) -> Self {
        assert!(capacity > 0, "a bounded queue needs room for at least one item");
        let state = Mutex::new((VecDeque::new(), 0));
        OneConditionQueue { state, changed: Condvar::new(), capacity }
    }

    // ANCHOR: one_condition
    fn put(&self, item: T) {
        let mut state = self.lock();
        while state.0.len() == self.capacity {
            state = self.changed.wait(state).unwrap();
        }
        state.0.push_back(item);
        state.1 += 1;
        self.changed.notify_one(); // meant for a getter; may wake a putter
    }

    fn get(&self) -> T {
        let mut state = self.lock();
        while state.0.is_empty() {
            state = self.changed.wait(state).unwrap();
        }
        let item = state.0.pop_front().expect("the loop above saw an item");
        self.changed.notify_one(); // meant for a putter; may wake a getter
        item
    }
    // ANCHOR_END: one_condition

    fn task_done(&self) -> Result<(), TooManyTaskDone> {
        let mut state = self.lock();
        if state.1 == 0 {
            return Err(TooManyTaskDone);
        }
        state.1 -= 1;
        if state.1 == 0 {
            self.changed.notify_all();
        }
        Ok(())
    }

    fn join(&self) {
        let mut state = self.lock();
        while state.1 > 0 {
            state = self.changed.wait(state).unwrap();
        }
    }
}
