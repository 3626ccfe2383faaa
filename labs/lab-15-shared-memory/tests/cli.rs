//! The lab's command line as a user meets it: help, bad arguments, a quick
//! run that writes every figure it lists, and nothing left behind, neither
//! after a quick run nor after Ctrl-C in the middle of one.

#![cfg(not(any(feature = "loom", feature = "shuttle")))]

use labkit::testing::LabCli;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_lab-15-shared-memory");

fn lab() -> LabCli {
    LabCli::new(BIN)
}

#[test]
fn help_explains_every_option() {
    lab().help_mentions(&[
        "--workers",
        "--increments",
        "--every",
        "--python-all",
        "--python",
        "--only",
    ]);
}

#[test]
fn bad_arguments_get_a_message_and_status_2_not_a_panic() {
    lab().rejects(&[
        (&["--workers", "0"], "--workers"),
        (&["--workers", "many"], "--workers"),
        (&["--increments", "10"], "--increments"),
        (&["--every", "0"], "out of range"),
        (&["--every", "1,x"], "not a check interval"),
        (&["--only", "everything"], "invalid value"),
    ]);
}

#[test]
fn a_quick_run_writes_every_figure_and_data_file_it_lists() {
    let run = lab().quick_run(&["--increments", "100000", "--every", "1,1000"]);
    run.has_figures(&["primes", "every"]);
    run.has_results(&[
        "square-list",
        "lost-atomic",
        "lost-locked",
        "noflag-np2",
        "atomic-np2",
        "best-every",
        "python",
    ]);
    assert_eq!(run.result("square-list"), "[1, 4, 9, 16], sum 30");
    assert_eq!(run.result("lost-atomic"), "0 %");
    assert_eq!(run.result("lost-locked"), "0 %");
}

/// Every process whose environment holds `tag`: the lab and all it forked.
fn processes_tagged(tag: &str) -> Vec<u32> {
    let needle = format!("LAB15_TEST_TAG={tag}");
    let Ok(dir) = std::fs::read_dir("/proc") else { return Vec::new() };
    dir.flatten()
        .filter_map(|e| e.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| {
            std::fs::read(format!("/proc/{pid}/environ"))
                .is_ok_and(|env| env.split(|&b| b == 0).any(|var| var == needle.as_bytes()))
        })
        .collect()
}

fn assert_none_left(tag: &str) {
    let start = Instant::now();
    while !processes_tagged(tag).is_empty() && start.elapsed() < Duration::from_secs(5) {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(processes_tagged(tag), Vec::<u32>::new(), "processes of the run are still alive");
}

fn assert_empty(dir: &Path) {
    let left: Vec<_> = std::fs::read_dir(dir).unwrap().flatten().map(|e| e.path()).collect();
    assert!(left.is_empty(), "files left in TMPDIR: {left:?}");
}

fn tagged_run(tag: &str, tmp: &Path, out: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(BIN);
    command
        .args(["--out", out.to_str().unwrap()])
        .args(args)
        .env("LAB15_TEST_TAG", tag)
        .env("TMPDIR", tmp)
        .stdin(Stdio::null());
    command
}

#[test]
fn a_quick_run_leaves_no_process_and_no_file_behind() {
    let (tmp, out) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let tag = format!("quick-{}", std::process::id());
    let status = tagged_run(
        &tag,
        tmp.path(),
        out.path(),
        &["--quick", "--only", "values", "--increments", "100000"],
    )
    .stdout(Stdio::null())
    .status()
    .unwrap();
    assert!(status.success());
    assert_none_left(&tag);
    assert_empty(tmp.path());
}

#[test]
fn ctrl_c_during_the_prime_check_ends_every_worker() {
    let (tmp, out) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let tag = format!("interrupted-{}", std::process::id());
    let lab = tagged_run(&tag, tmp.path(), out.path(), &["--only", "primes", "--repeat", "20"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Wait for the lab and at least two forked workers, then interrupt.
    let start = Instant::now();
    while processes_tagged(&tag).len() < 3 {
        assert!(start.elapsed() < Duration::from_secs(60), "the lab never forked its workers");
        std::thread::sleep(Duration::from_millis(5));
    }
    nix::sys::signal::kill(nix::unistd::Pid::from_raw(lab.id() as i32), nix::sys::signal::SIGINT)
        .unwrap();
    let output = labkit::testing::finishes_within(
        Duration::from_secs(20),
        "the interrupted lab",
        move || lab.wait_with_output(),
    )
    .unwrap();
    assert_eq!(output.status.code(), Some(130), "{}", String::from_utf8_lossy(&output.stderr));
    assert_none_left(&tag);
    assert_empty(tmp.path());
}
