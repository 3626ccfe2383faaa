//! The chapter's experiments, one module each, in the order they run.
//!
//! | module | what it shows |
//! | --- | --- |
//! | [`order`] | the notebook's `rand_string` workers: results arrive in completion order |
//! | [`cost`] | cost per message against payload size: serialization, the whole queue, chapter 07's thread queue, Python's `mp.Queue` |
//! | [`breakeven`] | the task duration from which handing half the work to a second process pays |
//! | [`pitfalls`] | joining a producer whose items nobody read; a producer that dies mid-message |

pub mod breakeven;
pub mod cost;
pub mod order;
pub mod pitfalls;

use labkit::python::Python;

/// What the experiments need besides the lab context.
pub struct Settings {
    /// Worker processes in the completion-order experiment.
    pub tasks: usize,
    /// How long the pitfalls experiment waits before it calls a child stuck.
    pub deadline: std::time::Duration,
    /// The Python to compare with, or why there is none.
    pub python: Python,
}

/// `1 B`, `4 KiB`, `1 MiB`.
pub fn bytes(n: usize) -> String {
    match n {
        n if n >= 1 << 20 && n % (1 << 20) == 0 => format!("{} MiB", n >> 20),
        n if n >= 1 << 10 && n % (1 << 10) == 0 => format!("{} KiB", n >> 10),
        n => format!("{n} B"),
    }
}
