//! Step 1 of the build: compile every lab in one cargo invocation and learn
//! where each executable is.
//!
//! `cargo build -p lab-a -p lab-b --message-format=json-render-diagnostics`
//! prints compiler diagnostics and progress on stderr (left to the terminal)
//! and one JSON message per line on stdout; each `compiler-artifact` message
//! of a binary names its package's manifest and its executable. The dev
//! profile is used on purpose: the workspace optimises labs even there, and
//! `--release` would build every dependency a second time.

use crate::cargo;
use crate::workspace::{Lab, Workspace};
use anyhow::{Context, Result, bail};
use cargo_metadata::{Message, TargetKind};
use std::io::BufReader;
use std::path::{Path, PathBuf};
use std::process::Stdio;

/// A lab binary the build produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Executable {
    /// The manifest of the package it belongs to.
    pub manifest: PathBuf,
    /// The binary target's name.
    pub name: String,
    /// Where it is.
    pub path: PathBuf,
}

/// Builds `labs` and returns each lab's executable, in the same order.
pub fn build_labs(workspace: &Workspace, labs: &[&Lab]) -> Result<Vec<PathBuf>> {
    let mut command = cargo::command();
    command.args(["build", "--message-format=json-render-diagnostics"]);
    for lab in labs {
        command.args(["-p", &lab.name]);
    }
    let mut child = command
        .current_dir(&workspace.root)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .context("cannot run cargo")?;
    let stdout = child.stdout.take().context("cargo's output is not captured")?;
    let executables = read_executables(BufReader::new(stdout));
    let status = child.wait().context("cannot wait for cargo")?;
    if !status.success() {
        bail!("building the labs failed ({status}); cargo's messages are above");
    }
    labs.iter().map(|lab| pick(&executables, lab)).collect()
}

/// Every binary artifact in a stream of cargo JSON messages.
pub fn read_executables(stream: impl std::io::BufRead) -> Vec<Executable> {
    Message::parse_stream(stream)
        .filter_map(Result::ok)
        .filter_map(|message| match message {
            Message::CompilerArtifact(artifact) if artifact.target.is_kind(TargetKind::Bin) => {
                artifact.executable.map(|path| Executable {
                    manifest: artifact.manifest_path.into_std_path_buf(),
                    name: artifact.target.name,
                    path: path.into_std_path_buf(),
                })
            }
            _ => None,
        })
        .collect()
}

/// The lab's binary: the only one of its package, or the one named like it.
fn pick(executables: &[Executable], lab: &Lab) -> Result<PathBuf> {
    let manifest = lab.dir.join("Cargo.toml");
    let own: Vec<&Executable> =
        executables.iter().filter(|e| same_file(&e.manifest, &manifest)).collect();
    let chosen = match own.as_slice() {
        [only] => Some(*only),
        many => many.iter().copied().find(|e| e.name == lab.name),
    };
    chosen.map(|e| e.path.clone()).with_context(|| {
        format!("cargo built no binary for {} (a lab needs `src/main.rs`)", lab.name)
    })
}

fn same_file(a: &Path, b: &Path) -> bool {
    a == b || matches!((a.canonicalize(), b.canonicalize()), (Ok(a), Ok(b)) if a == b)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn artifact(manifest: &str, name: &str, kind: &str, exe: Option<&str>) -> String {
        serde_json::json!({
            "reason": "compiler-artifact",
            "package_id": format!("path+file:///w/labs/{name}#0.1.0"),
            "manifest_path": manifest,
            "target": {"kind": [kind], "crate_types": [kind], "name": name, "src_path": "/w/src/main.rs",
                       "edition": "2024", "doc": true, "doctest": false, "test": true},
            "profile": {"opt_level": "3", "debuginfo": 0, "debug_assertions": true, "overflow_checks": true, "test": false},
            "features": [], "filenames": [], "executable": exe, "fresh": false
        })
        .to_string()
    }

    fn lab(name: &str) -> Lab {
        Lab { name: name.into(), dir: PathBuf::from(format!("/w/labs/{name}")), description: None }
    }

    #[test]
    fn binaries_are_read_from_cargo_messages() {
        let stream = [
            artifact("/w/labs/labkit/Cargo.toml", "labkit", "lib", None),
            r#"{"reason":"build-finished","success":true}"#.to_string(),
            artifact(
                "/w/labs/lab-00-amdahl/Cargo.toml",
                "lab-00-amdahl",
                "bin",
                Some("/t/debug/lab-00-amdahl"),
            ),
        ]
        .join("\n");
        let exes = read_executables(stream.as_bytes());
        assert_eq!(exes.len(), 1);
        assert_eq!(
            pick(&exes, &lab("lab-00-amdahl")).unwrap(),
            PathBuf::from("/t/debug/lab-00-amdahl")
        );
    }

    #[test]
    fn of_several_binaries_the_one_named_like_the_lab_wins() {
        let stream = [
            artifact("/w/labs/lab-02-lock/Cargo.toml", "helper", "bin", Some("/t/helper")),
            artifact(
                "/w/labs/lab-02-lock/Cargo.toml",
                "lab-02-lock",
                "bin",
                Some("/t/lab-02-lock"),
            ),
        ]
        .join("\n");
        let exes = read_executables(stream.as_bytes());
        assert_eq!(pick(&exes, &lab("lab-02-lock")).unwrap(), PathBuf::from("/t/lab-02-lock"));
    }

    #[test]
    fn a_lab_without_a_binary_is_an_error() {
        let err = pick(&[], &lab("lab-00-amdahl")).unwrap_err().to_string();
        assert!(err.contains("no binary for lab-00-amdahl"), "{err}");
    }
}
