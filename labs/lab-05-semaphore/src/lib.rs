//! Lab 05: a counting semaphore built from a mutex and a condition
//! variable, and what bounding concurrency with it does to a slow service.
//!
//! The primitive is built in steps, one file each:
//!
//! | module | what it holds |
//! | --- | --- |
//! | [`minimal`] | step 1: the notebook's `_Semaphore`, line for line in Rust |
//! | [`flawed`] | two ways to get step 1 wrong (`if` for `while`, a release that forgets to notify), instrumented |
//! | [`semaphore`] | step 2: the chapter's [`Semaphore`]: permits handed to sleepers in turn, as guards, with a timeout, no needless wake-ups |
//! | [`permit`] | the [`Permit`] guard that gives its permit back when dropped |
//! | [`bounded`] | Python's `BoundedSemaphore`, with its error for a release too many (exercise `05-bounded`) |
//! | [`fetch`] | a download pool: one thread per item, at most `k` at once (exercise `05-limited-fetch`) |
//!
//! and measured with:
//!
//! | module | what it holds |
//! | --- | --- |
//! | [`service`] | a simulated slow service with a capacity: one that queues past it, one that degrades |
//! | [`load`] | client threads sending requests through a semaphore, timing each request |
//! | [`experiments`] | the download pool's timeline, throughput and latency against permits, who gets the permits, the cost of a permit, the flaws |
//!
//! `src/main.rs` parses the options and runs the experiments in turn.

// The exercise modules name this crate `lab_05_semaphore`, as a student's
// copy of them (a crate of its own that depends on this one) must.
extern crate self as lab_05_semaphore;

pub mod bounded;
pub mod experiments;
pub mod fetch;
pub mod flawed;
pub mod load;
pub mod minimal;
pub mod permit;
pub mod semaphore;
pub mod service;

pub use permit::Permit;
pub use semaphore::Semaphore;
