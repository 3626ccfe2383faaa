//! A download pool: every item gets a thread, but at most as many fetch at
//! once as the semaphore has permits. This module is exercise
//! `05-limited-fetch`; the lab runs it against the slow service and draws
//! the timeline.
//!
//! A thread per item is the simplest way to overlap slow, waiting work (the
//! notebook's `FetchUrls`). Unbounded, it sends every request at once: a
//! server that limits connections refuses some, one that does not slows
//! down for everyone. A semaphore between the threads and the server keeps
//! the threads and bounds the requests. Because the semaphore is passed in,
//! several pools can share one limit (say, one per host).

use lab_05_semaphore::Semaphore;

// ANCHOR: fetch_all
/// Calls `fetch` on every item, each on a thread of its own, with at most
/// `limit.available()` calls running at once; returns the results in the
/// order of `items`. A panic in `fetch` is passed on, after every thread
/// has finished.
pub fn fetch_all<T, R, F>(items: &[T], limit: &Semaphore, fetch: F) -> Vec<R>
where
    T: Sync,
    R: Send,
    F: Fn(&T) -> R + Sync,
{
    // exercise: solution
    std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .iter()
            .map(|item| {
                let fetch = &fetch;
                scope.spawn(move || {
                    let _permit = limit.acquire();
                    fetch(item)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|handle| handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
            .collect()
    })
    // exercise: starter
    // let _ = (items, limit, fetch);
    // todo!("spawn a scoped thread per item that holds a permit while it fetches; join them in order")
    // exercise: end
}
// ANCHOR_END: fetch_all

#[cfg(all(test, not(any(feature = "loom", feature = "shuttle"))))]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::{Duration, Instant};

    /// Counts the calls running at once and remembers the most.
    #[derive(Default)]
    struct InFlight {
        /// Calls running now.
        now: AtomicUsize,
        /// The most that ever ran together.
        most: AtomicUsize,
    }

    impl InFlight {
        /// Marks a call running for `f`'s duration.
        fn during<R>(&self, f: impl FnOnce() -> R) -> R {
            let now = self.now.fetch_add(1, Ordering::SeqCst) + 1;
            self.most.fetch_max(now, Ordering::SeqCst);
            let result = f();
            self.now.fetch_sub(1, Ordering::SeqCst);
            result
        }
    }

    #[test]
    fn returns_every_result_in_the_order_of_the_items() {
        let items: Vec<u64> = (0..20).collect();
        let limit = Semaphore::new(3);
        let results = fetch_all(&items, &limit, |&i| {
            std::thread::sleep(Duration::from_micros(200 * (20 - i))); // later items finish first
            i * i
        });
        assert_eq!(results, items.iter().map(|i| i * i).collect::<Vec<_>>());
    }

    #[test]
    fn never_more_fetches_at_once_than_permits() {
        let items = [(); 24];
        let limit = Semaphore::new(3);
        let inflight = InFlight::default();
        fetch_all(&items, &limit, |_| {
            inflight.during(|| std::thread::sleep(Duration::from_millis(2)))
        });
        let most = inflight.most.load(Ordering::SeqCst);
        assert!(most <= 3, "{most} fetches ran at once with 3 permits");
        assert_eq!(limit.available(), 3, "every permit must be back afterwards");
    }

    #[test]
    fn uses_every_permit() {
        // Each fetch waits (until 10 s from now at most) for 4 to be running
        // together: only a pool that runs them concurrently gets there.
        let items = [(); 8];
        let limit = Semaphore::new(4);
        let inflight = InFlight::default();
        let give_up = Instant::now() + Duration::from_secs(10);
        fetch_all(&items, &limit, |_| {
            inflight.during(|| {
                while inflight.most.load(Ordering::SeqCst) < 4 && Instant::now() < give_up {
                    std::thread::sleep(Duration::from_millis(1));
                }
            })
        });
        assert_eq!(inflight.most.load(Ordering::SeqCst), 4, "fetches did not overlap");
    }

    #[test]
    fn a_panicking_fetch_is_passed_on_and_gives_its_permit_back() {
        let items: Vec<u32> = (0..6).collect();
        let limit = Semaphore::new(2);
        let calls = AtomicUsize::new(0);
        let outcome = std::panic::catch_unwind(|| {
            fetch_all(&items, &limit, |&i| {
                calls.fetch_add(1, Ordering::SeqCst);
                assert_ne!(i, 4, "item 4 fails");
                i
            })
        });
        assert!(outcome.is_err(), "the panic of one fetch must reach the caller");
        assert_eq!(calls.load(Ordering::SeqCst), 6, "every item is fetched, the failing one too");
        assert_eq!(limit.available(), 2, "the failed fetch's permit must come back");
    }
}
