//! Lab 04: condition variables. A condition built by hand the way the
//! notebook's `_Condition` is, producers and consumers on it, and the
//! notebook's polling timed wait measured against a blocking one.
//!
//! | module | what it holds |
//! | --- | --- |
//! | [`oneshot`] | the per-waiter signal, on a futex (Python: a lock acquired twice) |
//! | [`condition`] | the condition: a queue of one-shots; `wait`, `notify(n)`, `notify_all` |
//! | [`timed`] | the notebook's timed wait: poll, sleep 1, 2, 4 ... 50 ms, poll again |
//! | [`mistakes`] | registering after unlocking: the lost wake-up |
//! | [`monitor`] | a mutex and a condition as one thing: std's, the hand-built one, the timed ones |
//! | [`prodcon`] | producers and consumers on a queue; `while` or `if`; notify one or all |
//! | [`wakeup`] | wake-up latency of a notified waiter; the cost of waiting idle |
//! | [`cpu`] | a thread's CPU time and voluntary sleeps, from the kernel |
//! | [`exercises`] | a bounded buffer with two conditions; a barrier on a condition |
//! | [`experiments`] | producer/consumer, timeline, wake-up latency, idle cost, lost wake-up |
//!
//! `src/main.rs` parses the options and runs the experiments in turn.

// The exercises name this crate by its name, as a student's copy does.
extern crate self as lab_04_condition;

pub mod condition;
pub mod cpu;
#[cfg(not(any(feature = "loom", feature = "shuttle")))]
pub mod exercises;
#[cfg(not(any(feature = "loom", feature = "shuttle")))]
pub mod experiments;
pub mod mistakes;
pub mod monitor;
pub mod oneshot;
pub mod prodcon;
pub mod timed;
#[cfg(not(any(feature = "loom", feature = "shuttle")))]
pub mod wakeup;

pub use condition::Condition;
pub use oneshot::OneShot;
