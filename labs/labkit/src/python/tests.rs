//! The four ways a Python series ends: JSON parsed, a hang killed, garbage
//! rejected, no interpreter. They need python3 (as CI has); the missing
//! interpreter and the environment override are checked without it.

use super::*;
use serde::Deserialize;
use std::path::PathBuf;

/// What the well-behaved script prints.
#[derive(Deserialize, Debug, PartialEq)]
struct Answer {
    /// The arguments it was given.
    args: Vec<String>,
    /// An environment variable the script was given.
    seed: String,
}

/// The interpreter on this machine; the tests below need one.
fn python3() -> Python {
    let python = Python::find(Some(DEFAULT_PROGRAM));
    assert!(python.version().is_some(), "these tests need python3: {}", python.describe());
    python
}

/// Writes `source` as `<name>` in a fresh temporary directory.
fn script(name: &str, source: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join(name);
    std::fs::write(&path, source).expect("the script is written");
    (dir, path)
}

#[test]
fn a_script_that_prints_json_is_parsed_with_its_arguments_and_environment() {
    let python = python3();
    assert!(python.describe().starts_with("Python 3."), "{}", python.describe());
    let source = "import json, os, sys\n\
                  print(json.dumps({'args': sys.argv[1:], 'seed': os.environ['PYTHONHASHSEED']}))\n";
    let (dir, path) = script("echo.py", source);
    let run = Script::at(&path).arg("--n").args(["3", "x y"]).env("PYTHONHASHSEED", "7");
    let answer: Answer = python.run(&run).expect("the script runs");
    assert_eq!(
        answer,
        Answer { args: vec!["--n".into(), "3".into(), "x y".into()], seed: "7".into() }
    );
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(left.len(), 1, "nothing written beside the script (no __pycache__)");
}

#[test]
fn a_script_that_hangs_is_killed_at_its_deadline_and_leaves_no_process() {
    let python = python3();
    let source = "import os, sys, time\n\
                  open(sys.argv[1], 'w').write(str(os.getpid()))\n\
                  time.sleep(60)\n";
    let (dir, path) = script("hang.py", source);
    let pid_file = dir.path().join("pid");
    let run = Script::at(&path).arg(&pid_file).deadline(Duration::from_millis(1500));
    let started = std::time::Instant::now();
    let skipped = python.run::<Answer>(&run).expect_err("a hang is not a result");
    assert!(started.elapsed() < Duration::from_secs(30), "the deadline ended it");
    assert_eq!(
        skipped.note(),
        "Python series skipped: hang.py took longer than 1.5 s and was stopped"
    );
    let pid = std::fs::read_to_string(&pid_file).expect("the script started and wrote its pid");
    // Reaped, not a zombie: the process is gone from the process table.
    if cfg!(target_os = "linux") {
        let proc_entry = PathBuf::from("/proc").join(pid.trim());
        assert!(!proc_entry.exists(), "process {pid} is still there");
    }
}

#[test]
fn a_script_that_prints_garbage_or_fails_is_skipped_with_why() {
    let python = python3();
    let (_dir, garbage) = script("garbage.py", "print('hello, not json')\n");
    let why = python.run::<Answer>(&Script::at(&garbage)).unwrap_err().to_string();
    assert!(why.starts_with("garbage.py printed something other than the JSON expected"), "{why}");
    assert!(why.contains("hello, not json"), "{why}");

    let (_dir, wrong) = script("wrong.py", "print('{\"args\": 3}')\n");
    let why = python.run::<Answer>(&Script::at(&wrong)).unwrap_err().to_string();
    assert!(why.contains("other than the JSON expected"), "{why}");

    let (_dir, fails) = script("fails.py", "import sys\nsys.exit('boom: no luck')\n");
    let why = python.run::<Answer>(&Script::at(&fails)).unwrap_err().to_string();
    assert!(
        why.starts_with("fails.py failed (exit status: 1)") && why.ends_with("boom: no luck"),
        "{why}"
    );

    let why = python.run::<Answer>(&Script::at("/no/such/script.py")).unwrap_err().to_string();
    assert_eq!(why, "the script /no/such/script.py is missing");
}

#[test]
fn a_missing_interpreter_skips_every_series_with_the_same_note() {
    let python = Python::find(Some("no-such-python-for-labkit"));
    assert_eq!(python.version(), None);
    let why = python.describe();
    assert!(why.starts_with("skipped: `no-such-python-for-labkit` cannot be started"), "{why}");
    let (_dir, path) = script("ok.py", "print('{}')\n");
    let skipped = python.run::<serde_json::Value>(&Script::at(&path)).unwrap_err();
    assert!(skipped.note().starts_with("Python series skipped: `no-such-python-for-labkit`"));
    // Found once per run: the second call reuses the first answer.
    assert_eq!(Python::find(Some("no-such-python-for-labkit")), python);
}

#[test]
fn something_that_is_not_python_3_is_refused() {
    let python = Python::find(Some("false"));
    assert!(python.describe().contains("not Python 3"), "{}", python.describe());
}

#[test]
fn the_option_beats_the_environment_which_beats_python3() {
    assert_eq!(choose_program(Some("py"), Some("env-py")), "py");
    assert_eq!(choose_program(None, Some("env-py")), "env-py");
    assert_eq!(choose_program(None, Some("  ")), "python3");
    assert_eq!(choose_program(None, None), "python3");
}

#[test]
fn scripts_of_a_lab_are_in_its_python_folder() {
    let script = Script::new("lab-01-threads", "cpu_threads.py");
    assert!(script.path().is_file(), "{}", script.path().display());
    assert_eq!(script.name(), "cpu_threads.py");
}

#[test]
fn ratios_keep_the_digits_that_matter() {
    assert_eq!(format_ratio(48.4), "48×");
    assert_eq!(format_ratio(3.24), "3.2×");
    assert_eq!(format_ratio(0.854), "0.85×");
    assert!(format_ratio(f64::INFINITY).starts_with("not measured"));
}

#[test]
fn the_python_used_and_a_ratio_are_recorded_as_results() {
    let dir = tempfile::tempdir().unwrap();
    let args = crate::CommonArgs {
        quick: true,
        out: Some(dir.path().to_path_buf()),
        ..crate::CommonArgs::default()
    };
    let mut ctx = LabContext::new("lab-99-test", &args, (3, 1)).unwrap();
    Python::find(Some("no-such-python-for-labkit")).record(&mut ctx);
    assert_eq!(record_ratio(&mut ctx, "ratio", 0.5, 20.0, "Rust against Python"), 40.0);
    ctx.finish().unwrap();
    let m = crate::manifest::Manifest::load(dir.path()).unwrap();
    assert!(m.result("python").unwrap().value.starts_with("skipped: `no-such-python-for-labkit`"));
    assert_eq!(m.result("ratio").unwrap().value, "40×");
}
