//! The lab's command line as a user meets it: help, bad arguments, a quick
//! run that writes every figure it lists and leaves nothing behind, and a
//! run interrupted with Ctrl-C that exits 130 and leaves nothing behind.

use labkit::testing::LabCli;
use std::time::Duration;

fn lab() -> LabCli {
    LabCli::new(env!("CARGO_BIN_EXE_lab-10-process"))
}

#[test]
fn help_explains_every_option_and_hides_the_child_mode() {
    lab().help_mentions(&["--max-memory", "--python", "--only"]);
    let help = String::from_utf8_lossy(&lab().run(&["--help"]).stdout).into_owned();
    assert!(!help.contains("--child"), "the internal child mode is hidden:\n{help}");
}

#[test]
fn bad_arguments_get_a_message_and_status_2_not_a_panic() {
    lab().rejects(&[
        (&["--max-memory", "0"], "out of range"),
        (&["--max-memory", "lots"], "not a number"),
        (&["--max-memory", "100000000"], "does not fit"),
        (&["--only", "everything"], "invalid value"),
    ]);
}

#[test]
fn a_quick_run_writes_its_figures_and_leaves_nothing_behind() {
    let run = lab().quick_run(&["--max-memory", "64", "--repeat", "2"]);
    run.has_figures(&["start-cost", "fork-page-tables", "python-start"]);
    run.has_results(&["parent-threads", "fork-smallest", "fork-largest", "posix-spawn-largest"]);
    assert_eq!(run.result("fork-threads"), "1");
    assert_eq!(run.result("state-bytes"), "01 02");
    for claim in ["global", "heap", "threads", "cloexec", "env", "getstate"] {
        let entry = run.manifest.claim(claim).unwrap_or_else(|| panic!("no claim {claim}"));
        assert!(entry.claim.held(), "{claim}: {}", entry.claim.evidence);
    }
    run.assert_nothing_left();
}

#[test]
fn an_interrupted_run_exits_130_and_leaves_nothing_behind() {
    // A cost series of 15 runs a point (about 7 s here): a quick one can end
    // within 700 ms on an idle machine, before the interrupt.
    let run = lab().interrupt_run(
        &["--only", "cost", "--max-memory", "256", "--repeat", "15"],
        Duration::from_millis(700),
    );
    assert!(run.stderr.contains("interrupted"), "{}", run.stderr);
}

#[test]
fn a_run_interrupted_inside_python_leaves_nothing_behind() {
    // Python's multiprocessing leaves a pymp-* directory in TMPDIR when it
    // is killed; the kit gives each script a TMPDIR of its own and removes it.
    if labkit::python::Python::find(None).version().is_none() {
        eprintln!("no python3: nothing to interrupt");
        return;
    }
    // 20 runs a start method (about 7 s here; a quick series ends in 0.7 s).
    lab().interrupt_run(&["--only", "python", "--repeat", "20"], Duration::from_millis(900));
}
