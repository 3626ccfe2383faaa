//! Lab 06: an event built by hand, a graceful shutdown with it, and the
//! wake-ups the notebook's `set(); clear()` loses.
//!
//! The event is built in three steps, each a file:
//!
//! | module | what it holds |
//! | --- | --- |
//! | [`state_event`] | step 1: a flag and a condition variable, the textbook way; loses a pulse even on a waiting thread |
//! | [`event`] | step 2: Python's semantics, with a generation; a lock-free `is_set` (exercise `06-wait-timeout`) |
//! | [`signal`] | step 3: a counting signal, the fix for missed wake-ups (exercise `06-generation`) |
//! | [`service`] | the notebook's `SHOULD_EXIT`: workers and a heartbeat sharing one lock, stopped by one event |
//! | [`rounds`] | the notebook's producer and consumer, with every signal counted |
//! | [`handoff`] | the four ways that producer can signal, and what the two events share |
//! | [`experiments`] | shutdown time, a shutdown timeline, missed wake-ups per 1,000 rounds |
//!
//! `src/main.rs` parses the options and runs the experiments in turn. The
//! primitives take their `Mutex`, `Condvar` and atomics from
//! `labkit::sync`, so `tests/loom_*.rs` and `tests/shuttle_*.rs` can check
//! them under a model checker.

pub mod event;
pub mod experiments;
pub mod handoff;
pub mod rounds;
pub mod service;
pub mod signal;
pub mod state_event;
