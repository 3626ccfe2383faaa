//! The chapter's experiments, one module each, in the order they run. Each
//! measures, prints its table, writes its CSV and figures through the kit
//! and records the numbers and claims the chapter quotes.
//!
//! | module | what it shows |
//! | --- | --- |
//! | [`capacity`] | how much a pipe holds, by default and resized up to the system's limit |
//! | [`atomicity`] | several writers on one pipe: messages at and above `PIPE_BUF`, interleavings counted |
//! | [`latency`] | round trips to a child: pipe, socket pair, shared futex, busy poll, Python's `Pipe` |
//! | [`throughput`] | GiB/s against chunk size: default and enlarged pipes, `vmsplice`/`splice`, memcpy |
//! | [`hang`] | the full-pipe hang under a deadline, the draining thread, the never-ending child |

pub mod atomicity;
pub mod capacity;
pub mod hang;
pub mod latency;
pub mod throughput;

use labkit::python::Python;

/// What the experiments need besides the lab context.
pub struct Settings {
    /// Round trips per channel in the latency experiment.
    pub rounds: usize,
    /// Writers sharing one pipe in the atomicity experiment.
    pub writers: usize,
    /// Bytes every writer writes per message size in the atomicity experiment.
    pub volume: usize,
    /// How long the hang experiment waits for a child before it calls it stuck.
    pub deadline: std::time::Duration,
    /// The Python to compare with, or why there is none.
    pub python: Python,
}

/// Bytes per GiB, for GiB/s.
pub const GIB: f64 = (1u64 << 30) as f64;

/// `1 B`, `4 KiB`, `1 MiB`: a size in the binary unit that suits it.
pub fn bytes(n: usize) -> String {
    match n {
        n if n >= 1 << 20 && n % (1 << 20) == 0 => format!("{} MiB", n >> 20),
        n if n >= 1 << 10 && n % (1 << 10) == 0 => format!("{} KiB", n >> 10),
        n => format!("{n} B"),
    }
}
