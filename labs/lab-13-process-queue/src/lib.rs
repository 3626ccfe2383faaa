//! Lab 13: a queue between processes, built the way Python's
//! `multiprocessing.Queue` is, on chapter 12's frames and chapter 07's queue.
//!
//! | module | what it holds |
//! | --- | --- |
//! | [`queue`] | [`ProcessQueue`] and its [`Sender`]: a pipe, frames, a feeder thread, the producers' lock |
//! | [`shared_lock`] | chapter 02's futex lock on a word shared between processes (exercise `13-shared-unlock`) |
//! | [`payload`] | [`Payload`]: bytes serde writes as one block |
//! | [`reorder`] | results back in start order (exercise `13-in-start-order`) |
//! | [`experiments`] | completion order, cost per message, break-even task size, pitfalls |
//!
//! `src/main.rs` parses the options and runs the experiments in turn.

pub mod experiments;
pub mod payload;
pub mod queue;
pub mod reorder;
pub mod shared_lock;

pub use payload::Payload;
pub use queue::{ProcessQueue, Sender};
