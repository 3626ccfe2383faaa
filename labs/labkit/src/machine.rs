//! What machine made a measurement.
//!
//! Every figure caption and every CSV header names the machine, so a reader
//! comparing the book's figures with their own knows what produced each one.
//! [`Machine::detect`] reads it once; [`Machine::caption`] is the one line
//! that goes under every figure.

use serde::{Deserialize, Serialize};

/// The facts about a machine that change what concurrency measurements show.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Machine {
    /// The CPU model as the OS names it (`/proc/cpuinfo` on Linux).
    pub cpu_model: String,
    /// Hardware threads the OS schedules on: what `std::thread::available_parallelism` allows.
    pub logical_cores: usize,
    /// Cores with their own execution units: more workers than this only share them.
    pub physical_cores: usize,
    /// Operating system family (`linux`, `macos`, ...).
    pub os: String,
    /// Kernel release, when it can be read.
    pub kernel: String,
    /// The compiler that built the lab, e.g. `rustc 1.95.0`.
    pub rustc: String,
    /// Cargo profile and optimisation level, e.g. `dev profile, opt-level 3`.
    pub profile: String,
    /// The day of the measurement (UTC), `YYYY-MM-DD`.
    pub date: String,
}

impl Machine {
    /// Reads the description of the machine this process runs on.
    pub fn detect() -> Machine {
        let logical_cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        Machine {
            cpu_model: cpu_model().unwrap_or_else(|| "unknown CPU".into()),
            logical_cores,
            // num_cpus counts every physical core of the machine; a process
            // restricted to fewer logical cores can use at most that many.
            physical_cores: num_cpus::get_physical().clamp(1, logical_cores),
            os: std::env::consts::OS.into(),
            kernel: kernel_release().unwrap_or_else(|| "unknown kernel".into()),
            rustc: env!("LABKIT_RUSTC_VERSION").into(),
            profile: format!(
                "{} profile, opt-level {}",
                env!("LABKIT_PROFILE").replace("debug", "dev"),
                env!("LABKIT_OPT_LEVEL")
            ),
            date: humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string()[..10]
                .into(),
        }
    }

    /// Whether the cores run more than one hardware thread each (SMT, hyperthreading).
    pub fn has_smt(&self) -> bool {
        self.logical_cores > self.physical_cores
    }

    /// The cores, said plainly: `4 logical / 2 physical cores (SMT)`.
    pub fn cores(&self) -> String {
        let smt = if self.has_smt() { "SMT" } else { "no SMT" };
        format!("{} logical / {} physical cores ({smt})", self.logical_cores, self.physical_cores)
    }

    /// The one line under every figure.
    pub fn caption(&self) -> String {
        format!(
            "{} · {} · {} {} · {} · {} · {}",
            self.cpu_model,
            self.cores(),
            self.os,
            self.kernel,
            self.rustc,
            self.profile,
            self.date
        )
    }
}

/// The CPU's model name, from `/proc/cpuinfo` (Linux) or `sysctl` (macOS).
fn cpu_model() -> Option<String> {
    if let Ok(info) = std::fs::read_to_string("/proc/cpuinfo") {
        // x86 says "model name", many ARM kernels only "Hardware" or "Model".
        for key in ["model name", "Hardware", "Model", "cpu model"] {
            let found = info.lines().find_map(|line| {
                let (k, v) = line.split_once(':')?;
                (k.trim() == key && !v.trim().is_empty()).then(|| v.trim().to_string())
            });
            if found.is_some() {
                return found.map(|m| m.split_whitespace().collect::<Vec<_>>().join(" "));
            }
        }
    }
    command_output("sysctl", &["-n", "machdep.cpu.brand_string"])
}

/// The kernel release (`uname -r`).
fn kernel_release() -> Option<String> {
    std::fs::read_to_string("/proc/sys/kernel/osrelease")
        .ok()
        .map(|s| s.trim().to_string())
        .or_else(|| command_output("uname", &["-r"]))
}

fn command_output(program: &str, args: &[&str]) -> Option<String> {
    let out = std::process::Command::new(program).args(args).output().ok()?;
    let text = String::from_utf8(out.stdout).ok()?.trim().to_string();
    (out.status.success() && !text.is_empty()).then_some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_a_plausible_machine() {
        let m = Machine::detect();
        assert!(m.logical_cores >= 1);
        assert!((1..=m.logical_cores).contains(&m.physical_cores));
        assert!(m.rustc.starts_with("rustc "), "{}", m.rustc);
        assert!(m.profile.contains("opt-level"), "{}", m.profile);
        assert_eq!(m.date.len(), 10);
        assert!(m.date.starts_with("20"), "{}", m.date);
    }

    #[test]
    fn caption_names_cpu_cores_compiler_and_date() {
        let m = Machine {
            cpu_model: "Test CPU".into(),
            logical_cores: 4,
            physical_cores: 2,
            os: "linux".into(),
            kernel: "6.1.0".into(),
            rustc: "rustc 1.95.0".into(),
            profile: "dev profile, opt-level 3".into(),
            date: "2026-11-26".into(),
        };
        assert!(m.has_smt());
        let c = m.caption();
        for part in [
            "Test CPU",
            "4 logical / 2 physical cores (SMT)",
            "linux 6.1.0",
            "rustc 1.95.0",
            "opt-level 3",
            "2026-11-26",
        ] {
            assert!(c.contains(part), "{c} lacks {part}");
        }
    }
}
