//! What /proc says about a process: its state, where it sleeps, its CPU time.

/// Clock ticks per second of /proc's CPU times (`sysconf(_SC_CLK_TCK)`).
fn ticks_per_second() -> f64 {
    // Safety: sysconf only reads a configuration value.
    (unsafe { libc::sysconf(libc::_SC_CLK_TCK) }) as f64
}

/// The fields of `/proc/<pid>/stat` after the command name (field 3 on).
fn stat_fields(pid: i32) -> anyhow::Result<Vec<String>> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/stat"))?;
    // The command name is in parentheses and may hold spaces: split after it.
    let rest = text.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
    Ok(rest.split_whitespace().map(String::from).collect())
}

/// User + system CPU time of `pid`, in seconds.
pub fn cpu_seconds(pid: i32) -> anyhow::Result<f64> {
    let f = stat_fields(pid)?;
    // Fields 14 (utime) and 15 (stime) of stat(5) are at 11 and 12 here.
    let ticks: f64 = f[11].parse::<f64>()? + f[12].parse::<f64>()?;
    Ok(ticks / ticks_per_second())
}

/// `R`, `S`, `D`, `Z`, ...: the process state letter.
pub fn state(pid: i32) -> String {
    stat_fields(pid).ok().and_then(|f| f.first().cloned()).unwrap_or_else(|| "?".into())
}

/// The kernel function the process sleeps in (`/proc/<pid>/wchan`), if shown.
pub fn wait_channel(pid: i32) -> String {
    match std::fs::read_to_string(format!("/proc/{pid}/wchan")) {
        Ok(w) if !w.is_empty() && w != "0" => w,
        _ => "(not shown by this kernel)".into(),
    }
}

/// `state S, sleeping in pipe_write`: a one-line diagnosis.
pub fn diagnose(pid: i32) -> String {
    format!("state {}, sleeping in {}", state(pid), wait_channel(pid))
}
