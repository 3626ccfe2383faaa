//! Version 2: chapter 08's pool with `imap_unordered` and a large chunk
//! size, as the notebook's second refresher does with `ThreadPool`.
//!
//! `imap_unordered` takes its items as one iterable and cuts it into jobs
//! before any job runs, so every profile is read before the first request
//! is sent: the whole corpus is in flight at once (the lab measures it
//! with the same [`Progress`] counters as version 3). Unlike the notebook,
//! the pool is made once per run and closed by its drop.

use super::{Progress, Refresh, Run};
use crate::corpus::Corpus;
use crate::tally::Tally;
use lab_08_pool::Pool;
use std::sync::Arc;

/// Refreshes every profile on a pool of `workers`, `chunksize` per job;
/// `refresh` handles one. A task that panics is counted as failed (the
/// pool hands its caller the panic) and the run goes on.
pub fn run(
    corpus: &Corpus,
    refresh: Arc<Refresh>,
    workers: usize,
    chunksize: usize,
) -> anyhow::Result<Run> {
    // ANCHOR: pool
    let progress = Arc::new(Progress::default());
    let mut profiles = Vec::new();
    for profile in corpus.profiles() {
        profiles.push(profile?);
        progress.read();
    }
    let pool = Pool::new(workers);
    let done = Arc::clone(&progress);
    let results = pool
        .imap_unordered(
            move |p| {
                // Marked done however the refresh ends, a panic included.
                struct Done<'a>(&'a Progress);
                impl Drop for Done<'_> {
                    fn drop(&mut self) {
                        self.0.done();
                    }
                }
                let _done = Done(&done);
                refresh(&p)
            },
            profiles,
            chunksize,
        )
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut tally = Tally::default();
    for (_, outcome) in results {
        tally += outcome.unwrap_or(Tally { failed: 1, ..Tally::default() });
    }
    // ANCHOR_END: pool
    let after_last = progress.since_last_done().unwrap_or_default();
    Ok(Run { tally, peak_in_flight: progress.peak(), after_last })
}
