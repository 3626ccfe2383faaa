//! The chapter's experiments, one module each, in the order they run.
//!
//! | module | what it shows |
//! | --- | --- |
//! | [`values`] | square_list through Value and Array; lost updates across processes; which locks work across processes |
//! | [`primes`] | the prime check with each flag policy, over processes and threads; the curve over the check interval N |
//! | [`python`] | the notebook's prime check in CPython: no flag, a synchronized `Value`, an `mmap` byte |

pub mod primes;
pub mod python;
pub mod values;

use labkit::python::Python;

/// The notebook's five numbers, with its labels.
pub const NUMBERS: [(&str, u64); 5] = [
    ("trivial non-prime", 112_272_535_095_295),
    ("expensive non-prime 1", 100_109_100_129_100_369),
    ("expensive non-prime 2", 100_109_100_129_101_027),
    ("prime 1", 100_109_100_129_100_151),
    ("prime 2", 100_109_100_129_162_907),
];

/// What the experiments need besides the lab context.
pub struct Settings {
    /// Worker processes (or threads) per check.
    pub workers: usize,
    /// Increments per process in the lost-update experiment.
    pub increments: u64,
    /// The check intervals N of the curve, ascending.
    pub every: Vec<u64>,
    /// Indices into [`NUMBERS`] that the variants are timed on.
    pub numbers: Vec<usize>,
    /// What CPython is timed on, one script run each.
    pub python_plan: Vec<PythonRun>,
    /// The Python to compare with, or why there is none.
    pub python: Python,
}

/// One run of `python/primes.py`: these numbers, these variants, so many
/// times each.
#[derive(Clone, Debug)]
pub struct PythonRun {
    /// Indices into [`NUMBERS`].
    pub numbers: Vec<usize>,
    /// Comma-separated variants of the script: `noflag`, `value`, `mmap`.
    pub variants: &'static str,
    /// Runs per number and variant (`None`: the lab's repetitions).
    pub repeat: Option<usize>,
}

impl PythonRun {
    /// What CPython is timed on. A prime costs CPython seconds per check
    /// (every candidate is divided), so the full run checks prime 1 once,
    /// with the `mmap` flag (on a prime the flag is never set, and the
    /// `mmap` look is the cheapest); `--quick` leaves it out; `all` times
    /// every variant on all five numbers.
    pub fn plan(quick: bool, all: bool) -> Vec<PythonRun> {
        let flagged = PythonRun { numbers: vec![0, 2], variants: "value,mmap", repeat: None };
        match (all, quick) {
            (true, _) => vec![PythonRun {
                numbers: (0..NUMBERS.len()).collect(),
                variants: "noflag,value,mmap",
                repeat: None,
            }],
            (false, true) => vec![flagged],
            (false, false) => {
                vec![flagged, PythonRun { numbers: vec![3], variants: "mmap", repeat: Some(1) }]
            }
        }
    }
}
