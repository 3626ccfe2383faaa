//! Writing an exercise out as a standalone crate: the student's starter (for
//! `exercise start` and `verify`) or the reference solution (for `verify`).
//!
//! The crate is the marked module as `src/lib.rs`, a `Cargo.toml` with the
//! exercise's dependencies and an empty `[workspace]` table (so it never
//! joins an enclosing workspace), and the workbook's `Cargo.lock`, so that
//! dependencies resolve to the versions already built and downloaded. The
//! student's copy also gets a short README. This is the one place that turns
//! an exercise into files; the book shows the same [`Views`].

use super::markers::{self, Views};
use super::registry::Exercise;
use anyhow::{Context, Result};
use std::path::{Path, PathBuf};

/// Which of the two views a crate is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variant {
    /// The starter, as a student gets it.
    Starter,
    /// The reference solution.
    Solution,
}

/// Reads an exercise's marked source and cuts it into its two views.
pub fn views(exercise: &Exercise) -> Result<Views> {
    let path = exercise.source_path();
    let source = std::fs::read_to_string(&path).with_context(|| {
        format!("exercise `{}`: cannot read its source {}", exercise.id, path.display())
    })?;
    markers::split(&source, Path::new(&exercise.source_display()))
}

/// The package name of a generated crate: `exercise-<id>` or `solution-<id>`.
pub fn package_name(exercise: &Exercise, variant: Variant) -> String {
    match variant {
        Variant::Starter => format!("exercise-{}", exercise.id),
        Variant::Solution => format!("solution-{}", exercise.id),
    }
}

/// The generated crate's `Cargo.toml`, for a crate of its own.
pub fn cargo_toml(exercise: &Exercise, variant: Variant) -> Result<String> {
    let mut text = package_manifest(exercise, variant)?;
    text.push_str(
        "\n# A crate of its own, not a member of the workbook's workspace.\n[workspace]\n",
    );
    Ok(text)
}

/// The `Cargo.toml` without its `[workspace]` table: as a member of the
/// pair that `verify` builds ([`write_pair`]), the crate is otherwise the
/// one a student gets.
fn package_manifest(exercise: &Exercise, variant: Variant) -> Result<String> {
    let mut text = format!(
        "# Made by `cargo workbook` from {source}.\n\
         [package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n",
        source = exercise.source_display(),
        name = package_name(exercise, variant),
    );
    let mut dependencies = toml::Table::new();
    dependencies.insert("dependencies".into(), toml::Value::Table(absolute_paths(exercise)));
    let dependencies = toml::to_string(&dependencies).with_context(|| {
        format!("exercise `{}`: its dependencies do not form a table", exercise.id)
    })?;
    text.push_str(&dependencies);
    // A lab's modules may compile their tests out under the model checkers
    // (`#[cfg(not(feature = "loom"))]`); the features exist here, off, so
    // such a module builds without warnings about unknown features.
    text.push_str("\n[features]\nloom = []\nshuttle = []\n");
    Ok(text)
}

/// The exercise's dependencies with every `path = "..."` made absolute. In
/// `exercises.toml` a path is relative to the lab's directory, as in the
/// lab's own `Cargo.toml` (`labkit = { path = "../labkit" }`), but the
/// generated crate lives elsewhere.
fn absolute_paths(exercise: &Exercise) -> toml::Table {
    let mut dependencies = exercise.dependencies.clone();
    for (_, spec) in dependencies.iter_mut() {
        let Some(table) = spec.as_table_mut() else { continue };
        let relative =
            table.get("path").and_then(|p| p.as_str()).filter(|p| Path::new(p).is_relative());
        if let Some(relative) = relative {
            let absolute = exercise.lab_dir.join(relative).display().to_string();
            table.insert("path".into(), absolute.into());
        }
    }
    dependencies
}

/// The README of a student's copy.
pub fn readme(exercise: &Exercise) -> String {
    format!(
        "# Exercise {id}: {title}\n\n{summary}\n\n\
         Write your code in `src/lib.rs`; the tests at the bottom of that file say what is expected.\n\n\
         Check your work (from anywhere in the workbook):\n\n    cargo workbook exercise check {id}\n\n\
         Stuck? Each failing check reveals a hint, and `cargo workbook exercise hint {id}` shows the next one.\n\
         The reference solution is in the book, at the end of the exercise, and in `{source}`.\n",
        id = exercise.id,
        title = exercise.title,
        summary = exercise.summary.trim(),
        source = exercise.source_display(),
    )
}

/// Writes the crate into `dir` (created if needed) and returns the path of
/// its `src/lib.rs`. `lockfile`, if given, is copied in as `Cargo.lock`.
pub fn write_crate(
    exercise: &Exercise,
    variant: Variant,
    dir: &Path,
    lockfile: Option<&Path>,
) -> Result<PathBuf> {
    let lib = write_files(exercise, variant, dir, &cargo_toml(exercise, variant)?)?;
    copy_lockfile(lockfile, dir)?;
    Ok(lib)
}

/// The crate's files but its lockfile: `manifest`, `src/lib.rs` and, for
/// the starter, the README. Returns the path of `src/lib.rs`.
fn write_files(
    exercise: &Exercise,
    variant: Variant,
    dir: &Path,
    manifest: &str,
) -> Result<PathBuf> {
    let views = views(exercise)?;
    let code = match variant {
        Variant::Starter => views.starter,
        Variant::Solution => views.solution,
    };
    let src = dir.join("src");
    std::fs::create_dir_all(&src).with_context(|| format!("cannot create {}", src.display()))?;
    write(&dir.join("Cargo.toml"), manifest)?;
    let lib = src.join("lib.rs");
    write(&lib, &code)?;
    if variant == Variant::Starter {
        write(&dir.join("README.md"), &readme(exercise))?;
    }
    Ok(lib)
}

/// Copies `lockfile`, if given and present, into `dir` as `Cargo.lock`.
fn copy_lockfile(lockfile: Option<&Path>, dir: &Path) -> Result<()> {
    if let Some(lockfile) = lockfile.filter(|l| l.is_file()) {
        let target = dir.join("Cargo.lock");
        std::fs::copy(lockfile, &target).with_context(|| {
            format!("cannot copy {} to {}", lockfile.display(), target.display())
        })?;
    }
    Ok(())
}

/// The directories [`write_pair`] puts the starter and the solution in.
pub const PAIR: [(Variant, &str); 2] =
    [(Variant::Starter, "starter"), (Variant::Solution, "solution")];

/// Writes both views of an exercise into `dir` as a workspace of two
/// members, `starter/` and `solution/`, with `lockfile` as its `Cargo.lock`,
/// so that one cargo run compiles both at once. Their manifests are a
/// student's but for the `[workspace]` table and the package name, so the
/// two resolve the same dependencies with the same features, exactly as
/// each would on its own: sharing the build changes nothing they compile.
pub fn write_pair(exercise: &Exercise, dir: &Path, lockfile: Option<&Path>) -> Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let members = PAIR.map(|(_, member)| format!("\"{member}\"")).join(", ");
    write(
        &dir.join("Cargo.toml"),
        &format!(
            "# Made by `cargo workbook exercise verify` from {source}.\n\
             [workspace]\nmembers = [{members}]\nresolver = \"3\"\n",
            source = exercise.source_display(),
        ),
    )?;
    for (variant, member) in PAIR {
        write_files(exercise, variant, &dir.join(member), &package_manifest(exercise, variant)?)?;
    }
    copy_lockfile(lockfile, dir)
}

fn write(path: &Path, text: &str) -> Result<()> {
    std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exercise(dir: &Path, source: &str) -> Exercise {
        std::fs::create_dir_all(dir.join("src")).unwrap();
        std::fs::write(dir.join("src/answer.rs"), source).unwrap();
        let mut dependencies = toml::Table::new();
        dependencies.insert("rand".into(), "0.9".into());
        let mut features = toml::Table::new();
        features.insert("version".into(), "1".into());
        features.insert("features".into(), toml::Value::Array(vec!["derive".into()]));
        dependencies.insert("serde".into(), toml::Value::Table(features));
        Exercise {
            id: "00-answer".into(),
            title: "The answer".into(),
            source: "src/answer.rs".into(),
            summary: "Find it.".into(),
            hints: vec![],
            dependencies,
            test_hints: Default::default(),
            lab: "lab-00-amdahl".into(),
            lab_dir: dir.to_path_buf(),
        }
    }

    const SOURCE: &str = "pub fn answer() -> u32 {\n    // exercise: solution\n    42\n    // exercise: starter\n    // todo!()\n    // exercise: end\n}\n";

    #[test]
    fn path_dependencies_are_made_absolute_from_the_lab_directory() {
        let dir = tempfile::tempdir().unwrap();
        let mut e = exercise(dir.path(), SOURCE);
        let mut spec = toml::Table::new();
        spec.insert("path".into(), "../labkit".into());
        e.dependencies.insert("labkit".into(), toml::Value::Table(spec));
        let manifest: toml::Table = cargo_toml(&e, Variant::Starter).unwrap().parse().unwrap();
        let path = manifest["dependencies"]["labkit"]["path"].as_str().unwrap();
        assert_eq!(Path::new(path), dir.path().join("../labkit"));
        assert_eq!(manifest["dependencies"]["rand"].as_str(), Some("0.9"));
    }

    #[test]
    fn the_starter_crate_is_complete_and_standalone() {
        let lab = tempfile::tempdir().unwrap();
        let out = tempfile::tempdir().unwrap();
        let e = exercise(lab.path(), SOURCE);
        let lib = write_crate(&e, Variant::Starter, out.path(), None).unwrap();
        assert_eq!(
            std::fs::read_to_string(lib).unwrap(),
            "pub fn answer() -> u32 {\n    todo!()\n}\n"
        );
        let manifest: toml::Table =
            std::fs::read_to_string(out.path().join("Cargo.toml")).unwrap().parse().unwrap();
        assert_eq!(manifest["package"]["name"].as_str(), Some("exercise-00-answer"));
        assert_eq!(manifest["package"]["edition"].as_str(), Some("2024"));
        assert_eq!(manifest["dependencies"]["rand"].as_str(), Some("0.9"));
        assert_eq!(manifest["dependencies"]["serde"]["features"][0].as_str(), Some("derive"));
        assert!(manifest["workspace"].as_table().unwrap().is_empty());
        let readme = std::fs::read_to_string(out.path().join("README.md")).unwrap();
        assert!(readme.contains("cargo workbook exercise check 00-answer"), "{readme}");
    }

    #[test]
    fn the_solution_crate_has_the_solution_and_the_lockfile() {
        let lab = tempfile::tempdir().unwrap();
        let out = tempfile::tempdir().unwrap();
        let e = exercise(lab.path(), SOURCE);
        let lock = lab.path().join("Cargo.lock");
        std::fs::write(&lock, "version = 4\n").unwrap();
        let lib = write_crate(&e, Variant::Solution, out.path(), Some(&lock)).unwrap();
        assert_eq!(std::fs::read_to_string(lib).unwrap(), "pub fn answer() -> u32 {\n    42\n}\n");
        assert!(out.path().join("Cargo.lock").is_file());
        assert!(!out.path().join("README.md").exists());
        assert!(
            cargo_toml(&e, Variant::Solution).unwrap().contains("name = \"solution-00-answer\"")
        );
    }

    #[test]
    fn the_pair_is_two_student_crates_in_one_workspace() {
        let lab = tempfile::tempdir().unwrap();
        let out = tempfile::tempdir().unwrap();
        let e = exercise(lab.path(), SOURCE);
        write_pair(&e, out.path(), None).unwrap();
        let root: toml::Table =
            std::fs::read_to_string(out.path().join("Cargo.toml")).unwrap().parse().unwrap();
        let members: Vec<&str> = root["workspace"]["members"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m.as_str().unwrap())
            .collect();
        assert_eq!(members, ["starter", "solution"]);
        for (variant, member) in PAIR {
            let manifest = std::fs::read_to_string(out.path().join(member).join("Cargo.toml"));
            // A student's manifest but for the table that makes it a workspace.
            let standalone = cargo_toml(&e, variant).unwrap();
            let (package, table) = standalone.rsplit_once("\n# A crate of its own").unwrap();
            assert_eq!(manifest.unwrap(), package);
            assert!(table.ends_with("[workspace]\n"), "{table}");
        }
        let lib = std::fs::read_to_string(out.path().join("starter/src/lib.rs")).unwrap();
        assert_eq!(lib, "pub fn answer() -> u32 {\n    todo!()\n}\n");
    }

    #[test]
    fn a_missing_source_names_the_exercise() {
        let lab = tempfile::tempdir().unwrap();
        let mut e = exercise(lab.path(), SOURCE);
        e.source = "src/gone.rs".into();
        let err = format!("{:#}", views(&e).unwrap_err());
        assert!(err.contains("00-answer") && err.contains("gone.rs"), "{err}");
    }
}
