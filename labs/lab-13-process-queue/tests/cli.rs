//! The lab's command line as a user meets it: help, bad arguments, a quick
//! run that writes every figure and data file it announces, and nothing
//! left behind, after a whole quick run and after one interrupted mid-run.

use labkit::testing::LabCli;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_lab-13-process-queue");

fn lab() -> LabCli {
    LabCli::new(BIN)
}

#[test]
fn help_explains_every_option() {
    lab().help_mentions(&["--tasks", "--deadline", "--python", "--only"]);
}

#[test]
fn bad_arguments_get_a_message_and_status_2_not_a_panic() {
    lab().rejects(&[
        (&["--tasks", "1"], "--tasks"),
        (&["--tasks", "13"], "--tasks"),
        (&["--tasks", "six"], "--tasks"),
        (&["--deadline", "10"], "--deadline"),
        (&["--only", "everything"], "invalid value"),
    ]);
}

#[test]
fn a_quick_run_writes_every_figure_and_data_file_it_lists() {
    let run = lab().quick_run(&["--repeat", "2"]);
    run.has_figures(&["cost", "breakeven"]);
    run.has_results(&[
        "order-arrival",
        "cost-process-8",
        "cost-process-64k",
        "cost-serial-8",
        "cost-thread-8",
        "break-even",
        "join-first-threads",
        "mid-message-error",
    ]);
    assert!(
        run.result("mid-message-error").contains("100 of 1000"),
        "{}",
        run.result("mid-message-error")
    );
}

/// Every live process whose environment carries `tag` (children inherit it).
fn processes_tagged(tag: &str) -> Vec<String> {
    let needle = format!("LAB13_TEST_TAG={tag}");
    let mut found = Vec::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        let Ok(env) = std::fs::read(entry.path().join("environ")) else { continue };
        if env.split(|&b| b == 0).any(|kv| kv == needle.as_bytes()) {
            let stat = std::fs::read_to_string(entry.path().join("stat")).unwrap_or_default();
            found.push(stat);
        }
    }
    found
}

/// Runs the lab with a fresh TMPDIR and a tag, optionally interrupted with
/// SIGINT after `interrupt_after`; returns its exit status, the tag and the TMPDIR.
fn run_tagged(
    args: &[&str],
    interrupt_after: Option<Duration>,
) -> (std::process::ExitStatus, String, tempfile::TempDir) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let tag = format!("{}-{}", std::process::id(), Instant::now().elapsed().as_nanos());
    let mut child = Command::new(BIN)
        .args(args)
        .arg("--out")
        .arg(out.path())
        .env("TMPDIR", tmp.path())
        .env("LAB13_TEST_TAG", &tag)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    if let Some(after) = interrupt_after {
        std::thread::sleep(after);
        // Safety: kill only sends a signal to our own child.
        unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
    }
    let status = child.wait().unwrap();
    (status, tag, tmp)
}

/// Nothing of the run is left: no process with its tag (children die with
/// it or are reaped by it; give the kernel a moment), no file in its TMPDIR.
fn assert_nothing_left(tag: &str, tmp: &Path) {
    let deadline = Instant::now() + Duration::from_secs(5);
    let mut left = processes_tagged(tag);
    while !left.is_empty() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
        left = processes_tagged(tag);
    }
    assert!(left.is_empty(), "processes left behind: {left:?}");
    let files: Vec<_> = std::fs::read_dir(tmp).unwrap().flatten().map(|e| e.path()).collect();
    assert!(files.is_empty(), "files left in TMPDIR: {files:?}");
}

#[test]
fn a_quick_run_leaves_no_process_and_no_file() {
    let (status, tag, tmp) = run_tagged(&["--quick", "--repeat", "1"], None);
    assert!(status.success(), "{status}");
    assert_nothing_left(&tag, tmp.path());
}

#[test]
fn an_interrupted_run_leaves_no_process_and_no_file() {
    // Interrupted while workers sleep, while a consumer child takes messages,
    // while a worker process computes, and while a producer is stuck.
    let moments =
        [("order", 60), ("cost", 400), ("cost", 1200), ("breakeven", 600), ("pitfalls", 150)];
    for (only, after) in moments {
        let (status, tag, tmp) =
            run_tagged(&["--quick", "--only", only], Some(Duration::from_millis(after)));
        assert!(!status.success(), "{only}: the run was not interrupted ({status})");
        assert_nothing_left(&tag, tmp.path());
    }
}
