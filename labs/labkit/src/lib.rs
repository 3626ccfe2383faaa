//! The shared kit of the concurrency workbook.
//!
//! Every lab (`labs/lab-NN-topic`) holds only its chapter's idea; everything
//! labs have in common lives here, so that it is written, tested and read
//! once:
//!
//! | module | what it owns |
//! | --- | --- |
//! | [`claim`] | the comparisons a chapter states, decided from the run's own data |
//! | [`cli`] | the options every lab shares (`--quick`, `--out`, `--repeat`, `--seed`, `--workers`) |
//! | [`context`] | the run context a lab measures in: mode, machine, output files, manifest, key results |
//! | [`machine`] | the description of the machine that made a measurement, for captions and CSV headers |
//! | [`measure`] | warm-up, repetitions, median and spread |
//! | [`work`] | calibrated CPU-bound busy work, so timings scale with the machine |
//! | [`report`] | readable tables on stdout and raw numbers as CSV |
//! | [`plot`] | line, bar and scatter figures as SVG, captioned with the machine |
//! | [`timeline`] | per-thread spans ("waiting", "holding", "working") drawn one row per thread |
//! | [`watchdog`] | run a scenario with a deadline and report who was stuck where |
//! | [`process`] | children forked and reaped, temp dirs and shared-memory names removed, Ctrl-C cleaned up (Linux) |
//! | [`python`] | a lab's Python 3 scripts run under a deadline, their JSON parsed, skipped with a note without Python |
//! | [`progress`] | progress bars, quiet when stderr is not a terminal |
//! | [`manifest`] | the list of figures and data a lab wrote, read by the book build |
//! | [`sync`] | a shim so a hand-built primitive compiles against std, loom or shuttle; a futex |
//! | [`testing`] | the checks every lab's `tests/cli.rs` makes: help, bad arguments, a quick run, nothing left after a run or a Ctrl-C |

pub mod claim;
pub mod cli;
pub mod context;
pub mod machine;
pub mod manifest;
pub mod measure;
pub mod plot;
#[cfg(target_os = "linux")]
pub mod process;
pub mod progress;
pub mod python;
pub mod report;
pub mod sync;
pub mod testing;
pub mod timeline;
pub mod watchdog;
pub mod work;

pub use cli::{CommonArgs, WorkerList};
pub use context::LabContext;
pub use machine::Machine;
pub use measure::Stats;
