//! Chapter 02: why locks, and how a lock is built.
//!
//! - [`raw`]: the `RawLock` trait every lock here implements.
//! - [`futex_lock`]: a lock on a futex with three states.
//! - [`mutex`]: data behind any raw lock, reached through a guard.

pub mod futex_lock;
pub mod mutex;
pub mod raw;

pub use futex_lock::FutexLock;
pub use mutex::{Guard, Mutex};
pub use raw::RawLock;
