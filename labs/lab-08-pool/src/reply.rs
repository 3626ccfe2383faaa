//! How a result gets back to its caller, and the errors a caller can see.
//!
//! Each call (`submit`, `map`, `imap`, `imap_unordered`) makes its own
//! inbox, an unbounded queue from chapter 07. A job carries a `Reply`
//! for the tasks of its chunk and sends one batch of results through it
//! when it has run them. A task that panics becomes
//! [`TaskError::Panicked`] in its own slot; the other tasks of the chunk
//! still run. A job that is dropped without running (the pool was
//! terminated) sends [`TaskError::Cancelled`] for each of its tasks from
//! the `Reply`'s destructor, so a caller never waits for a result that
//! will not come.

use lab_07_queue::Queue;
use labkit::sync::Arc;
use std::fmt;

/// Why a task gave no result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TaskError {
    /// The task panicked, with this message; the worker lives on.
    Panicked(String),
    /// The pool was terminated before the task ran.
    Cancelled,
}

/// A task's result, or why there is none.
pub type Outcome<R> = Result<R, TaskError>;

/// Why the pool refused a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PoolError {
    /// Work was submitted after `close` or `terminate` (Python: "Pool not running").
    Closed,
    /// `join` was called before `close` or `terminate`: it would wait forever.
    NotClosed,
}

impl fmt::Display for TaskError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TaskError::Panicked(why) => write!(f, "the task panicked: {why}"),
            TaskError::Cancelled => f.write_str("the pool was terminated before the task ran"),
        }
    }
}

impl fmt::Display for PoolError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            PoolError::Closed => "the pool is closed: it takes no more work",
            PoolError::NotClosed => "join before close would wait forever: close the pool first",
        })
    }
}

impl std::error::Error for TaskError {}
impl std::error::Error for PoolError {}

/// A batch of results: `(task index, outcome)` for each task of one chunk.
pub(crate) type Batch<R> = Vec<(usize, Outcome<R>)>;

/// Where one call's results arrive.
pub(crate) type Inbox<R> = Arc<Queue<Batch<R>>>;

/// A new, empty inbox (unbounded: a worker never waits to reply).
pub(crate) fn inbox<R>() -> Inbox<R> {
    Arc::new(Queue::unbounded().spin_tries(crate::pool::SPIN_TRIES))
}

// ANCHOR: reply
/// The way back for the tasks `first..first + len` of one call. Sending
/// consumes it; dropping it unsent reports every task as cancelled.
pub(crate) struct Reply<R> {
    /// The caller's inbox.
    inbox: Inbox<R>,
    /// The index of the chunk's first task.
    first: usize,
    /// How many tasks the chunk holds.
    len: usize,
    /// Set once the batch is sent, so the destructor does nothing.
    sent: bool,
}

impl<R> Reply<R> {
    pub(crate) fn new(inbox: Inbox<R>, first: usize, len: usize) -> Reply<R> {
        Reply { inbox, first, len, sent: false }
    }

    /// Sends the chunk's results.
    pub(crate) fn send(mut self, batch: Batch<R>) {
        debug_assert_eq!(batch.len(), self.len);
        self.sent = true;
        self.inbox.put(batch);
    }
}

impl<R> Drop for Reply<R> {
    fn drop(&mut self) {
        if !self.sent {
            let cancelled =
                (self.first..self.first + self.len).map(|i| (i, Err(TaskError::Cancelled)));
            self.inbox.put(cancelled.collect());
        }
    }
}
// ANCHOR_END: reply
