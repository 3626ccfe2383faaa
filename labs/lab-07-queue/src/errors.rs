//! Why an operation that does not wait, or waits only so long, failed.
//!
//! Python raises `queue.Full` and `queue.Empty`. Here they are values, and
//! `Full` hands the item back: a `put` that fails must not destroy what the
//! caller wanted to put. There is no "disconnected" case as in Rust's
//! channels: like Python's, this queue does not know who still holds it.

use std::fmt;

/// The queue stayed full; the item comes back to the caller.
#[derive(Debug, PartialEq, Eq)]
pub struct Full<T>(pub T);

/// The queue stayed empty.
#[derive(Debug, PartialEq, Eq, Clone, Copy)]
pub struct Empty;

/// `task_done` was called more times than items were put (Python's
/// `ValueError('task_done() called too many times')`).
#[derive(Debug, PartialEq, Eq, Clone, Copy)]
pub struct TooManyTaskDone;

impl<T> fmt::Display for Full<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the queue is full")
    }
}

impl fmt::Display for Empty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the queue is empty")
    }
}

impl fmt::Display for TooManyTaskDone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("task_done called more times than items were put")
    }
}

impl<T: fmt::Debug> std::error::Error for Full<T> {}
impl std::error::Error for Empty {}
impl std::error::Error for TooManyTaskDone {}
