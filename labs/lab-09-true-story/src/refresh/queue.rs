//! Version 3: a bounded queue of chunks, a sentinel per worker, a check
//! that the workers are alive while the queue is fed, and `join` at the
//! end where the notebook polls `while queue.qsize(): sleep(10)`.
//!
//! The queue holds at most `bound` chunks, so the reader never runs more
//! than `bound` chunks ahead of the workers: memory in flight is bounded
//! (at most `(bound + workers + 1) × chunk` profiles). Every put checks
//! that no worker has ended before its sentinel ([`super::crew`]); a
//! worker that died ends the run with a [`Stopped`] that says so and
//! accounts for every profile of the corpus, instead of a hang.

use super::crew::Crew;
use super::{Refresh, Run};
use crate::corpus::{Corpus, read_file};
use crate::tally::Tally;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How the queue version is set up.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Worker threads.
    pub workers: usize,
    /// Profiles per chunk.
    pub chunk: usize,
    /// Chunks the queue holds at most (`None`: unbounded, to compare).
    pub bound: Option<usize>,
    /// How long a put waits before it looks at the workers again.
    pub check_every: Duration,
    /// A pause before each snapshot file after the first: a slow producer.
    pub pause_between_files: Duration,
}

impl Options {
    /// `workers` sentinel workers on a queue of 4 chunks of `chunk`.
    pub fn new(workers: usize, chunk: usize) -> Options {
        Options {
            workers,
            chunk,
            bound: Some(4),
            check_every: Duration::from_millis(50),
            pause_between_files: Duration::ZERO,
        }
    }
}

// ANCHOR: stopped
/// A run that could not finish: why, and where every profile of the
/// corpus ended up: `tally.total() + unfinished + unread` is the corpus.
#[derive(Debug)]
pub struct Stopped {
    /// What went wrong, for the user.
    pub reason: String,
    /// What was done with the profiles handled before the end, a dead
    /// worker's up to its death included.
    pub tally: Tally,
    /// Profiles read but never handled: the rest of the chunk a worker
    /// died on, and chunks still queued or being put when the run stopped.
    pub unfinished: usize,
    /// Profiles never read from the snapshots.
    pub unread: usize,
    /// When the feeder noticed (or the join found) the failure.
    pub noticed: Instant,
}
// ANCHOR_END: stopped

impl Stopped {
    /// Every profile accounted for: handled, unfinished or unread.
    pub fn total(&self) -> usize {
        self.tally.total() + self.unfinished + self.unread
    }
}

impl std::fmt::Display for Stopped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}; of {} profiles, {} were handled, {} were read but never handled, {} were never read",
            self.reason,
            self.total(),
            self.tally.total(),
            self.unfinished,
            self.unread
        )
    }
}

impl std::error::Error for Stopped {}

/// Refreshes every profile of `corpus` with `refresh`, set up as `options` says.
pub fn run(corpus: &Corpus, refresh: Arc<Refresh>, options: Options) -> Result<Run, Stopped> {
    let crew = Crew::start(options.workers, options.bound, refresh);
    let fed = feed(corpus, &crew, options);
    let noticed = Instant::now();
    let peak = crew.progress.peak();
    let progress = Arc::clone(&crew.progress);
    let (tally, panics) = match fed {
        Ok(()) => crew.join(), // every worker has its sentinel
        Err(_) => crew.stop(options.check_every),
    };
    let mut reasons: Vec<String> = fed.err().into_iter().collect();
    reasons.extend(panics);
    if reasons.is_empty() {
        let after_last = progress.since_last_done().unwrap_or_default();
        Ok(Run { tally, peak_in_flight: peak, after_last })
    } else {
        let read = progress.read_so_far();
        Err(Stopped {
            reason: reasons.join("; "),
            tally,
            unfinished: read.saturating_sub(tally.total()),
            unread: corpus.len().saturating_sub(read),
            noticed,
        })
    }
}

// ANCHOR: feed
/// Reads the corpus into chunks and puts them, then one sentinel per worker.
pub(super) fn feed(corpus: &Corpus, crew: &Crew, options: Options) -> Result<(), String> {
    let chunk = options.chunk.max(1);
    let mut buffer = Vec::with_capacity(chunk);
    for (i, file) in corpus.files().iter().enumerate() {
        if i > 0 {
            std::thread::sleep(options.pause_between_files);
        }
        for profile in read_file(file) {
            buffer.push(profile.map_err(|e| format!("reading {}: {e}", file.display()))?);
            crew.progress.read();
            if buffer.len() == chunk {
                let full = std::mem::replace(&mut buffer, Vec::with_capacity(chunk));
                crew.put(Some(full), 0, options.check_every)?;
            }
        }
    }
    if !buffer.is_empty() {
        crew.put(Some(buffer), 0, options.check_every)?;
    }
    for sentinels in 0..options.workers.max(1) {
        crew.put(None, sentinels, options.check_every)?;
    }
    Ok(())
}
// ANCHOR_END: feed
