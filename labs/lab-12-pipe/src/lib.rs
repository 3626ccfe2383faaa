//! Lab 12: pipes probed and measured, and the framing later chapters use.
//!
//! | module | what it holds |
//! | --- | --- |
//! | [`frame`] | length-prefixed frames with a maximum size, and postcard messages in them (chapters 13, 16, 17 use it) |
//!
//! `src/main.rs` parses the options and runs the experiments in turn.

pub mod frame;

pub use frame::{FrameError, read_frame, recv, send, write_frame};
