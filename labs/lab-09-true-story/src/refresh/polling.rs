//! The notebook's ending of version 3, kept to measure it: after the
//! sentinels, `while queue.qsize(): sleep(10)`, and only then `join`.
//!
//! The queue empties when the last worker takes its sentinel, that is once
//! the work is done or nearly; the loop notices only at its next look. Its
//! first look comes right after the last put, before the queue is empty,
//! so when the remaining work is shorter than an interval the run sleeps
//! nearly a whole interval after the last profile. `join` returns
//! as soon as the last worker ends. The lab scales the notebook's 10 s
//! down to the interval it is given.

use super::crew::Crew;
use super::{Refresh, Run, queue};
use crate::corpus::Corpus;
use std::sync::Arc;
use std::time::Duration;

/// Runs version 3 ended the notebook's way, `interval` between looks.
pub fn run(
    corpus: &Corpus,
    refresh: Arc<Refresh>,
    options: queue::Options,
    interval: Duration,
) -> anyhow::Result<Run> {
    let crew = Crew::start(options.workers, options.bound, refresh);
    if let Err(why) = queue::feed(corpus, &crew, options) {
        let _ = crew.stop(options.check_every);
        anyhow::bail!(why);
    }
    // ANCHOR: polling
    // The notebook: while tuples_queue.qsize(): time.sleep(10)
    while !crew.queue.is_empty() {
        std::thread::sleep(interval);
    }
    // ANCHOR_END: polling
    let progress = Arc::clone(&crew.progress);
    let peak_in_flight = progress.peak();
    let (tally, panics) = crew.join();
    anyhow::ensure!(panics.is_empty(), "{}", panics.join("; "));
    let after_last = progress.since_last_done().unwrap_or_default();
    Ok(Run { tally, peak_in_flight, after_last })
}
