//! The two ways a worker of the queue version can know it is done:
//! exercise `09-sentinel-worker`.
//!
//! - [`work`]: take chunks until the sentinel (`None`) arrives. The feeder
//!   puts one sentinel per worker after the last chunk, so every chunk is
//!   taken before any worker stops, however slow the feeder is.
//! - [`work_until_idle`]: the notebook's "don't do this at home": stop when
//!   `get(timeout)` finds the queue empty for that long. A feeder that is
//!   slower than the timeout (a large snapshot file to open, a slow disk)
//!   makes every worker quit while profiles are still to come.
//!
//! Both count every profile they take in a [`Tally`] and mark it done in
//! the run's [`Progress`].

use lab_07_queue::Queue;
use lab_09_true_story::Tally;
use lab_09_true_story::refresh::{Item, Progress, Refresh};
use std::time::Duration;

/// Refreshes the profiles of every chunk taken from `queue` until a
/// sentinel arrives, marking each profile done; returns the counts.
pub fn work(queue: &Queue<Item>, refresh: &Refresh, progress: &Progress) -> Tally {
    // exercise: solution
    let mut tally = Tally::default();
    while let Some(chunk) = queue.get() {
        for profile in &chunk {
            tally += refresh(profile);
            progress.done();
        }
    }
    tally
    // exercise: starter
    // let _ = (queue, refresh, progress, Tally::default());
    // todo!("take chunks until the sentinel; refresh every profile, count it and mark it done")
    // exercise: end
}

/// Like [`work`], but also stops when no chunk arrives within `idle`.
pub fn work_until_idle(
    queue: &Queue<Item>,
    refresh: &Refresh,
    progress: &Progress,
    idle: Duration,
) -> Tally {
    let mut tally = Tally::default();
    while let Ok(Some(chunk)) = queue.get_timeout(idle) {
        for profile in &chunk {
            tally += refresh(profile);
            progress.done();
        }
    }
    tally
}

#[cfg(test)]
mod tests {
    use super::*;
    use labkit::testing::wait::finishes_within;

    /// A broken loop may hang instead of failing: the test gives it this long.
    const LIMIT: Duration = Duration::from_secs(20);
    use lab_09_true_story::corpus::Profile;

    fn profiles(ids: std::ops::Range<u64>) -> Vec<Profile> {
        ids.map(|id| Profile { id, incomplete: true, refreshed_days_ago: 30 }).collect()
    }

    fn skip(_: &Profile) -> Tally {
        Tally { skipped: 1, ..Tally::default() }
    }

    #[test]
    fn counts_every_profile_of_every_chunk() {
        finishes_within(LIMIT, "counts_every_profile_of_every_chunk", || {
            let queue = Queue::bounded(4);
            queue.put(Some(profiles(0..3)));
            queue.put(Some(profiles(3..10)));
            queue.put(None);
            let progress = Progress::default();
            let tally = work(&queue, &skip, &progress);
            assert_eq!(tally, Tally { skipped: 10, ..Tally::default() });
        });
    }

    #[test]
    fn stops_at_the_sentinel_and_leaves_what_follows() {
        finishes_within(LIMIT, "stops_at_the_sentinel_and_leaves_what_follows", || {
            let queue = Queue::bounded(4);
            queue.put(Some(profiles(0..2)));
            queue.put(None);
            queue.put(Some(profiles(2..4)));
            let tally = work(&queue, &skip, &Progress::default());
            assert_eq!(tally.total(), 2, "only the chunk before the sentinel is this worker's");
            assert_eq!(queue.len(), 1, "the chunk after the sentinel stays for another worker");
        });
    }

    #[test]
    fn marks_each_profile_done() {
        finishes_within(LIMIT, "marks_each_profile_done", || {
            let queue = Queue::bounded(4);
            let progress = Progress::default();
            for _ in 0..5 {
                progress.read();
            }
            queue.put(Some(profiles(0..5)));
            queue.put(None);
            work(&queue, &skip, &progress);
            assert_eq!(progress.in_flight(), 0, "every profile read was marked done");
            assert!(progress.since_last_done().is_some());
        });
    }

    #[test]
    fn keeps_the_outcome_of_each_refresh() {
        finishes_within(LIMIT, "keeps_the_outcome_of_each_refresh", || {
            let queue = Queue::bounded(4);
            queue.put(Some(profiles(0..6)));
            queue.put(None);
            let odd_fails = |p: &Profile| {
                if p.id % 2 == 1 {
                    Tally { failed: 1, ..Tally::default() }
                } else {
                    Tally { refreshed: 1, ..Tally::default() }
                }
            };
            let tally = work(&queue, &odd_fails, &Progress::default());
            assert_eq!((tally.refreshed, tally.failed), (3, 3));
        });
    }

    #[test]
    fn waits_for_a_slow_feeder_instead_of_quitting() {
        finishes_within(LIMIT, "waits_for_a_slow_feeder_instead_of_quitting", || {
            let queue = std::sync::Arc::new(Queue::bounded(4));
            let feeder = {
                let queue = std::sync::Arc::clone(&queue);
                std::thread::spawn(move || {
                    std::thread::sleep(Duration::from_millis(150));
                    queue.put(Some(profiles(0..4)));
                    queue.put(None);
                })
            };
            let tally = work(&queue, &skip, &Progress::default());
            feeder.join().unwrap();
            assert_eq!(tally.total(), 4, "a sentinel worker waits as long as it takes");
        });
    }

    #[test]
    fn the_idle_worker_quits_on_a_slow_feeder() {
        finishes_within(LIMIT, "the_idle_worker_quits_on_a_slow_feeder", || {
            let queue = Queue::bounded(4);
            queue.put(Some(profiles(0..4)));
            let tally =
                work_until_idle(&queue, &skip, &Progress::default(), Duration::from_millis(20));
            assert_eq!(tally.total(), 4, "it took what was there, then gave up");
        });
    }
}
