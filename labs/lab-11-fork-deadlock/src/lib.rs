//! Chapter 11: when `fork` meets threads.
//!
//! A background thread logs in a loop through a sink guarded by a lock; the
//! main thread forks children that log once. A child forked while the
//! thread held the lock gets a copy of the lock that stays held for ever.
//!
//! | module | what it holds |
//! | --- | --- |
//! | [`sink`] | the log file and the lock that keeps records whole (chapter 02's futex lock) |
//! | [`logger`] | the background thread, holding the lock for a chosen share of its time |
//! | [`start`] | the ways to start a child that logs: plain `fork` and the fixes |
//! | [`batch`] | many children started one way, a deadline, each stuck child diagnosed, killed, reaped |
//! | [`around_fork`] | take the lock before `fork`, release it on both sides (exercise `11-atfork`) |
//! | [`atfork`] | those three registered with `pthread_atfork` |
//! | [`line`](mod@line) | a log line built without allocating, for the child (exercise `11-signal-safe-line`) |
//! | [`child_mode`] | the lab's binary as a fresh child: `--log-once`, `--spawned` |
//! | [`experiments`] | the hang share against the duty cycle, the fixes, Python's program |
//!
//! Linux only: children are read from `/proc`, and the sink's lock is a futex.

// The exercise files name this crate's dependencies, not `crate::`, so that
// each compiles alone as a student's crate.

pub mod around_fork;
pub mod atfork;
pub mod batch;
pub mod child_mode;
pub mod experiments;
pub mod line;
pub mod logger;
pub mod sink;
pub mod start;
