//! Running the lab's Python scripts (in `python/`), when Python is there.
//!
//! The chapter checks two of the notebook's Python claims in Python itself:
//! how Python threads speed up CPU-bound and I/O-bound work, and what the
//! notebook's `FetchUrls` does when a request fails. Each script prints one
//! JSON object; [`Python::run_script`] runs it under a deadline (a script that hangs
//! is killed and reaped: no process is left behind) and parses it.
//!
//! Python is optional: [`Python::find`] says why it cannot be used, and the
//! experiments skip their Python series with that note.

use labkit::watchdog::{ChildOutcome, run_child};
use serde::de::DeserializeOwned;
use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

/// A Python 3 interpreter that answered `--version`.
#[derive(Debug, Clone)]
pub struct Python {
    /// The program to run, as given (`python3` is looked up on PATH).
    pub program: String,
    /// Its version line, e.g. `Python 3.11.7`.
    pub version: String,
}

impl Python {
    /// Checks that `program` runs and is Python 3; otherwise says why not.
    pub fn find(program: &str) -> Result<Python, String> {
        let outcome = run_child(Command::new(program).arg("--version"), Duration::from_secs(10))
            .map_err(|e| format!("`{program}` cannot be started ({e})"))?;
        let ChildOutcome::Exited(out) = outcome else {
            return Err(format!("`{program} --version` did not answer within 10 s"));
        };
        let text = String::from_utf8_lossy(&out.stdout).trim().to_string();
        let text = if text.is_empty() {
            String::from_utf8_lossy(&out.stderr).trim().to_string()
        } else {
            text
        };
        if !out.status.success() || !text.starts_with("Python 3") {
            return Err(format!("`{program} --version` says {text:?}, not Python 3"));
        }
        Ok(Python { program: program.to_string(), version: text })
    }

    /// Runs `python/<script>` with `args`, killing it after `deadline`, and
    /// parses the JSON object it prints.
    pub fn run_script<T: DeserializeOwned>(
        &self,
        script: &str,
        args: &[String],
        deadline: Duration,
    ) -> Result<T, String> {
        let path = script_path(script);
        if !path.is_file() {
            return Err(format!("the script {} is missing", path.display()));
        }
        let mut command = Command::new(&self.program);
        command.arg(&path).args(args);
        let outcome =
            run_child(&mut command, deadline).map_err(|e| format!("cannot run {script}: {e}"))?;
        let out = match outcome {
            ChildOutcome::Exited(out) => out,
            ChildOutcome::Killed(_) => {
                return Err(format!(
                    "{script} took longer than {:.0} s and was stopped",
                    deadline.as_secs_f64()
                ));
            }
        };
        if !out.status.success() {
            let err = String::from_utf8_lossy(&out.stderr);
            return Err(format!("{script} failed ({}): {}", out.status, err.trim()));
        }
        serde_json::from_slice(&out.stdout)
            .map_err(|e| format!("{script} printed something unexpected: {e}"))
    }
}

/// Where the lab's Python scripts are: `labs/lab-01-threads/python/`.
pub fn script_path(script: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("python").join(script)
}
