//! The lab's command line as a user meets it: help, bad arguments, a quick
//! run that writes every figure and data file it announces, and nothing
//! left behind, whether the run ends by itself or by Ctrl-C.

use labkit::testing::LabCli;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_lab-16-manager");

fn lab() -> LabCli {
    LabCli::new(BIN)
}

#[test]
fn help_explains_every_option() {
    lab().help_mentions(&["--batches", "--increments", "--python", "--only"]);
}

#[test]
fn bad_arguments_get_a_message_and_status_2_not_a_panic() {
    lab().rejects(&[
        (&["--batches", "0"], "out of range"),
        (&["--batches", "10001"], "out of range"),
        (&["--batches", "10,x"], "not a batch size"),
        (&["--increments", "5"], "--increments"),
        (&["--increments", "lots"], "--increments"),
        (&["--only", "everything"], "invalid value"),
    ]);
}

#[test]
fn a_quick_run_writes_every_figure_and_states_its_claims() {
    let run = lab().quick_run(&["--repeat", "1"]);
    run.has_figures(&["cost", "batching"]);
    run.has_results(&[
        "records",
        "trap-after-push",
        "rmw-lost-in-manager",
        "cost-local",
        "cost-proxy",
        "cost-batched",
        "dies-mid-call",
        "client-dies-survivor",
    ]);
    for claim in [
        "records-shared",
        "trap-copy",
        "rmw-in-manager-keeps",
        "manager-death-is-an-error",
        "client-death-harmless",
    ] {
        let c = &run.manifest.claim(claim).unwrap_or_else(|| panic!("no claim {claim}")).claim;
        assert!(c.held(), "{claim}: {} ({})", c.statement, c.evidence);
    }
}

/// A fresh TMPDIR and run tag for one run, and the checks that it left nothing.
struct Sandbox {
    /// The TMPDIR the lab gets.
    tmp: tempfile::TempDir,
    /// The run tag (`LABKIT_RUN_TAG`), unique to this test.
    tag: String,
}

impl Sandbox {
    fn new(name: &str) -> Sandbox {
        let tag = format!("lab16-{name}-{}", std::process::id());
        Sandbox { tmp: tempfile::tempdir().expect("a temporary directory"), tag }
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut c = Command::new(BIN);
        c.args(args).env("TMPDIR", self.tmp.path()).env("LABKIT_RUN_TAG", &self.tag);
        c.stdout(Stdio::null()).stderr(Stdio::piped());
        c
    }

    /// Nothing in the TMPDIR, no process anywhere whose command line names
    /// it, and no process left that the lab forked (a forked manager or
    /// helper has the lab's own command line, with this run's TMPDIR in
    /// its environment).
    fn assert_nothing_left(&self) {
        // Give killed processes a moment to be reaped by whoever owns them.
        let deadline = Instant::now() + Duration::from_secs(3);
        loop {
            let files = entries(self.tmp.path());
            let mut procs = processes_naming(self.tmp.path());
            procs.extend(processes_with_env(&format!("LABKIT_RUN_TAG={}", self.tag)));
            if files.is_empty() && procs.is_empty() {
                return;
            }
            if Instant::now() > deadline {
                panic!("left behind: files {files:?}, processes {procs:?}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

fn entries(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .map(|d| d.flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect())
        .unwrap_or_default()
}

/// Pids of live processes whose command line contains `path`.
fn processes_naming(path: &Path) -> Vec<(u32, String)> {
    let needle = path.to_string_lossy().into_owned();
    let mut found = Vec::new();
    for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else { continue };
        let Ok(raw) = std::fs::read(entry.path().join("cmdline")) else { continue };
        let cmdline = String::from_utf8_lossy(&raw).replace('\0', " ");
        if cmdline.contains(&needle) {
            found.push((pid, cmdline));
        }
    }
    found
}

/// Pids of live processes whose environment contains `entry`.
fn processes_with_env(entry: &str) -> Vec<(u32, String)> {
    let mut found = Vec::new();
    for e in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let Ok(pid) = e.file_name().to_string_lossy().parse::<u32>() else { continue };
        let Ok(raw) = std::fs::read(e.path().join("environ")) else { continue };
        if raw.split(|&b| b == 0).any(|v| v == entry.as_bytes()) {
            let cmd = std::fs::read(e.path().join("cmdline")).unwrap_or_default();
            found.push((pid, String::from_utf8_lossy(&cmd).replace('\0', " ")));
        }
    }
    found
}

#[test]
fn a_finished_run_leaves_no_socket_file_temp_dir_or_process() {
    let sandbox = Sandbox::new("quick");
    let out = sandbox.tmp.path().join("out");
    let status = sandbox
        .command(&["--quick", "--repeat", "1", "--out", out.to_str().unwrap()])
        .status()
        .expect("the lab runs");
    assert!(status.success());
    std::fs::remove_dir_all(&out).expect("the output directory was written");
    sandbox.assert_nothing_left();
}

#[test]
fn an_interrupted_run_exits_130_and_leaves_nothing() {
    let sandbox = Sandbox::new("sigint");
    let out = sandbox.tmp.path().join("out");
    // Interrupted while the manager process runs with its socket in TMPDIR.
    let mut child = sandbox
        .command(&["--only", "cost", "--out", out.to_str().unwrap()])
        .spawn()
        .expect("the lab starts");
    let started = Instant::now();
    while entries(sandbox.tmp.path()).iter().all(|e| !e.contains("lab16-manager")) {
        assert!(started.elapsed() < Duration::from_secs(60), "the manager never started");
        assert!(child.try_wait().unwrap().is_none(), "the lab ended before the manager started");
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(300));
    // Safety: kill(2) with a pid we started and still own (not yet waited for).
    assert_eq!(unsafe { libc::kill(child.id() as i32, libc::SIGINT) }, 0);
    let out_of_lab = child.wait_with_output().expect("the lab ends");
    assert_eq!(
        out_of_lab.status.code(),
        Some(130),
        "{}",
        String::from_utf8_lossy(&out_of_lab.stderr)
    );
    let _ = std::fs::remove_dir_all(&out);
    sandbox.assert_nothing_left();
}
