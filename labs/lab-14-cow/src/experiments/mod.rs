//! The chapter's experiments, one module each, in the order they run. Each
//! forks its children through [`crate::family`], reads their memory from
//! `/proc`, prints its table, writes its CSV and figures through the kit
//! and records the numbers and claims the chapter quotes.
//!
//! | module | what it shows |
//! | --- | --- |
//! | [`timeline`] | the five children's private memory over time (the notebook's picture) |
//! | [`fraction`] | the whole family's memory against the fraction f of pages written |
//! | [`faults`] | minor faults and time per copied page, beside a zero-fill fault and a plain write |
//! | [`huge`] | whether transparent huge pages change the unit of copying |
//! | [`python`] | the notebook's program in CPython, with and without `gc.freeze()` |

pub mod faults;
pub mod fraction;
pub mod huge;
pub mod python;
pub mod timeline;

use labkit::Stats;
use labkit::python::Python;

/// What the experiments need besides the lab context.
pub struct Settings {
    /// The cache size in bytes (see [`crate::budget`]).
    pub cache: u64,
    /// The fractions of pages written in the fraction experiment, ascending.
    pub fractions: Vec<f64>,
    /// Objects in the CPython cache of the Python experiment.
    pub python_objects: u64,
    /// The Python to compare with, or why there is none.
    pub python: Python,
}

/// `"12.3 MiB"`.
pub fn mib(bytes: f64) -> String {
    format!("{:.1} MiB", bytes / (1u64 << 20) as f64)
}

/// The median etc. of `values` (which must not be empty).
pub fn stats(values: &[f64]) -> Stats {
    Stats::of(values).expect("at least one run")
}
