//! Broken on purpose: `if` where the wait needs `while`.
//!
//! A woken thread is not handed the item: it is only told to look again,
//! and between the notification and the moment it gets the lock back,
//! another getter that was not asleep at all can take the lock first and
//! the item with it (a condition variable may also wake a thread for no
//! reason at all). A getter that checks its condition with `if`, once, then
//! pops from an empty queue. Apart from that `if`, this is
//! [`super::minimal`]'s code.

use super::BlockingQueue;
use crate::errors::TooManyTaskDone;
use labkit::sync::{Condvar, Mutex, MutexGuard};
use std::collections::VecDeque;

/// The message a getter dies with when it finds the queue empty.
pub const EMPTY_AFTER_WAKE: &str = "woken, but the queue is empty: another getter took the item";

/// A bounded queue whose getters wait with `if` instead of `while`.
pub struct IfNotWhileQueue<T> {
    /// The items (oldest first) and the unfinished count.
    state: Mutex<(VecDeque<T>, usize)>,
    /// `get` sleeps here while the queue is empty.
    not_empty: Condvar,
    /// `put` sleeps here while the queue is full.
    not_full: Condvar,
    /// `join` sleeps here while tasks are unfinished.
    all_tasks_done: Condvar,
    /// The most items the queue may hold.
    capacity: usize,
}

impl<T> IfNotWhileQueue<T> {
    fn lock(&self) -> MutexGuard<'_, (VecDeque<T>, usize)> {
        self.state.lock().unwrap()
    }
}

impl<T: Send> BlockingQueue<T> for IfNotWhileQueue<T> {
    fn with_capacity(capacity: usize) -> Self {
        assert!(capacity > 0, "a bounded queue needs room for at least one item");
        IfNotWhileQueue {
            state: Mutex::new((VecDeque::new(), 0)),
            not_empty: Condvar::new(),
            not_full: Condvar::new(),
            all_tasks_done: Condvar::new(),
            capacity,
        }
    }

    fn put(&self, item: T) {
        let mut state = self.lock();
        while state.0.len() == self.capacity {
            state = self.not_full.wait(state).unwrap();
        }
        state.0.push_back(item);
        state.1 += 1;
        self.not_empty.notify_one();
    }

    // ANCHOR: if_not_while
    fn get(&self) -> T {
        let mut state = self.lock();
        if state.0.is_empty() {
            // Looks once: whatever happens before this thread runs again is missed.
            state = self.not_empty.wait(state).unwrap();
        }
        let item = state.0.pop_front().expect(EMPTY_AFTER_WAKE);
        self.not_full.notify_one();
        item
    }
    // ANCHOR_END: if_not_while

    fn task_done(&self) -> Result<(), TooManyTaskDone> {
        let mut state = self.lock();
        if state.1 == 0 {
            return Err(TooManyTaskDone);
        }
        state.1 -= 1;
        if state.1 == 0 {
            self.all_tasks_done.notify_all();
        }
        Ok(())
    }

    fn join(&self) {
        let mut state = self.lock();
        while state.1 > 0 {
            state = self.all_tasks_done.wait(state).unwrap();
        }
    }
}
