//! Version 3: a bounded queue of chunks, one worker per connection, a
//! sentinel per worker, a check that every worker is still alive while
//! the queue is fed, and `join` at the end, where the notebook polls
//! `while queue.qsize(): sleep(10)`.
//!
//! The queue holds at most `bound` chunks, so the reader never runs more
//! than `bound` chunks ahead of the workers: memory in flight is bounded.
//! A worker that panics is found by the feeder (a put that waits too long
//! looks at the workers) or at `join`, and the run ends with an error
//! naming it, instead of hanging on a full queue.

use crate::corpus::{Corpus, Profile};
use crate::tally::Tally;
use lab_07_queue::Queue;
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

/// What travels on the queue: a chunk of profiles, or the sentinel.
type Item = Option<Vec<Profile>>;

/// How long a put waits before the feeder checks that the workers live.
const CHECK_EVERY: Duration = Duration::from_millis(50);

/// Refreshes every profile with `workers` threads fed through a queue of
/// at most `bound` chunks of `chunk` profiles; `refresh` handles one.
pub fn run(
    corpus: &Corpus,
    refresh: Arc<dyn Fn(&Profile) -> Tally + Send + Sync>,
    workers: usize,
    chunk: usize,
    bound: usize,
) -> anyhow::Result<Tally> {
    let queue: Arc<Queue<Item>> = Arc::new(Queue::bounded(bound.max(1)));
    let handles: Vec<JoinHandle<Tally>> = (0..workers.max(1))
        .map(|_| {
            let (queue, refresh) = (Arc::clone(&queue), Arc::clone(&refresh));
            std::thread::spawn(move || {
                let mut tally = Tally::default();
                while let Some(chunk) = queue.get() {
                    chunk.iter().for_each(|p| tally += refresh(p));
                }
                tally
            })
        })
        .collect();
    // `sentinels` = sentinels put so far: at most that many workers may have
    // ended; one more finished worker can only have died.
    let feed = |item: Item, sentinels: usize| -> anyhow::Result<()> {
        let mut item = item;
        loop {
            match queue.put_timeout(item, CHECK_EVERY) {
                Ok(()) => return Ok(()),
                Err(full) => item = full.0,
            }
            let ended = handles.iter().filter(|h| h.is_finished()).count();
            if ended > sentinels {
                anyhow::bail!(
                    "{ended} worker(s) ended with only {sentinels} sentinel(s) put: a worker died (it panicked), and its chunk is lost"
                );
            }
        }
    };
    let mut buffer = Vec::with_capacity(chunk);
    for profile in corpus.profiles() {
        buffer.push(profile?);
        if buffer.len() == chunk {
            feed(Some(std::mem::replace(&mut buffer, Vec::with_capacity(chunk))), 0)?;
        }
    }
    if !buffer.is_empty() {
        feed(Some(buffer), 0)?;
    }
    for sentinels in 0..handles.len() {
        feed(None, sentinels)?;
    }
    let mut tally = Tally::default();
    for (i, h) in handles.into_iter().enumerate() {
        match h.join() {
            Ok(t) => tally += t,
            Err(p) => {
                anyhow::bail!("worker {} panicked: {}", i + 1, labkit::watchdog::panic_message(&*p))
            }
        }
    }
    Ok(tally)
}
