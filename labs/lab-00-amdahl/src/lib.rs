//! Lab 00: Amdahl's law measured, and the notebook's tips for splitting work
//! put to the test.
//!
//! | module | what it holds |
//! | --- | --- |
//! | [`amdahl`] | the law itself |
//! | [`fit`] | the serial fraction fitted to measured speedups (exercise `00-serial-fraction`) |
//! | [`lpt`] | the longest-task-first plan and the makespan's lower bound (exercise `00-longest-first`) |
//! | [`workload`] | the busy work: a job with a chosen serial fraction, skewed task lists |
//! | [`runners`] | the ways of splitting work: static std threads, rayon, workers pulling chunks, pieces sharing a lock |
//! | [`experiments`] | speedup, shared locks, chunk size, task order, workers vs cores |
//!
//! `src/main.rs` parses the options and runs the experiments in turn.

pub mod amdahl;
pub mod experiments;
pub mod fit;
pub mod lpt;
pub mod runners;
pub mod workload;
