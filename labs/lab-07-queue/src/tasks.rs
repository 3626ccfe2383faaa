//! `task_done` and `join`: waiting until every item put has been processed.
//!
//! Each `put` counts one unfinished task; each `task_done` counts one down;
//! `join` sleeps until the count is 0. Python's consumer must call
//! `task_done()` once per `get()`, by hand. Two mistakes follow from that:
//! calling it too often (Python raises `ValueError`; here it is an error
//! value, [`TooManyTaskDone`]), and not calling it at all, typically because
//! the work raised an exception: then the count never reaches 0 and `join`
//! waits forever (the lab shows it under a watchdog).
//!
//! [`Queue::get_task`] removes both mistakes the Rust way: it returns a
//! [`Task`], a guard that owns the item and calls `task_done` when it is
//! dropped, once, whether the work finished or panicked.

use crate::errors::TooManyTaskDone;
use crate::queue::Queue;
use crate::store::Store;
use std::ops::{Deref, DerefMut};

impl<T, S: Store<T>> Queue<T, S> {
    // ANCHOR: task_done
    /// Marks one task as done; wakes every `join` when none is left.
    pub fn task_done(&self) -> Result<(), TooManyTaskDone> {
        let mut state = self.lock();
        if state.unfinished == 0 {
            return Err(TooManyTaskDone);
        }
        state.unfinished -= 1;
        let wake = state.unfinished == 0 && state.sleeping_joiners > 0;
        drop(state);
        if wake {
            // notify_all: every joiner waits for the same thing, and all
            // of them may now return.
            self.all_tasks_done.notify_all();
        }
        Ok(())
    }

    /// Waits until every item put so far has been marked done.
    pub fn join(&self) {
        let mut state = self.lock();
        while state.unfinished > 0 {
            state = self.sleep(&self.all_tasks_done, state, |s| &mut s.sleeping_joiners, None);
        }
    }
    // ANCHOR_END: task_done

    /// Tasks put and not yet marked done, at this instant.
    pub fn unfinished(&self) -> usize {
        self.lock().unfinished
    }

    /// Takes the next item like [`Queue::get`], wrapped in a [`Task`] that
    /// marks it done when dropped.
    pub fn get_task(&self) -> Task<'_, T, S> {
        Task { queue: self, item: self.get() }
    }
}

// ANCHOR: task
/// An item taken from a queue, still to be processed. Dropping it (at the
/// end of the consumer's loop body, or while unwinding from a panic) marks
/// the task done. Read and change the item through `*task`.
pub struct Task<'q, T, S: Store<T>> {
    /// The queue whose unfinished count this task holds one unit of.
    queue: &'q Queue<T, S>,
    /// The item itself.
    item: T,
}

impl<T, S: Store<T>> Drop for Task<'_, T, S> {
    fn drop(&mut self) {
        // Cannot fail: this task's `put` counted one unfinished task, and
        // only this guard counts it down (unless the program also called
        // `task_done` by hand for it, and then the count is already right).
        let _ = self.queue.task_done();
    }
}
// ANCHOR_END: task

impl<T, S: Store<T>> Deref for Task<'_, T, S> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.item
    }
}

impl<T, S: Store<T>> DerefMut for Task<'_, T, S> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.item
    }
}
