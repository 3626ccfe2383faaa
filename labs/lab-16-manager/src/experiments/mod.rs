//! The chapter's experiments, one module each, in the order they run.
//!
//! | module | what it shows |
//! | --- | --- |
//! | [`records`] | the notebook's records example across processes; the proxy trap and the right way; read-modify-write through a proxy losing updates |
//! | [`cost`] | cost per operation: local `Vec`, `Mutex` shared by threads, a shared-memory atomic, a manager proxy, the proxy batched, and Python's `Manager().list().append` |
//! | [`atomic`] | the shared-memory rival: a counter in a shared mapping, two processes |
//! | [`cost_python`] | the Python series of [`cost`] |
//! | [`faults`] | the manager dies mid-call; a client dies mid-call |

pub mod atomic;
pub mod cost;
pub mod cost_python;
pub mod faults;
pub mod records;

use labkit::python::Python;

/// What the experiments need besides the lab context.
pub struct Settings {
    /// Batch sizes for the batched proxy, ascending.
    pub batches: Vec<usize>,
    /// Increments each of the two processes makes in the lost-update demonstration.
    pub increments: usize,
    /// The Python to compare with.
    pub python: Python,
}
