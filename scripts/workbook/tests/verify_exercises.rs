//! The project's own proof that every exercise in the repository works both
//! ways: `cargo workbook exercise verify` generates each starter and each
//! solution as a student would get them and runs their tests (the starter
//! must fail at least one, the solution must pass them all).
//!
//! This is the tool's one slow test: it runs cargo on every exercise (into
//! `target/exercise-verify`, so later runs reuse the compiled dependencies).

use std::process::Command;

#[test]
fn every_starter_fails_its_tests_and_every_solution_passes_them() {
    let output = Command::new(env!("CARGO_BIN_EXE_workbook"))
        .args(["exercise", "verify"])
        .output()
        .expect("the workbook binary runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    println!("{stdout}");
    assert!(output.status.success(), "exercise verify failed:\n{stdout}\n{stderr}");
}
