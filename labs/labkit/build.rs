//! Records how the kit was built, so captions can name the compiler and the
//! optimisation level that produced a measurement.

use std::process::Command;

fn main() {
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let version = Command::new(rustc)
        .arg("--version")
        .output()
        .ok()
        .and_then(|out| String::from_utf8(out.stdout).ok())
        .map(|v| v.split_whitespace().take(2).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|| "rustc (unknown version)".into());
    println!("cargo:rustc-env=LABKIT_RUSTC_VERSION={version}");
    for var in ["PROFILE", "OPT_LEVEL"] {
        let value = std::env::var(var).unwrap_or_else(|_| "?".into());
        println!("cargo:rustc-env=LABKIT_{var}={value}");
    }
    println!("cargo:rerun-if-changed=build.rs");
}
