//! Lab 07: a bounded blocking queue built from one mutex and three
//! conditions, with Python's `task_done` / `join`, measured against std's
//! and crossbeam's channels.
//!
//! | module | what it holds |
//! | --- | --- |
//! | [`queue`] | [`Queue`]: the state, `put`, `get` |
//! | [`waiting`] | taking the lock, spinning awake, sleeping on a condition; the [`waiting::Counters`] |
//! | [`nonblocking`] | `try_put`, `try_get`, `put_timeout`, `get_timeout` |
//! | [`deadline`] | the deadline loop of the timed operations (exercise `07-timed-wait`) |
//! | [`tasks`] | `task_done`, `join`, and the [`Task`] guard that calls `task_done` on drop |
//! | [`backoff`] | [`backoff::Backoff`]: waiting awake, a little longer each time |
//! | [`errors`] | [`Full`], [`Empty`], [`TooManyTaskDone`] |
//! | [`store`] | the [`Store`] hook (Python's `_put` / `_get`): [`Fifo`], [`Lifo`] |
//! | [`priority`] | a priority store (exercise `07-priority`) |
//! | [`steps`] | the queue in steps: two broken versions, the minimal port |
//! | [`rivals`] | the queues raced: this chapter's, std's and crossbeam's, by name |
//! | [`ends`] | their sending and receiving ends behind one face |
//! | [`pipeline`] | the workloads: a stream of items, a ping-pong |
//! | [`experiments`] | throughput, latency, timeouts, the broken steps, a panicking worker |
//!
//! `src/main.rs` parses the options and runs the experiments in turn.

pub mod backoff;
pub mod deadline;
pub mod ends;
pub mod errors;
pub mod experiments;
pub mod nonblocking;
pub mod pipeline;
pub mod priority;
pub mod queue;
pub mod rivals;
pub mod steps;
pub mod store;
pub mod tasks;
pub mod waiting;

pub use errors::{Empty, Full, TooManyTaskDone};
pub use priority::Priority;
pub use queue::Queue;
pub use store::{Fifo, Lifo, Store};
pub use tasks::Task;
pub use waiting::Counters;
