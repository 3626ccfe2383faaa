//! What a waiting thread costs: its own CPU time and how often it woke.
//!
//! Read from the kernel's per-thread accounts: the thread's CPU clock
//! (`CLOCK_THREAD_CPUTIME_ID`: user and system time, in nanoseconds) and,
//! on Linux, the thread's voluntary context switches (`getrusage` with
//! `RUSAGE_THREAD`): each time the thread went to sleep by itself, which for
//! a waiter is once per wake-up.

use nix::time::{ClockId, clock_gettime};
use std::time::Duration;

/// The calling thread's accounts at one moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThreadUsage {
    /// CPU time the thread has used since it started.
    pub cpu: Duration,
    /// Times it has gone to sleep by itself (0 where the OS does not say).
    pub sleeps: u64,
}

impl ThreadUsage {
    /// The calling thread's accounts now.
    pub fn now() -> ThreadUsage {
        let ts = clock_gettime(ClockId::CLOCK_THREAD_CPUTIME_ID)
            .expect("every supported OS has a thread CPU clock");
        let cpu = Duration::new(ts.tv_sec() as u64, ts.tv_nsec() as u32);
        ThreadUsage { cpu, sleeps: voluntary_switches() }
    }

    /// What was used between `earlier` and `self`.
    pub fn since(&self, earlier: &ThreadUsage) -> ThreadUsage {
        ThreadUsage {
            cpu: self.cpu.saturating_sub(earlier.cpu),
            sleeps: self.sleeps.saturating_sub(earlier.sleeps),
        }
    }
}

#[cfg(target_os = "linux")]
fn voluntary_switches() -> u64 {
    use nix::sys::resource::{UsageWho, getrusage};
    getrusage(UsageWho::RUSAGE_THREAD).map_or(0, |u| u.voluntary_context_switches() as u64)
}

#[cfg(not(target_os = "linux"))]
fn voluntary_switches() -> u64 {
    0
}

#[cfg(all(test, not(any(feature = "loom", feature = "shuttle"))))]
mod tests {
    use super::*;

    #[test]
    fn spinning_uses_cpu_and_sleeping_switches() {
        let before = ThreadUsage::now();
        labkit::work::spin(2_000_000);
        for _ in 0..3 {
            std::thread::sleep(Duration::from_millis(1));
        }
        let used = ThreadUsage::now().since(&before);
        assert!(used.cpu > Duration::ZERO);
        if cfg!(target_os = "linux") {
            assert!(used.sleeps >= 3, "{used:?}");
        }
    }
}
