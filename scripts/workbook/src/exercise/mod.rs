//! Classroom exercises: one marked source per exercise, turned into a
//! starter for students, a solution for the project's own checks, and a
//! block in the book.
//!
//! | module | what it owns |
//! | --- | --- |
//! | [`registry`] | the labs' `exercises.toml` files |
//! | [`markers`] | cutting a marked source into starter and solution |
//! | [`scaffold`] | writing either view out as a standalone crate |
//! | [`student`] | a student's copy under `my-exercises/` and its saved state |
//! | [`testrun`], [`libtest`] | running an exercise's tests and reading the results |
//! | [`check`] | `exercise check` and `exercise hint` |
//! | [`verify`] | `exercise verify`: starters fail, solutions pass |
//!
//! This file holds the two simplest commands, `list` and `start`.

pub mod check;
pub mod libtest;
pub mod markers;
pub mod registry;
pub mod scaffold;
pub mod student;
pub mod testrun;
pub mod verify;

use crate::workspace::Workspace;
use anyhow::{Context, Result, bail};
use registry::Registry;
use scaffold::Variant;
use student::StudentCopy;

/// `exercise list`: every exercise with its status.
pub fn list(workspace: &Workspace, registry: &Registry) {
    if registry.exercises.is_empty() {
        println!("No lab declares an exercise yet (labs/<lab>/{}).", registry::FILE_NAME);
        return;
    }
    let mut table = crate::table::new(["exercise", "title", "lab", "status"]);
    for exercise in &registry.exercises {
        let copy = StudentCopy::new(&workspace.root, &exercise.id);
        let status = match (copy.exists(), copy.last_check()) {
            (false, _) => "not started".to_string(),
            (true, None) => "started, not checked yet".to_string(),
            (true, Some(check)) => format!("started, {check}"),
        };
        table.add_row([
            exercise.id.as_str(),
            exercise.title.as_str(),
            exercise.lab.as_str(),
            status.as_str(),
        ]);
    }
    println!("{table}");
    println!("Start one with `cargo workbook exercise start <exercise>`.");
}

/// `exercise start`: makes the student's copy in `my-exercises/<id>/`.
pub fn start(workspace: &Workspace, registry: &Registry, id: &str, force: bool) -> Result<()> {
    let exercise = registry.get(id)?;
    let copy = StudentCopy::new(&workspace.root, id);
    if copy.dir.exists() {
        if !force {
            bail!(
                "{} already exists, and your work is in it.\n\
                 To throw it away and start over, run `cargo workbook exercise start {id} --force`.",
                copy.dir.display()
            );
        }
        std::fs::remove_dir_all(&copy.dir)
            .with_context(|| format!("cannot remove {}", copy.dir.display()))?;
    }
    let lib = scaffold::write_crate(
        exercise,
        Variant::Starter,
        &copy.dir,
        Some(&workspace.root.join("Cargo.lock")),
    )?;
    println!("Started exercise {id}: {}\n", exercise.title);
    println!("{}\n", exercise.summary.trim());
    println!("  edit   {}", lib.display());
    println!("  check  cargo workbook exercise check {id}");
    println!("  hints  cargo workbook exercise hint {id}");
    Ok(())
}
