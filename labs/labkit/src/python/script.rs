//! One Python script run: which file, its arguments, its deadline; and
//! [`Python::run`], which runs it and parses the JSON object it prints.
//!
//! A script prints exactly one JSON object on stdout and nothing else
//! (diagnostics go to stderr). A script still running at its deadline is
//! killed and reaped by [`run_child`], so it leaves no process behind. Only
//! the interpreter is killed: a script that starts processes of its own
//! ends them itself (`with Pool(...)`, `join`). Python is told not to write
//! `__pycache__` beside the lab's scripts.

use super::{Python, Skipped};
use crate::watchdog::{ChildOutcome, run_child};
use serde::de::DeserializeOwned;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

/// The deadline of a script unless [`Script::deadline`] sets one.
const DEFAULT_DEADLINE: Duration = Duration::from_secs(60);

/// How much of a script's stderr or stdout a skip note quotes.
const QUOTE_CHARS: usize = 300;

/// A Python script to run: built like a [`Command`].
#[derive(Debug, Clone)]
pub struct Script {
    /// The script's file.
    path: PathBuf,
    /// Its arguments, after the file name.
    args: Vec<OsString>,
    /// Environment variables set for it, besides the lab's own.
    env: Vec<(OsString, OsString)>,
    /// How long it may run before it is killed.
    deadline: Duration,
}

impl Script {
    /// `labs/<lab>/python/<file>`: a script of the lab's own (pass `ctx.lab`).
    pub fn new(lab: &str, file: &str) -> Script {
        let labs = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        Script::at(labs.join(lab).join("python").join(file))
    }

    /// The script at `path`, wherever it is (a test's temporary script).
    pub fn at(path: impl Into<PathBuf>) -> Script {
        Script { path: path.into(), args: Vec::new(), env: Vec::new(), deadline: DEFAULT_DEADLINE }
    }

    /// Adds one argument.
    pub fn arg(mut self, arg: impl Into<OsString>) -> Script {
        self.args.push(arg.into());
        self
    }

    /// Adds arguments.
    pub fn args<S: Into<OsString>>(mut self, args: impl IntoIterator<Item = S>) -> Script {
        self.args.extend(args.into_iter().map(Into::into));
        self
    }

    /// Sets an environment variable for the script (`PYTHONHASHSEED`, ...).
    pub fn env(mut self, key: impl Into<OsString>, value: impl Into<OsString>) -> Script {
        self.env.push((key.into(), value.into()));
        self
    }

    /// How long the script may run (default 60 s) before it is killed.
    pub fn deadline(mut self, deadline: Duration) -> Script {
        self.deadline = deadline;
        self
    }

    /// The script's file name, as notes name it.
    pub fn name(&self) -> String {
        self.path
            .file_name()
            .map_or_else(|| self.path.display().to_string(), |n| n.to_string_lossy().into_owned())
    }

    /// The script's path.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Python {
    /// Runs `script` under its deadline and parses the JSON it prints as
    /// `T`. Every way it can fail is a [`Skipped`] naming the script: no
    /// interpreter, a missing file, a late script (killed and reaped), a
    /// non-zero exit (with its stderr), output that is not the JSON `T`.
    pub fn run<T: DeserializeOwned>(&self, script: &Script) -> Result<T, Skipped> {
        let python = self.interpreter().map_err(Clone::clone)?;
        let name = script.name();
        if !script.path.is_file() {
            return Err(Skipped(format!("the script {} is missing", script.path.display())));
        }
        let mut command = Command::new(&python.program);
        command.arg(&script.path).args(&script.args).env("PYTHONDONTWRITEBYTECODE", "1");
        // The script's own TMPDIR, registered with the kit: what it leaves
        // there (multiprocessing's `pymp-*` directory, when the script is
        // killed at its deadline or by a Ctrl-C of the lab) is removed.
        #[cfg(target_os = "linux")]
        let tmp = crate::process::TempDir::new("python")
            .map_err(|e| Skipped(format!("no temporary directory for {name} ({e})")))?;
        #[cfg(target_os = "linux")]
        command.env("TMPDIR", tmp.path());
        command.envs(script.env.iter().map(|(k, v)| (k, v)));
        let outcome = run_child(&mut command, script.deadline)
            .map_err(|e| Skipped(format!("{name} cannot be run by `{}` ({e})", python.program)))?;
        let out = match outcome {
            ChildOutcome::Exited(out) => out,
            ChildOutcome::Killed(_) => {
                return Err(Skipped(format!(
                    "{name} took longer than {} and was stopped",
                    seconds(script.deadline)
                )));
            }
        };
        if !out.status.success() {
            let err = quote(&out.stderr);
            return Err(Skipped(format!("{name} failed ({}): {err}", out.status)));
        }
        serde_json::from_slice(&out.stdout).map_err(|e| {
            let printed = quote(&out.stdout);
            Skipped(format!(
                "{name} printed something other than the JSON expected ({e}): {printed:?}"
            ))
        })
    }
}

/// A deadline as people say it: `60 s`, `0.5 s`.
fn seconds(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s.fract() == 0.0 { format!("{s:.0} s") } else { format!("{s} s") }
}

/// The end of what a script printed (where a traceback's message is),
/// trimmed to [`QUOTE_CHARS`].
fn quote(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let text = text.trim();
    let chars = text.chars().count();
    if chars <= QUOTE_CHARS {
        return text.to_string();
    }
    let tail: String = text.chars().skip(chars - QUOTE_CHARS).collect();
    format!("…{tail}")
}
