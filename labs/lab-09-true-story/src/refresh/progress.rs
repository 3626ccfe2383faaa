//! How far a run has got: profiles read from the snapshots, profiles done,
//! and the most ever held in between ("in flight": read but not done).
//!
//! The reader calls [`Progress::read`] for every profile it takes from a
//! file, a worker calls [`Progress::done`] for every profile it finishes.
//! The difference is what the program holds in memory at that moment; its
//! peak is what the bounded queue bounds.

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering::Relaxed};
use std::time::{Duration, Instant};

/// Counters shared by the reader and the workers.
#[derive(Debug)]
pub struct Progress {
    /// Profiles read from the snapshot files so far.
    read: AtomicUsize,
    /// Profiles finished so far (refreshed, skipped, failed or timed out).
    done: AtomicUsize,
    /// The most profiles ever read but not done, seen by the reader.
    peak: AtomicUsize,
    /// When the last profile was done, in nanoseconds after `origin` (0: none yet).
    last_done: AtomicU64,
    /// The clock's zero for `last_done`.
    origin: Instant,
}

impl Default for Progress {
    fn default() -> Progress {
        Progress {
            read: AtomicUsize::new(0),
            done: AtomicUsize::new(0),
            peak: AtomicUsize::new(0),
            last_done: AtomicU64::new(0),
            origin: Instant::now(),
        }
    }
}

impl Progress {
    /// One more profile read; updates the peak in flight.
    pub fn read(&self) {
        let read = self.read.fetch_add(1, Relaxed) + 1;
        let done = self.done.load(Relaxed);
        self.peak.fetch_max(read.saturating_sub(done), Relaxed);
    }

    /// One more profile done.
    pub fn done(&self) {
        self.done.fetch_add(1, Relaxed);
        let now = self.origin.elapsed().as_nanos() as u64;
        self.last_done.fetch_max(now.max(1), Relaxed);
    }

    /// Profiles read but not done, now.
    pub fn in_flight(&self) -> usize {
        self.read.load(Relaxed).saturating_sub(self.done.load(Relaxed))
    }

    /// Profiles read so far.
    pub fn read_so_far(&self) -> usize {
        self.read.load(Relaxed)
    }

    /// The most profiles ever in flight.
    pub fn peak(&self) -> usize {
        self.peak.load(Relaxed)
    }

    /// How long ago the last profile was done (`None`: none was).
    pub fn since_last_done(&self) -> Option<Duration> {
        match self.last_done.load(Relaxed) {
            0 => None,
            at => Some(self.origin.elapsed().saturating_sub(Duration::from_nanos(at))),
        }
    }
}
