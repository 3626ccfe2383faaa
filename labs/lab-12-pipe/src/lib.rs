//! Lab 12: pipes probed and measured, and the framing later chapters use.
//!
//! | module | what it holds |
//! | --- | --- |
//! | [`frame`] | length-prefixed frames with a maximum size, and postcard messages in them (chapters 13, 16, 17 use it) |
//! | [`capacity`] | a pipe's capacity probed with non-blocking writes; `F_GETPIPE_SZ`, `F_SETPIPE_SZ` |
//! | [`interleave`] | counting where writers' messages were cut by others (exercise `12-interleavings`) |
//! | [`pingpong`] | a byte bounced to a forked child through a pipe, a socket pair or a shared futex |
//! | [`shared_futex`] | a futex word in a shared page, and why chapter 02's private futex cannot cross processes |
//! | [`stream`] | moving bytes through a pipe: `write`, `vmsplice`, `read`, `splice` |
//! | [`drain`] | a child's output read on a thread while it runs, with a deadline (exercise `12-drain`) |
//! | [`procfs`] | a process's CPU time and each thread's wait channel, from /proc (the rest is `labkit::process::Diagnosis`) |
//! | [`experiments`] | capacity, atomicity, round trips, throughput, the full-pipe hang |
//!
//! `src/main.rs` parses the options and runs the experiments in turn.

pub mod capacity;
pub mod drain;
pub mod experiments;
pub mod frame;
pub mod interleave;
pub mod pingpong;
pub mod procfs;
pub mod shared_futex;
pub mod stream;

pub use frame::{FrameError, read_frame, recv, send, write_frame};
