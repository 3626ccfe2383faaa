//! Lab 03: a reentrant lock built from a plain lock, the id of the thread
//! that holds it and a count; a plain lock's self-deadlock caught by a
//! watchdog; what reentrancy costs.
//!
//! | module | what it holds |
//! | --- | --- |
//! | [`owner`] | a number for each thread, never 0 and never reused: how a lock recognises its holder |
//! | [`rlock`] | [`RLock`]: chapter 02's futex lock + owner + count, and its `!Send` guard |
//! | [`python`] | the notebook's `_RLock` translated, with Python's run-time owner check (exercise `03-checked-release`) |
//! | [`timeout`] | taking an [`RLock`] with a time limit (exercise `03-try-lock-for`) |
//! | [`catalog`] | a recursive walk that locks again at every level: what needs reentrancy |
//! | [`experiments`] | the cost of reentrancy, a timed acquire, and the self-deadlock under a watchdog |
//!
//! `src/main.rs` parses the options and runs the experiments in turn.

// The exercise modules name this crate `lab_03_rlock`, as a student's
// standalone copy of them must; this line makes that name work inside the
// lab too.
extern crate self as lab_03_rlock;

pub mod catalog;
pub mod owner;
pub mod rlock;
pub use rlock::{RLock, RLockGuard};

// The exercise modules keep their tests under a plain `#[cfg(test)]` (a
// student's copy has no loom or shuttle features to name). Those tests need
// real threads, so the unit-test build with loom or shuttle leaves these
// modules out, and the experiments that use them; the model checks in
// tests/ link the full library.
#[cfg(not(all(test, any(feature = "loom", feature = "shuttle"))))]
pub mod experiments;
#[cfg(not(all(test, any(feature = "loom", feature = "shuttle"))))]
pub mod python;
#[cfg(not(all(test, any(feature = "loom", feature = "shuttle"))))]
pub mod timeout;
#[cfg(not(all(test, any(feature = "loom", feature = "shuttle"))))]
pub use python::PyRLock;
