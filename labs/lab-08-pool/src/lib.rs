//! Lab 08: a thread pool built by hand on chapter 07's queue, with the
//! notebook's poison pills and a channel's close, Python's `map`,
//! `imap_unordered` and `chunksize`, `close` / `join` / `terminate`, and a
//! task's panic handed back to its caller; measured against a thread per
//! task, rayon and crossbeam's scoped threads.
//!
//! | module | what it holds |
//! | --- | --- |
//! | [`worker`] | [`Message`] and the worker's loop (exercise `08-worker-loop`) |
//! | [`pool`] | [`Pool`]: the workers, the queue, `close`, `terminate`, `join`, drop |
//! | [`map`] | `submit`, `map`, `imap`, `imap_unordered`, chunks; [`Pending`], [`Ordered`], [`Unordered`] |
//! | [`reply`] | the way results come back; [`TaskError`], [`PoolError`] |
//! | [`reorder`] | [`Reorder`]: results put back in input order (exercise `08-reorder`) |
//! | [`rivals`] | the same batch of tasks run by every rival, by name |
//! | [`experiments`] | overhead, order, chunk size, URLs, rayon blocked, Python, shutdown |
//!
//! `src/main.rs` parses the options and runs the experiments in turn.

pub mod experiments;
pub mod map;
pub mod pool;
pub mod reorder;
pub mod reply;
pub mod rivals;
pub mod worker;

pub use map::{Ordered, Pending, Unordered};
pub use pool::{Done, Pool, Shutdown};
pub use reorder::Reorder;
pub use reply::{Outcome, PoolError, TaskError};
pub use worker::Message;
