//! An experiment that leaves a descriptor open or a child running fails
//! the lab's run, naming the experiment and the leftover. (The check runs
//! in the library as a lab links it, so it is tested from outside the
//! crate: the kit's own unit tests run beside tests that start children.)
#![cfg(target_os = "linux")]

use clap::ValueEnum;
use labkit::cli::{CommonArgs, LabRun, Only};

/// The experiments of a toy lab, in running order.
#[derive(Clone, Copy, Debug, PartialEq, ValueEnum)]
enum Step {
    /// Opens a file and closes it.
    Tidy,
    /// Opens a file and forgets it.
    LeaksFile,
    /// Starts a child and never waits for it.
    LeaksChild,
}

/// Runs the toy lab's one experiment `only`; a child it starts is kept in
/// `children`, for the test to end afterwards.
fn run(
    only: Step,
    dir: &std::path::Path,
    children: &mut Vec<std::process::Child>,
) -> anyhow::Result<()> {
    let args = CommonArgs { quick: true, out: Some(dir.join("out")), ..CommonArgs::default() };
    let lab = LabRun::open("lab-99-leftovers", &args, (3, 2))?;
    let file = dir.join("kept-open.txt");
    lab.experiments(&Only { only: vec![only] }, |_, step| {
        match step {
            Step::Tidy => drop(std::fs::File::create(&file)?),
            Step::LeaksFile => std::mem::forget(std::fs::File::create(&file)?),
            Step::LeaksChild => {
                children.push(std::process::Command::new("sleep").arg("30").spawn()?)
            }
        }
        Ok(())
    })
}

#[test]
fn a_tidy_experiment_passes_and_a_leaky_one_is_named_with_what_it_left() {
    let dir = tempfile::tempdir().unwrap();
    let mut children = Vec::new();
    run(Step::Tidy, dir.path(), &mut children).expect("nothing left");

    let err = format!("{:#}", run(Step::LeaksFile, dir.path(), &mut children).unwrap_err());
    assert!(err.contains("`leaks-file` left 1 descriptor(s) open"), "{err}");
    assert!(err.contains("kept-open.txt"), "{err}");

    let err = format!("{:#}", run(Step::LeaksChild, dir.path(), &mut children).unwrap_err());
    assert!(err.contains("after the experiment `leaks-child`"), "{err}");
    assert!(err.contains("sleep"), "{err}");
    // This test's own leftover: end and reap the child it left on purpose.
    for mut child in children {
        child.kill().unwrap();
        child.wait().unwrap();
    }
}
