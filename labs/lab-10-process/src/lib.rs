//! Lab 10: starting processes. `fork` against spawning a fresh program
//! (`posix_spawn`, `std::process::Command`): what the child sees, what
//! must be serialized for it, and what starting one costs as the parent's
//! memory grows, with Python's start methods beside.
//!
//! | module | what it holds |
//! | --- | --- |
//! | [`starts`] | the three ways to start a child: fork, posix_spawn, Command |
//! | [`seen`] | what a child observes of its parent ([`seen::Seen`]), sent back as postcard |
//! | [`state`] | the notebook's `A` and its `__getstate__`: serialization that drops a field (exercise `10-getstate`) |
//! | [`status`] | `/proc/<pid>/status`: threads and page tables (exercise `10-status`) |
//! | [`memory`] | the parent's touched memory, sized from `MemAvailable` |
//! | [`child`] | what the lab's binary does when started as a child (`--child`) |
//! | [`experiments`] | what the child sees; start cost against memory; Python's start methods |
//!
//! Process bookkeeping (reaping, Ctrl-C, temporary files) is the kit's
//! `labkit::process`. `src/main.rs` parses the options and runs the
//! experiments in turn.

pub mod child;
pub mod experiments;
pub mod memory;
pub mod seen;
pub mod starts;
pub mod state;
pub mod status;
