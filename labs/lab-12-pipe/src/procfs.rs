//! What /proc says about a process that the kit's `Diagnosis` does not:
//! its CPU time, and where each of its threads sleeps.
//! (`labkit::process::Diagnosis` gives the state, wait channel and thread count.)

/// Clock ticks per second of /proc's CPU times (`sysconf(_SC_CLK_TCK)`).
fn ticks_per_second() -> f64 {
    // Safety: sysconf only reads a configuration value.
    (unsafe { libc::sysconf(libc::_SC_CLK_TCK) }) as f64
}

/// User + system CPU time of `pid`, in seconds (`utime` and `stime` of stat(5)).
pub fn cpu_seconds(pid: u32) -> anyhow::Result<f64> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/stat"))?;
    // The command name is in parentheses and may hold spaces: split after it.
    let rest = text.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
    let f: Vec<&str> = rest.split_whitespace().collect();
    // Fields 14 (utime) and 15 (stime) are the 12th and 13th after the name.
    anyhow::ensure!(f.len() > 12, "/proc/{pid}/stat is too short");
    let ticks: f64 = f[11].parse::<f64>()? + f[12].parse::<f64>()?;
    Ok(ticks / ticks_per_second())
}

/// Each thread of `pid` and the kernel function it sleeps in:
/// `main in futex_do_wait; queue-feeder in anon_pipe_write`.
pub fn threads(pid: u32) -> String {
    let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) else {
        return "(gone)".into();
    };
    let mut out: Vec<String> = tasks
        .flatten()
        .map(|t| {
            let comm = std::fs::read_to_string(t.path().join("comm")).unwrap_or_default();
            let wchan = std::fs::read_to_string(t.path().join("wchan")).unwrap_or_default();
            let wchan =
                if wchan.is_empty() || wchan == "0" { "(running)".to_string() } else { wchan };
            format!("{} in {wchan}", comm.trim())
        })
        .collect();
    out.sort();
    out.join("; ")
}
