//! The chapter's two listings that must not compile, compiled with `rustc`:
//! each must fail, with exactly the error codes the chapter explains.

use std::collections::BTreeSet;
use std::process::Command;

/// The distinct error codes `rustc` reports for `listings/<name>.rs`.
fn error_codes(name: &str) -> BTreeSet<String> {
    let listing = format!("{}/listings/{name}.rs", env!("CARGO_MANIFEST_DIR"));
    let out_dir = tempfile::tempdir().expect("a temporary directory");
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let output = Command::new(rustc)
        .args(["--edition", "2024", "--emit=metadata", "--out-dir"])
        .arg(out_dir.path())
        .arg(&listing)
        .output()
        .expect("rustc runs");
    assert!(!output.status.success(), "{listing} compiled, but it must not");
    let stderr = String::from_utf8_lossy(&output.stderr);
    stderr
        .lines()
        .filter_map(|l| l.strip_prefix("error[")?.split(']').next().map(String::from))
        .collect()
}

#[test]
fn spawned_threads_cannot_borrow_the_list_and_the_file() {
    // E0373: the closure may outlive `main`; E0499: and two of them would
    // both borrow `urls` and `output` mutably.
    assert_eq!(error_codes("unlocked_list"), BTreeSet::from(["E0373".into(), "E0499".into()]));
}

#[test]
fn scoped_threads_may_borrow_but_not_both_mutably() {
    assert_eq!(error_codes("unlocked_scoped"), BTreeSet::from(["E0499".to_string()]));
}
