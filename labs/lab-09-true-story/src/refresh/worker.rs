//! How a worker of the queue version knows it is done: exercise
//! `09-sentinel-worker`.
//!
//! [`work`] takes chunks until the sentinel (`None`) arrives. The feeder
//! puts one sentinel per worker after the last chunk, so every chunk is
//! taken before any worker stops, however slow the feeder is. (The
//! notebook's "don't do this at home", stopping when `get(timeout)` finds
//! the queue empty, is `lab_09_true_story::timeout_exit`, measured by the
//! lab's `idle` experiment.)
//!
//! It counts every profile it takes in a [`Tally`] and marks it done in
//! the run's [`Progress`].

use lab_07_queue::Queue;
use lab_09_true_story::Tally;
use lab_09_true_story::refresh::{Item, Progress, Refresh};

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

#[cfg(test)]
mod tests {
    use super::*;
    use labkit::testing::wait::finishes_within;
    use std::time::Duration;

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
}
