//! The chapter's experiments, in the order they run.
//!
//! | module | what it shows |
//! | --- | --- |
//! | [`sees`] | what a forked, a posix_spawned and a `Command` child see of the parent |
//! | [`cost`] | the cost of starting and reaping a child against the parent's touched memory, with `VmPTE` |
//! | [`python`] | Python's `fork`, `forkserver` and `spawn` at the smallest and largest size |

pub mod cost;
pub mod python;
pub mod sees;

/// What the experiments need besides the lab context.
pub struct Settings {
    /// The parent sizes to measure at, MiB, ascending.
    pub sizes_mib: Vec<usize>,
    /// The Python to compare with, or why not.
    pub python: labkit::python::Python,
}
