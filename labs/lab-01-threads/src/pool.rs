//! A bounded pool of worker threads that keeps results in order: the general
//! form of the chapter's fetching workers. This module is also exercise
//! `01-worker-pool`; the lab uses it to fetch pages with at most `k`
//! requests in flight and get the bodies back in the order of the URLs.
//!
//! `workers` scoped threads take the index of the next item from a shared
//! counter (an atomic: taking the next index is one `fetch_add`, with no
//! lock), run `task` on it, and keep `(index, result)` pairs. When the
//! items run out, each worker returns its pairs, and the caller puts every
//! result in its item's place. At most `workers` tasks run at once.

use std::sync::atomic::{AtomicUsize, Ordering};

/// Runs `task` on every item with at most `workers` threads at once, and
/// returns the results in the order of `items`. `workers` is at least 1;
/// no more threads are started than there are items.
pub fn map_with_workers<T, R, F>(items: &[T], workers: usize, task: F) -> Vec<R>
where
    T: Sync,
    R: Send,
    F: Fn(&T) -> R + Sync,
{
    // exercise: solution
    let threads = workers.max(1).min(items.len());
    let next = AtomicUsize::new(0); // the index of the next item nobody has taken
    let mut slots: Vec<Option<R>> = items.iter().map(|_| None).collect();
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                let (next, task) = (&next, &task);
                s.spawn(move || {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(item) = items.get(i) else { return done };
                        done.push((i, task(item)));
                    }
                })
            })
            .collect();
        for handle in handles {
            let done = handle.join().unwrap_or_else(|p| std::panic::resume_unwind(p));
            for (i, result) in done {
                slots[i] = Some(result);
            }
        }
    });
    slots.into_iter().map(|r| r.expect("every item was taken by a worker")).collect()
    // exercise: starter
    // let _ = (items, workers, &task, AtomicUsize::new(0), Ordering::Relaxed);
    // todo!("start min(workers, items) scoped threads that take the next index from a shared counter")
    // exercise: end
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicBool;
    use std::time::{Duration, Instant};

    #[test]
    fn results_come_back_in_the_order_of_the_items() {
        let items: Vec<u64> = (0..50).collect();
        for workers in [1, 2, 3, 8] {
            let squares = map_with_workers(&items, workers, |&x| x * x);
            assert_eq!(
                squares,
                items.iter().map(|x| x * x).collect::<Vec<_>>(),
                "{workers} workers"
            );
        }
    }

    #[test]
    fn every_item_is_processed_exactly_once() {
        let calls: Vec<AtomicUsize> = (0..200).map(|_| AtomicUsize::new(0)).collect();
        let items: Vec<usize> = (0..200).collect();
        map_with_workers(&items, 4, |&i| calls[i].fetch_add(1, Ordering::Relaxed));
        for (i, c) in calls.iter().enumerate() {
            assert_eq!(c.load(Ordering::Relaxed), 1, "item {i}");
        }
    }

    /// Runs 12 items on `workers` workers; each task waits (up to 1 s in all)
    /// until `expected` tasks run at once. Returns the most seen at once.
    fn peak_at_once(workers: usize, items: usize, expected: usize) -> usize {
        let (active, peak, gave_up) =
            (AtomicUsize::new(0), AtomicUsize::new(0), AtomicBool::new(false));
        let start = Instant::now();
        map_with_workers(&vec![(); items], workers, |_| {
            let now = active.fetch_add(1, Ordering::SeqCst) + 1;
            peak.fetch_max(now, Ordering::SeqCst);
            while peak.load(Ordering::SeqCst) < expected && !gave_up.load(Ordering::SeqCst) {
                if start.elapsed() > Duration::from_secs(1) {
                    gave_up.store(true, Ordering::SeqCst); // not that many threads: stop waiting
                }
                std::thread::sleep(Duration::from_millis(1));
            }
            active.fetch_sub(1, Ordering::SeqCst);
        });
        peak.load(Ordering::SeqCst)
    }

    #[test]
    fn runs_up_to_k_items_at_once_and_never_more() {
        for k in 1..=4 {
            assert_eq!(peak_at_once(k, 12, k), k, "with {k} workers, {k} tasks should run at once");
        }
    }

    #[test]
    fn more_workers_than_items_is_fine() {
        assert_eq!(peak_at_once(10, 3, 4), 3);
        assert_eq!(map_with_workers(&[1, 2, 3], 10, |x| x + 1), [2, 3, 4]);
    }

    #[test]
    fn no_items_no_work_and_zero_workers_means_one() {
        let none: Vec<u8> = map_with_workers(&[], 4, |_: &u8| panic!("no item, no call"));
        assert!(none.is_empty());
        assert_eq!(map_with_workers(&[5, 6], 0, |x| x * 2), [10, 12]);
    }
}
