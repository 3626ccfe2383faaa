//! The notebook's ending of version 3, kept to measure it: after the last
//! chunk, `while queue.qsize(): sleep(interval)` instead of sentinels and
//! `join`.
//!
//! An empty queue does not mean the work is done: the workers still hold
//! the last chunks they took. So the loop can return too early (profiles
//! still in progress, lost if the program exits, as the notebook's daemon
//! threads would be) or, once the work is done, too late (up to a whole
//! interval of sleeping). [`run`] records both, then stops the workers
//! properly so that nothing is left running.

use super::crew::{Crew, Stop};
use super::{Refresh, queue::Options};
use crate::corpus::Corpus;
use crate::tally::Tally;
use std::sync::Arc;
use std::time::Duration;

/// What the polling loop saw when it returned.
#[derive(Debug, Clone, Copy)]
pub struct Polled {
    /// Profiles still in progress when it returned: the work it would lose.
    pub unfinished: usize,
    /// How long after the last profile was done it returned (zero when it
    /// returned before the end).
    pub after_last: Duration,
    /// Everything done once the workers were stopped properly.
    pub tally: Tally,
}

/// Runs version 3 with the notebook's polling end, `interval` between looks.
pub fn run(
    corpus: &Corpus,
    refresh: Arc<Refresh>,
    options: Options,
    interval: Duration,
) -> anyhow::Result<Polled> {
    let crew = Crew::start(options.workers, options.bound, refresh, Stop::Sentinel);
    let profiles: Vec<_> = corpus.profiles().collect::<anyhow::Result<_>>()?;
    for chunk in profiles.chunks(options.chunk.max(1)) {
        chunk.iter().for_each(|_| crew.progress.read());
        crew.put(Some(chunk.to_vec()), 0, options.check_every).map_err(anyhow::Error::msg)?;
    }
    // The notebook: while queue.qsize(): sleep(10)
    while !crew.queue.is_empty() {
        std::thread::sleep(interval);
    }
    let unfinished = crew.progress.in_flight();
    let after_last = match unfinished {
        0 => crew.progress.since_last_done().unwrap_or_default(),
        _ => Duration::ZERO,
    };
    let (tally, panics) = crew.stop(options.check_every);
    anyhow::ensure!(panics.is_empty(), "{}", panics.join("; "));
    Ok(Polled { unfinished, after_last, tally })
}
