//! Chapter 02: why locks, and how a lock is built.
//!
//! | module | what it holds |
//! | --- | --- |
//! | [`counter`] | the lost update (a load, then a store) and its two fixes (exercise `02-lost-updates`) |
//! | [`raw`] | the `RawLock` trait every lock here implements |
//! | [`spin`] | spin locks in two steps: swap loop, then test and test-and-set |
//! | [`futex_lock`] | a lock on a futex with three states (exercise `02-futex-unlock`) |
//! | [`futex_spin`] | the futex lock with a short spin before it sleeps |
//! | `sem_lock` | a lock on a POSIX semaphore, as CPython built `threading.Lock` (Linux) |
//! | [`mutex`] | data behind any raw lock, reached through a guard (RAII) |
//! | [`broken`] | two locks that are wrong on purpose, for the checkers to catch |
//! | [`contenders`] | every measured lock (ours, std's, parking_lot's) behind one interface |
//! | [`experiments`] | lost updates, interleaved lines, lock costs, contention, a timeline, a lost wake-up |
//!
//! `src/main.rs` parses the options and runs the experiments in turn. Other
//! chapters build on [`Mutex`], [`Guard`] and [`RawLock`].

// The exercise files name this crate as `lab_02_lock::...`, so that the
// same file compiles here and as a student's crate that depends on it.
extern crate self as lab_02_lock;

pub mod broken;
pub mod contenders;
pub mod counter;
pub mod experiments;
pub mod futex_lock;
pub mod futex_spin;
pub mod mutex;
pub mod raw;
#[cfg(target_os = "linux")]
pub mod sem_lock;
pub mod spin;

pub use futex_lock::FutexLock;
pub use futex_spin::SpinningFutexLock;
pub use mutex::{Guard, Mutex};
pub use raw::RawLock;
#[cfg(target_os = "linux")]
pub use sem_lock::SemaphoreLock;
pub use spin::{CasSpinLock, SpinLock};
