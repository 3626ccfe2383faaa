//! Step 1: the notebook's queue, ported line for line.
//!
//! One mutex around the items and the unfinished count; three conditions
//! on it; every `put` notifies `not_empty`, every `get` notifies
//! `not_full`, always, with the lock held, as Python requires. It is
//! correct, and it is the baseline that shows what [`crate::Queue`]'s
//! sleeper counts save: with std's `Condvar`, a notification costs a system
//! call even when nobody sleeps.

use super::BlockingQueue;
use crate::errors::TooManyTaskDone;
use labkit::sync::{Condvar, Mutex, MutexGuard};
use std::collections::VecDeque;

// ANCHOR: minimal
/// The direct port of Python's `Queue.Queue` (bounded, FIFO).
pub struct MinimalQueue<T> {
    /// Everything that changes, behind the one lock.
    state: Mutex<MinimalState<T>>,
    /// `get` sleeps here while the queue is empty.
    not_empty: Condvar,
    /// `put` sleeps here while the queue is full.
    not_full: Condvar,
    /// `join` sleeps here while tasks are unfinished.
    all_tasks_done: Condvar,
    /// The most items the queue may hold (Python's `maxsize`).
    capacity: usize,
}

/// What the lock protects.
struct MinimalState<T> {
    /// The items, oldest first.
    items: VecDeque<T>,
    /// Items put and not yet marked done; `join` waits for 0.
    unfinished: usize,
}

impl<T> MinimalQueue<T> {
    /// Puts an item, waiting while the queue is full.
    pub fn put(&self, item: T) {
        let mut state = self.lock();
        while state.items.len() == self.capacity {
            state = self.not_full.wait(state).unwrap();
        }
        state.items.push_back(item);
        state.unfinished += 1;
        self.not_empty.notify_one();
    }

    /// Takes an item, waiting while the queue is empty.
    pub fn get(&self) -> T {
        let mut state = self.lock();
        while state.items.is_empty() {
            state = self.not_empty.wait(state).unwrap();
        }
        let item = state.items.pop_front().expect("the loop above saw an item");
        self.not_full.notify_one();
        item
    }
    // ANCHOR_END: minimal

    /// Marks one task done; the last one wakes every joiner.
    pub fn task_done(&self) -> Result<(), TooManyTaskDone> {
        let mut state = self.lock();
        if state.unfinished == 0 {
            return Err(TooManyTaskDone);
        }
        state.unfinished -= 1;
        if state.unfinished == 0 {
            self.all_tasks_done.notify_all();
        }
        Ok(())
    }

    /// Waits until every task put has been marked done.
    pub fn join(&self) {
        let mut state = self.lock();
        while state.unfinished > 0 {
            state = self.all_tasks_done.wait(state).unwrap();
        }
    }

    fn lock(&self) -> MutexGuard<'_, MinimalState<T>> {
        self.state.lock().unwrap()
    }
}

impl<T: Send> BlockingQueue<T> for MinimalQueue<T> {
    fn with_capacity(capacity: usize) -> Self {
        assert!(capacity > 0, "a bounded queue needs room for at least one item");
        MinimalQueue {
            state: Mutex::new(MinimalState { items: VecDeque::new(), unfinished: 0 }),
            not_empty: Condvar::new(),
            not_full: Condvar::new(),
            all_tasks_done: Condvar::new(),
            capacity,
        }
    }
    fn put(&self, item: T) {
        MinimalQueue::put(self, item)
    }
    fn get(&self) -> T {
        MinimalQueue::get(self)
    }
    fn task_done(&self) -> Result<(), TooManyTaskDone> {
        MinimalQueue::task_done(self)
    }
    fn join(&self) {
        MinimalQueue::join(self)
    }
}
