//! Putting a chunk on the queue without hanging on dead workers:
//! exercise `09-checked-put`.
//!
//! A bounded queue blocks the feeder while it is full, which is what
//! bounds memory. But if every worker has died (a panic) or quit (as the
//! notebook's idle-exit workers do), nobody will ever make room, and a
//! plain `put` waits forever: the program hangs with no message. [`put_checked`]
//! waits at most `check_every` at a time and asks `alive()` before every
//! try; once the workers cannot take the item, it returns their reason.
//! The lab measures how long it takes to notice.

use lab_07_queue::Queue;
use std::time::Duration;

/// Puts `item` on `queue`. Before each try, `alive()` says whether the
/// workers can still take it (`Err(why)`: they cannot, and `put_checked`
/// returns that reason without putting); each try waits at most
/// `check_every` for room.
pub fn put_checked<T>(
    queue: &Queue<T>,
    item: T,
    check_every: Duration,
    mut alive: impl FnMut() -> Result<(), String>,
) -> Result<(), String> {
    // exercise: solution
    let mut item = item;
    loop {
        alive()?;
        match queue.put_timeout(item, check_every) {
            Ok(()) => return Ok(()),
            Err(full) => item = full.0,
        }
    }
    // exercise: starter
    // let _ = (queue, item, check_every, &mut alive);
    // todo!("loop: check alive() first, then put_timeout; on Full take the item back and try again")
    // exercise: end
}

#[cfg(test)]
mod tests {
    use super::*;
    use labkit::testing::wait::finishes_within;

    /// A broken loop may hang instead of failing: the test gives it this long.
    const LIMIT: Duration = Duration::from_secs(20);
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    use std::time::Instant;

    const CHECK: Duration = Duration::from_millis(10);

    #[test]
    fn puts_at_once_when_there_is_room() {
        finishes_within(LIMIT, "puts_at_once_when_there_is_room", || {
            let queue = Queue::bounded(2);
            assert_eq!(put_checked(&queue, 7, CHECK, || Ok(())), Ok(()));
            assert_eq!(queue.get(), 7);
        });
    }

    #[test]
    fn does_not_put_when_the_workers_are_gone() {
        finishes_within(LIMIT, "does_not_put_when_the_workers_are_gone", || {
            let queue = Queue::bounded(2);
            let result = put_checked(&queue, 7, CHECK, || Err("all workers died".into()));
            assert_eq!(result, Err("all workers died".to_string()));
            assert_eq!(queue.len(), 0, "nobody would take it");
        });
    }

    #[test]
    fn a_full_queue_whose_workers_die_ends_with_their_reason_not_a_hang() {
        finishes_within(
            LIMIT,
            "a_full_queue_whose_workers_die_ends_with_their_reason_not_a_hang",
            || {
                let queue = Queue::bounded(1);
                queue.put(0);
                let start = Instant::now();
                let mut tries = 0;
                let result = put_checked(&queue, 1, CHECK, || {
                    tries += 1;
                    if tries < 4 { Ok(()) } else { Err("dead".into()) }
                });
                assert_eq!(result, Err("dead".to_string()));
                assert!(start.elapsed() < Duration::from_secs(10), "it must not hang");
            },
        );
    }

    #[test]
    fn looks_at_the_workers_again_while_it_waits() {
        finishes_within(LIMIT, "looks_at_the_workers_again_while_it_waits", || {
            let queue = Queue::bounded(1);
            queue.put(0);
            let calls = AtomicUsize::new(0);
            let start = Instant::now();
            let result = put_checked(&queue, 1, CHECK, || {
                calls.fetch_add(1, Ordering::Relaxed);
                if start.elapsed() > Duration::from_millis(100) {
                    Err("gone".into())
                } else {
                    Ok(())
                }
            });
            assert!(result.is_err());
            assert!(calls.load(Ordering::Relaxed) >= 3, "checked only {calls:?} times");
        });
    }

    #[test]
    fn a_full_queue_that_drains_later_takes_the_item() {
        finishes_within(LIMIT, "a_full_queue_that_drains_later_takes_the_item", || {
            let queue = Arc::new(Queue::bounded(1));
            queue.put(0);
            let taken = Arc::new(AtomicBool::new(false));
            let consumer = {
                let (queue, taken) = (Arc::clone(&queue), Arc::clone(&taken));
                std::thread::spawn(move || {
                    std::thread::sleep(Duration::from_millis(60));
                    let first = queue.get();
                    taken.store(true, Ordering::Relaxed);
                    (first, queue.get())
                })
            };
            assert_eq!(put_checked(&queue, 1, CHECK, || Ok(())), Ok(()));
            assert!(taken.load(Ordering::Relaxed), "it waited for room");
            assert_eq!(consumer.join().unwrap(), (0, 1), "nothing lost, nothing reordered");
        });
    }
}
