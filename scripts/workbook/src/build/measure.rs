//! Step 2 of the build: run every lab, one after another (they measure the
//! machine, so they must not share it), each writing its CSV, SVG and
//! `manifest.json` into `src/figures/<lab>` (emptied first).
//!
//! A lab's stdout and stderr go to `target/workbook-logs/<lab>.log`. On a
//! terminal a spinner shows which lab is running; elsewhere (CI logs) each
//! lab gets one plain line, `[1/3] lab-00-amdahl ... done in 18.2 s`. A lab
//! that fails stops the build with its exit status and the end of its log.

use crate::text::{seconds, tail};
use crate::workspace::{Lab, Workspace};
use anyhow::{Context, Result, bail};
use indicatif::{ProgressBar, ProgressStyle};
use std::fs::File;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// One lab to run and the binary that runs it.
#[derive(Debug, Clone)]
pub struct LabRun<'a> {
    /// The lab.
    pub lab: &'a Lab,
    /// Its executable, from step 1.
    pub executable: PathBuf,
}

/// Runs every lab in turn; `quick` passes `--quick`.
pub fn run_labs(workspace: &Workspace, runs: &[LabRun<'_>], quick: bool) -> Result<()> {
    let logs = workspace.target_dir().join("workbook-logs");
    std::fs::create_dir_all(&logs).with_context(|| format!("cannot create {}", logs.display()))?;
    let progress = Progress::new(runs.len());
    for (index, run) in runs.iter().enumerate() {
        let name = &run.lab.name;
        let out = workspace.figures_dir(name);
        let log = logs.join(format!("{name}.log"));
        progress.start(index, name);
        let started = Instant::now();
        let status = run_one(&run.executable, &out, &log, quick, &workspace.root)
            .with_context(|| format!("cannot run {name} ({})", run.executable.display()))?;
        let took = started.elapsed();
        if !status.success() {
            progress.fail();
            let log_text = std::fs::read_to_string(&log).unwrap_or_default();
            bail!(
                "{name} failed ({status}) after {}. The end of its log, {}:\n{}",
                seconds(took),
                log.display(),
                tail(&log_text, 20)
                    .lines()
                    .map(|l| format!("    {l}"))
                    .collect::<Vec<_>>()
                    .join("\n")
            );
        }
        if !out.join(labkit::manifest::FILE_NAME).is_file() {
            progress.fail();
            bail!(
                "{name} finished but left no manifest.json in {} (see {})",
                out.display(),
                log.display()
            );
        }
        progress.done(index, name, took);
    }
    progress.finish();
    Ok(())
}

/// Runs one lab into an emptied `out`, its output going to `log`.
fn run_one(
    executable: &Path,
    out: &Path,
    log: &Path,
    quick: bool,
    root: &Path,
) -> Result<std::process::ExitStatus> {
    if out.exists() {
        std::fs::remove_dir_all(out).with_context(|| format!("cannot empty {}", out.display()))?;
    }
    std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    let mut log_file =
        File::create(log).with_context(|| format!("cannot create {}", log.display()))?;
    let mut command = Command::new(executable);
    command.arg("--out").arg(out);
    if quick {
        command.arg("--quick");
    }
    writeln!(log_file, "$ {command:?}\n")?;
    let status = command
        .current_dir(root)
        .stdout(log_file.try_clone()?)
        .stderr(log_file)
        .status()
        .context("cannot start it")?;
    Ok(status)
}

/// Progress across the labs: a spinner on a terminal, plain lines elsewhere.
struct Progress {
    /// The spinner, when stderr is a terminal.
    bar: Option<ProgressBar>,
    /// How many labs there are.
    total: usize,
}

impl Progress {
    fn new(total: usize) -> Progress {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = ProgressBar::new_spinner();
            let style = ProgressStyle::with_template("{spinner:.green} {msg} {elapsed:.dim}")
                .expect("the progress template is valid");
            bar.set_style(style);
            bar.enable_steady_tick(Duration::from_millis(120));
            bar
        });
        Progress { bar, total }
    }

    fn label(&self, index: usize, name: &str) -> String {
        format!("[{}/{}] {name}", index + 1, self.total)
    }

    fn start(&self, index: usize, name: &str) {
        match &self.bar {
            Some(bar) => {
                bar.reset_elapsed();
                bar.set_message(format!("{} measuring…", self.label(index, name)));
            }
            None => eprint!("{} ... ", self.label(index, name)),
        }
    }

    fn done(&self, index: usize, name: &str, took: Duration) {
        let line = format!("{} ... done in {}", self.label(index, name), seconds(took));
        match &self.bar {
            Some(bar) => bar.println(line),
            None => eprintln!("done in {}", seconds(took)),
        }
    }

    fn fail(&self) {
        match &self.bar {
            Some(bar) => bar.finish_and_clear(),
            None => eprintln!("FAILED"),
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    /// A workspace with one lab whose "binary" is the shell script `body`.
    fn workspace_with_lab(body: &str) -> (tempfile::TempDir, Workspace, PathBuf) {
        let root = tempfile::tempdir().unwrap();
        let lab = root.path().join("labs/lab-99-toy");
        std::fs::create_dir_all(&lab).unwrap();
        std::fs::write(lab.join("Cargo.toml"), "[package]\nname = \"lab-99-toy\"\n").unwrap();
        let script = root.path().join("toy-lab.sh");
        std::fs::write(&script, format!("#!/bin/sh\n{body}\n")).unwrap();
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
        let workspace = Workspace::open(root.path()).unwrap();
        (root, workspace, script)
    }

    #[test]
    fn a_lab_that_fails_stops_the_build_with_its_name_status_and_log() {
        let (_root, ws, script) = workspace_with_lab("echo measuring; echo 'it broke' >&2; exit 3");
        let runs = [LabRun { lab: &ws.labs[0], executable: script }];
        let err = format!("{:#}", run_labs(&ws, &runs, true).unwrap_err());
        for part in ["lab-99-toy failed", "exit status: 3", "it broke", "lab-99-toy.log"] {
            assert!(err.contains(part), "{part:?} missing from: {err}");
        }
    }

    #[test]
    fn a_lab_that_writes_no_manifest_is_refused() {
        let (_root, ws, script) = workspace_with_lab("exit 0");
        let runs = [LabRun { lab: &ws.labs[0], executable: script }];
        let err = run_labs(&ws, &runs, false).unwrap_err().to_string();
        assert!(err.contains("left no manifest.json"), "{err}");
    }

    #[test]
    fn a_lab_runs_with_out_and_quick_into_an_emptied_folder() {
        // The toy lab writes its arguments as its manifest's content.
        let (_root, ws, script) = workspace_with_lab(r#"echo "$@" > "$2/manifest.json""#);
        let stale = ws.figures_dir("lab-99-toy").join("stale.svg");
        std::fs::create_dir_all(stale.parent().unwrap()).unwrap();
        std::fs::write(&stale, "old").unwrap();
        let runs = [LabRun { lab: &ws.labs[0], executable: script }];
        run_labs(&ws, &runs, true).unwrap();
        let out = ws.figures_dir("lab-99-toy");
        let args = std::fs::read_to_string(out.join("manifest.json")).unwrap();
        assert_eq!(args.trim(), format!("--out {} --quick", out.display()));
        assert!(!stale.exists(), "the lab's folder is emptied before it runs");
    }
}
