//! Version 2: chapter 08's pool with `imap_unordered` and a large chunk
//! size, as the notebook's second refresher does with `ThreadPool`.

use crate::corpus::{Corpus, Profile};
use crate::tally::Tally;
use lab_08_pool::Pool;
use std::sync::Arc;

/// Refreshes every profile on a pool of `workers`, `chunksize` per job;
/// `refresh` handles one. A task that panics is counted as failed (the
/// pool hands its caller the panic) and the run goes on.
pub fn run(
    corpus: &Corpus,
    refresh: Arc<dyn Fn(&Profile) -> Tally + Send + Sync>,
    workers: usize,
    chunksize: usize,
) -> anyhow::Result<Tally> {
    let profiles: Vec<_> = corpus.profiles().collect::<anyhow::Result<_>>()?;
    let pool = Pool::new(workers);
    let mut tally = Tally::default();
    let results = pool
        .imap_unordered(move |p| refresh(&p), profiles, chunksize)
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    for (_, outcome) in results {
        tally += outcome.unwrap_or(Tally { failed: 1, ..Tally::default() });
    }
    Ok(tally)
}
