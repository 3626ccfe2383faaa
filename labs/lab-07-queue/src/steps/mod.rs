//! The queue built in steps, and the common face the tests use.
//!
//! | step | file | what it shows |
//! | --- | --- | --- |
//! | broken: one condition | `one_condition.rs` | getters and putters share one condition and `notify_one` wakes the wrong kind: a deadlock |
//! | broken: `if`, not `while` | `if_not_while.rs` | a woken getter does not look again and finds the queue empty |
//! | minimal | `minimal.rs` | the notebook's design, ported line for line: correct, and it notifies on every operation |
//! | fast | `crate::queue` | the same, notifying only when someone sleeps, plus timeouts, tasks and stores |
//!
//! [`BlockingQueue`] is what the four have in common, so that one stress
//! test and one model check can run against each of them.

pub mod if_not_while;
pub mod minimal;
pub mod one_condition;

use crate::errors::TooManyTaskDone;
use crate::queue::Queue;

/// A bounded blocking queue with Python's task counting.
pub trait BlockingQueue<T>: Sync {
    /// An empty queue holding at most `capacity` items (at least 1).
    fn with_capacity(capacity: usize) -> Self
    where
        Self: Sized;
    /// Puts an item, waiting while the queue is full.
    fn put(&self, item: T);
    /// Takes an item, waiting while the queue is empty.
    fn get(&self) -> T;
    /// Marks one task done.
    fn task_done(&self) -> Result<(), TooManyTaskDone>;
    /// Waits until every task put has been marked done.
    fn join(&self);
}

impl<T: Send> BlockingQueue<T> for Queue<T> {
    fn with_capacity(capacity: usize) -> Self {
        Queue::bounded(capacity)
    }
    fn put(&self, item: T) {
        Queue::put(self, item)
    }
    fn get(&self) -> T {
        Queue::get(self)
    }
    fn task_done(&self) -> Result<(), TooManyTaskDone> {
        Queue::task_done(self)
    }
    fn join(&self) {
        Queue::join(self)
    }
}
