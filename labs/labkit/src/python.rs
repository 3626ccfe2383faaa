//! A lab's Python 3 series: the same idea measured in CPython, beside Rust.
//!
//! Where a chapter is about Python's own cost (the GIL, pickling, `Queue`,
//! `Pipe`, `Manager`), its lab runs a small script of its own from the lab's
//! `python/` folder in the same run and shows the ratio. Python is optional:
//! without it, each Python series is skipped with one uniformly worded note,
//! `Python series skipped: <why>`, and the Rust series still run.
//!
//! ```no_run
//! use labkit::python::{Python, Script, record_ratio};
//! use serde::Deserialize;
//! use std::time::Duration;
//!
//! #[derive(Deserialize)]
//! struct Timing { seconds: f64 }
//!
//! # fn run(ctx: &mut labkit::LabContext, rust_seconds: f64) {
//! let python = Python::find(None); // --python, else $WORKBOOK_PYTHON, else python3
//! python.record(ctx); // result `python`: `Python 3.11.7` or `skipped: why`
//! let script = Script::new(ctx.lab, "count.py").args(["--n", "1000"]).deadline(Duration::from_secs(30));
//! match python.run::<Timing>(&script) {
//!     Ok(t) => { record_ratio(ctx, "rust-vs-python", rust_seconds, t.seconds, "Rust against Python"); }
//!     Err(skipped) => skipped.print(), // Python series skipped: count.py took longer than 30 s ...
//! }
//! # }
//! ```
//!
//! Layout: this file finds the interpreter (once per run and program) and
//! records what ran; `python/script.rs` runs one script under a deadline
//! (killed and reaped if late, through [`crate::watchdog::run_child`]) and
//! parses the JSON object it prints.

mod script;
#[cfg(test)]
mod tests;

pub use script::Script;

use crate::LabContext;
use crate::watchdog::{ChildOutcome, run_child};
use std::fmt;
use std::process::Command;
use std::sync::Mutex;
use std::time::Duration;

/// The environment variable that names the interpreter when no `--python`
/// is given, e.g. `WORKBOOK_PYTHON=python3.12` (or a missing program, so a
/// test can check the skipped path).
pub const PYTHON_ENV: &str = "WORKBOOK_PYTHON";

/// The interpreter used when neither `--python` nor [`PYTHON_ENV`] names one.
pub const DEFAULT_PROGRAM: &str = "python3";

/// How long `python --version` may take before Python counts as broken.
const VERSION_DEADLINE: Duration = Duration::from_secs(10);

/// The lab option `--python PROGRAM`; flatten it into the lab's arguments
/// with `#[command(flatten)]` and call [`PythonArgs::find`].
#[derive(clap::Args, Debug, Clone, Default)]
pub struct PythonArgs {
    /// The Python 3 to compare with (default: $WORKBOOK_PYTHON, else
    /// python3); its series are skipped, with a note, if it cannot be run.
    #[arg(long = "python", value_name = "PROGRAM")]
    pub python: Option<String>,
}

impl PythonArgs {
    /// The interpreter these options name; see [`Python::find`].
    pub fn find(&self) -> Python {
        Python::find(self.python.as_deref())
    }
}

/// Python for this run: an interpreter that answered `--version` with
/// Python 3, or why there is none. Cheap to clone; keep one in the lab's
/// settings and hand it to every experiment.
#[derive(Debug, Clone, PartialEq)]
pub struct Python {
    /// The interpreter, or the reason every Python series is skipped.
    found: Result<Interpreter, Skipped>,
}

/// An interpreter that answered `--version` with Python 3.
#[derive(Debug, Clone, PartialEq)]
pub struct Interpreter {
    /// The program run, as given (`python3` is looked up on PATH).
    pub program: String,
    /// Its version line, e.g. `Python 3.11.7`: for captions and results.
    pub version: String,
}

/// Why a Python series was not measured. Its [`fmt::Display`] is the
/// reason alone; [`Skipped::note`] is the sentence every lab prints.
#[derive(Debug, Clone, PartialEq)]
pub struct Skipped(pub String);

impl Skipped {
    /// `Python series skipped: <why>`, the same words in every lab.
    pub fn note(&self) -> String {
        format!("Python series skipped: {}", self.0)
    }

    /// Prints [`Skipped::note`] and a blank line.
    pub fn print(&self) {
        println!("{}\n", self.note());
    }
}

impl fmt::Display for Skipped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Interpreters already asked for their version in this run, by program.
static FOUND: Mutex<Vec<(String, Result<Interpreter, Skipped>)>> = Mutex::new(Vec::new());

impl Python {
    /// The interpreter `program` names, else [`PYTHON_ENV`]'s, else
    /// `python3`, checked once per run: a later call for the same program
    /// reuses the answer. Never fails: an interpreter that is missing, does
    /// not answer, or is not Python 3 gives a `Python` whose series skip.
    pub fn find(program: Option<&str>) -> Python {
        let env = std::env::var(PYTHON_ENV).ok();
        let program = choose_program(program, env.as_deref());
        let mut found = FOUND.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((_, answer)) = found.iter().find(|(p, _)| *p == program) {
            return Python { found: answer.clone() };
        }
        let answer = ask_version(&program);
        found.push((program, answer.clone()));
        Python { found: answer }
    }

    /// The interpreter, or why there is none.
    pub fn interpreter(&self) -> Result<&Interpreter, &Skipped> {
        self.found.as_ref()
    }

    /// The version line (`Python 3.11.7`), if there is an interpreter.
    pub fn version(&self) -> Option<&str> {
        self.found.as_ref().ok().map(|i| i.version.as_str())
    }

    /// `Python 3.11.7` or `skipped: <why>`: the value of the `python` result.
    pub fn describe(&self) -> String {
        match &self.found {
            Ok(i) => i.version.clone(),
            Err(why) => format!("skipped: {why}"),
        }
    }

    /// Prints which Python the lab compares with, or the skip note, at the
    /// start of a run.
    pub fn announce(&self) {
        match &self.found {
            Ok(i) => println!("Python for comparison: {} (`{}`)\n", i.version, i.program),
            Err(why) => why.print(),
        }
    }

    /// Records the result `python`: [`Python::describe`].
    pub fn record(&self, ctx: &mut LabContext) {
        ctx.record_result("python", self.describe(), "the Python the lab compares with");
    }
}

/// The program to run: the option's, else the environment's, else `python3`.
fn choose_program(option: Option<&str>, env: Option<&str>) -> String {
    [option, env]
        .into_iter()
        .flatten()
        .map(str::trim)
        .find(|p| !p.is_empty())
        .unwrap_or(DEFAULT_PROGRAM)
        .to_string()
}

/// Runs `program --version` under a deadline and checks that it is Python 3.
fn ask_version(program: &str) -> Result<Interpreter, Skipped> {
    let skip = |why: String| Skipped(why);
    let outcome = run_child(Command::new(program).arg("--version"), VERSION_DEADLINE)
        .map_err(|e| skip(format!("`{program}` cannot be started ({e})")))?;
    let ChildOutcome::Exited(out) = outcome else {
        return Err(skip(format!("`{program} --version` did not answer within 10 s")));
    };
    // Python 2 printed its version on stderr.
    let text = [&out.stdout, &out.stderr]
        .map(|b| String::from_utf8_lossy(b).trim().to_string())
        .into_iter()
        .find(|t| !t.is_empty())
        .unwrap_or_default();
    if !out.status.success() || !text.starts_with("Python 3") {
        return Err(skip(format!("`{program} --version` says {text:?}, not Python 3")));
    }
    Ok(Interpreter { program: program.to_string(), version: text })
}

/// How many times longer Python took than Rust, `python / rust`, recorded
/// as the result `key` (e.g. `48×`, `3.2×`, `0.85×`) and returned. Give
/// both times measured the same way (both medians, or both fastest runs).
pub fn record_ratio(
    ctx: &mut LabContext,
    key: &str,
    rust_seconds: f64,
    python_seconds: f64,
    what: &str,
) -> f64 {
    let ratio = python_seconds / rust_seconds;
    ctx.record_result(key, format_ratio(ratio), what);
    ratio
}

/// A ratio with the digits that matter: `48×`, `3.2×`, `0.85×`.
pub fn format_ratio(ratio: f64) -> String {
    match ratio {
        r if !r.is_finite() => "not measured: a time was zero".into(),
        r if r >= 10.0 => format!("{r:.0}×"),
        r if r >= 1.0 => format!("{r:.1}×"),
        r => format!("{r:.2}×"),
    }
}
