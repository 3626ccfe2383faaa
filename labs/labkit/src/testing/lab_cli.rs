//! The lab run as a user runs it: what every lab's `tests/cli.rs` checks.
//!
//! [`LabCli`] wraps the lab's binary (`env!("CARGO_BIN_EXE_lab-NN-topic")`,
//! which cargo sets for integration tests). Its checks cover the lab
//! contract: `--help` names every option; a bad argument gets a message and
//! exit status 2, never a panic; a `--quick` run succeeds and writes every
//! figure and data file its manifest lists. [`QuickRun`] then lets the test
//! say which figures and results the chapter needs. The options every lab
//! shares (`--quick`, `--out`, `--repeat`, `--seed`) are checked without
//! being listed.
//!
//! On Linux a quick run gets a fresh `TMPDIR` and a run tag ([`super::RunEnv`]),
//! so [`QuickRun::assert_nothing_left`] can name any process, temporary file
//! or shared-memory name the run left, and [`LabCli::interrupt_run`] checks
//! a run interrupted with Ctrl-C the same way. A process lab's test:
//!
//! ```no_run
//! # use labkit::testing::LabCli;
//! # use std::time::Duration;
//! let lab = LabCli::new("path/to/lab-10-process");
//! lab.quick_run(&[]).assert_nothing_left();
//! lab.interrupt_run(&["--quick"], Duration::from_millis(800)); // exit 130, nothing left
//! ```
//!
//! ```no_run
//! use labkit::testing::LabCli;
//! let lab = LabCli::new(env!("CARGO_PKG_NAME")); // in a test: env!("CARGO_BIN_EXE_lab-00-amdahl")
//! lab.help_mentions(&["--workers"]);
//! lab.rejects(&[(&["--workers", "0"], "out of range")]);
//! let run = lab.quick_run(&["--workers", "1-2"]);
//! run.has_figures(&["speedup"]);
//! run.has_results(&["speedup-2-std"]);
//! ```

use crate::manifest::Manifest;
use std::path::PathBuf;
use std::process::{Command, Output};

/// A lab's binary, run as a user would run it.
pub struct LabCli {
    /// The path of the compiled binary.
    binary: PathBuf,
}

/// The options every lab takes from [`crate::CommonArgs`].
const COMMON_OPTIONS: [&str; 4] = ["--quick", "--out", "--repeat", "--seed"];

impl LabCli {
    /// The lab whose binary is at `binary`.
    pub fn new(binary: impl Into<PathBuf>) -> Self {
        LabCli { binary: binary.into() }
    }

    /// Runs the lab with `args` and returns what it printed.
    pub fn run(&self, args: &[&str]) -> Output {
        output_of(Command::new(&self.binary).args(args), &self.binary)
    }

    /// `--help` succeeds and names the common options and each of `options`.
    pub fn help_mentions(&self, options: &[&str]) {
        let out = self.run(&["--help"]);
        assert!(out.status.success(), "--help failed: {}", stderr(&out));
        let text = String::from_utf8_lossy(&out.stdout);
        for option in COMMON_OPTIONS.iter().chain(options) {
            assert!(text.contains(option), "--help does not mention {option}:\n{text}");
        }
    }

    /// Each `(arguments, message)` case exits with status 2 and a message
    /// containing `message`, without a panic; so do an unknown flag and
    /// `--repeat 0`.
    pub fn rejects(&self, cases: &[(&[&str], &str)]) {
        let common: [(&[&str], &str); 2] =
            [(&["--bogus"], "unexpected argument"), (&["--repeat", "0"], "--repeat")];
        for (args, says) in cases.iter().chain(&common) {
            let out = self.run(args);
            let err = stderr(&out);
            assert_eq!(out.status.code(), Some(2), "{args:?} should exit with 2: {err}");
            assert!(err.contains(says), "{args:?} should say {says:?}: {err}");
            assert!(!err.contains("panicked"), "{args:?} panicked: {err}");
        }
    }

    /// Runs `--quick` with `args` into a temporary directory, checks that it
    /// succeeds, prints its key results and writes every figure and data
    /// file its manifest lists (none empty).
    pub fn quick_run(&self, args: &[&str]) -> QuickRun {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let out_dir = dir.path().to_str().expect("a UTF-8 temporary path").to_owned();
        let mut all = vec!["--quick", "--out", out_dir.as_str()];
        all.extend_from_slice(args);
        let mut command = Command::new(&self.binary);
        command.args(&all);
        #[cfg(target_os = "linux")]
        let env = super::RunEnv::new();
        #[cfg(target_os = "linux")]
        env.apply(&mut command);
        let out = output_of(&mut command, &self.binary);
        assert!(out.status.success(), "the quick run failed: {}", stderr(&out));
        let manifest = Manifest::load(dir.path()).expect("the run writes manifest.json");
        let files =
            manifest.figures.iter().map(|f| &f.file).chain(manifest.data.iter().map(|d| &d.file));
        for file in files {
            let text = std::fs::read_to_string(dir.path().join(file))
                .unwrap_or_else(|e| panic!("{file} is listed but cannot be read: {e}"));
            assert!(!text.is_empty(), "{file} is empty");
        }
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(stdout.contains("Key results"), "no key results printed:\n{stdout}");
        QuickRun {
            manifest,
            stdout,
            _dir: dir,
            #[cfg(target_os = "linux")]
            env,
        }
    }

    /// Runs the lab with `args` (and `--out` a temporary directory) in a
    /// fresh [`super::RunEnv`], sends it SIGINT after `after`, and checks
    /// that it exits with status 130 and leaves no process, no file in its
    /// `TMPDIR` and no shared-memory name (see [`super::interrupt_command`]).
    #[cfg(target_os = "linux")]
    #[track_caller]
    pub fn interrupt_run(&self, args: &[&str], after: std::time::Duration) -> super::Interrupted {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let mut command = Command::new(&self.binary);
        command.args(args).arg("--out").arg(dir.path());
        super::interrupt_command(&mut command, &super::RunEnv::new(), after)
    }
}

/// How long one run of a lab may take in a test before it is killed.
const RUN_LIMIT: std::time::Duration = std::time::Duration::from_secs(300);

/// Runs `command` to its end and returns what it printed. Its output goes
/// to files, not pipes: a process the lab left behind would hold a pipe
/// open and keep `Command::output` waiting for ever, where the test should
/// fail and name it (`QuickRun::assert_nothing_left`). A run longer than
/// [`RUN_LIMIT`] is killed with its descendants and fails the test.
#[track_caller]
fn output_of(command: &mut Command, binary: &std::path::Path) -> Output {
    use std::process::Stdio;
    let logs = tempfile::tempdir().expect("a directory for the run's output");
    let (out_path, err_path) = (logs.path().join("stdout"), logs.path().join("stderr"));
    let file = |p: &std::path::Path| std::fs::File::create(p).expect("an output file");
    let mut child = command
        .stdin(Stdio::null())
        .stdout(file(&out_path))
        .stderr(file(&err_path))
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", binary.display()));
    let started = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("waiting for the lab") {
            break status;
        }
        if started.elapsed() > RUN_LIMIT {
            #[cfg(target_os = "linux")]
            crate::watchdog::tree::kill_pid_tree(child.id());
            let _ = child.kill();
            let _ = child.wait();
            panic!("{} did not end within {} s; killed", binary.display(), RUN_LIMIT.as_secs());
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    };
    let read = |p: &std::path::Path| std::fs::read(p).unwrap_or_default();
    Output { status, stdout: read(&out_path), stderr: read(&err_path) }
}

/// A finished `--quick` run: its manifest and what it printed.
pub struct QuickRun {
    /// What the run wrote: figures, data, key results.
    pub manifest: Manifest,
    /// Everything the run printed on stdout.
    pub stdout: String,
    /// The output directory, removed when the run is dropped.
    _dir: tempfile::TempDir,
    /// The run's `TMPDIR` and tag, to look for what it left.
    #[cfg(target_os = "linux")]
    env: super::RunEnv,
}

impl QuickRun {
    /// Fails the test, naming them, if a process the run started is still alive.
    #[cfg(target_os = "linux")]
    #[track_caller]
    pub fn assert_no_children(&self) {
        self.env.assert_no_children();
    }

    /// Fails the test, naming them, if the run left a process, a file in its
    /// `TMPDIR` or a shared-memory name with its tag.
    #[cfg(target_os = "linux")]
    #[track_caller]
    pub fn assert_nothing_left(&self) {
        self.env.assert_nothing_left();
    }

    /// The run drew exactly these figures, in this order, and named each
    /// one's file on stdout.
    pub fn has_figures(&self, names: &[&str]) {
        let drawn: Vec<&str> = self.manifest.figures.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(drawn, names, "the figures drawn");
        for figure in &self.manifest.figures {
            assert!(self.stdout.contains(&figure.file), "{} not named on stdout", figure.file);
        }
    }

    /// The run recorded each of these results.
    pub fn has_results(&self, keys: &[&str]) {
        for key in keys {
            assert!(self.manifest.result(key).is_some(), "no result {key}");
        }
    }

    /// The value recorded for `key`.
    pub fn result(&self, key: &str) -> &str {
        match self.manifest.result(key) {
            Some(entry) => &entry.value,
            None => panic!("no result {key}"),
        }
    }
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}
