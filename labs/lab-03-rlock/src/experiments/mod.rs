//! The chapter's experiments, one module each. Each measures or
//! demonstrates, prints its table, writes its CSV and figures through the
//! kit, and records the numbers the chapter quotes.
//!
//! | module | what it shows |
//! | --- | --- |
//! | [`cost`] | nanoseconds per lock + unlock, uncontended: plain locks, first and nested acquires, against nesting depth |
//! | [`contended`] | the same with threads competing for one lock |
//! | [`timed`] | `try_lock_for`: giving up in time, and the lag polling adds |
//! | [`deadlock`] | the recursive walk: a plain lock deadlocks on itself (watchdog), the reentrant lock finishes, and Python's owner check |
//!
//! [`deadlock`] runs last: it leaves a thread blocked for good, which only
//! the end of the process ends.

pub mod contended;
pub mod cost;
pub mod deadlock;
pub mod timed;
