//! What a process is doing, read from `/proc/<pid>`: its state, the kernel
//! function it sleeps in (wait channel), and its thread count.
//!
//! A lab shows a stuck child (a deadlock after `fork`, a full pipe) by
//! printing this before it kills it: `S (sleeping) in futex_wait_queue,
//! 1 thread` says more than "timed out". The fields come from
//! `/proc/<pid>/stat` (see `proc_pid_stat(5)`) and `/proc/<pid>/wchan`.

use std::fmt;

/// A snapshot of one process.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnosis {
    /// The process id.
    pub pid: u32,
    /// Its command name (`comm`, at most 15 bytes).
    pub name: String,
    /// Its state letter: R running, S sleeping, D uninterruptible disk
    /// sleep, T stopped, t traced, Z zombie (ended, not yet reaped), X dead.
    pub state: char,
    /// The kernel function it waits in, if the kernel shows it ("" if not,
    /// or "0" when it is not waiting).
    pub wchan: String,
    /// How many threads it has.
    pub threads: usize,
}

impl Diagnosis {
    /// Reads process `pid` from `/proc`; `None` if it does not exist.
    pub fn of(pid: u32) -> Option<Diagnosis> {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
        let (name, fields) = parse_stat(&stat)?;
        let state = fields.first()?.chars().next()?;
        // Field 20 of stat (1-based, counting pid and name): the 18th after the name.
        let threads = fields.get(17)?.parse().ok()?;
        let wchan = std::fs::read_to_string(format!("/proc/{pid}/wchan")).unwrap_or_default();
        Some(Diagnosis { pid, name: name.to_string(), state, wchan, threads })
    }

    /// The state letter in words.
    pub fn state_meaning(&self) -> &'static str {
        match self.state {
            'R' => "running",
            'S' => "sleeping",
            'D' => "in uninterruptible sleep",
            'T' => "stopped",
            't' => "stopped by a tracer",
            'Z' => "a zombie (ended, not reaped)",
            'X' => "dead",
            'I' => "idle",
            _ => "in an unknown state",
        }
    }
}

/// `pid (name) state ppid …`: the name (which may hold spaces and
/// parentheses, hence the last `)`) and the fields after it.
fn parse_stat(stat: &str) -> Option<(&str, Vec<&str>)> {
    let open = stat.find('(')?;
    let close = stat.rfind(')')?;
    let name = stat.get(open + 1..close)?;
    Some((name, stat[close + 1..].split_whitespace().collect()))
}

impl fmt::Display for Diagnosis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "pid {} ({}): {} {}", self.pid, self.name, self.state, self.state_meaning())?;
        match self.wchan.as_str() {
            "" | "0" => {}
            wchan => write!(f, " in {wchan}")?,
        }
        let s = if self.threads == 1 { "" } else { "s" };
        write!(f, ", {} thread{s}", self.threads)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stat_line_is_read_after_the_last_parenthesis() {
        let line = "42 (a (b) c) S 1 42 42 0 -1 4194560 1 0 0 0 0 0 0 0 20 0 3 0 9";
        let (name, fields) = parse_stat(line).unwrap();
        assert_eq!(name, "a (b) c");
        assert_eq!(fields[0], "S");
        assert_eq!(fields[17], "3");
    }

    #[test]
    fn this_process_is_seen_with_its_threads() {
        let me = Diagnosis::of(std::process::id()).unwrap();
        // The state is the main thread's: the harness's, waiting for tests.
        assert!(matches!(me.state, 'R' | 'S'), "{me}");
        assert!(me.threads >= 2, "the harness and this test's thread: {me}");
        assert!(Diagnosis::of(u32::MAX).is_none());
    }
}
