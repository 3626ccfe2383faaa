//! Why the unbounded queue can be slower than a bounded one: nothing stops
//! its producer, so it runs ahead and the items pile up.
//!
//! One producer puts `items` items into `Queue::unbounded()` as fast as it
//! can; one consumer gets them and, every 256 items, reads the queue's
//! length. The largest length seen is the backlog: how far the producer
//! got ahead. A bounded queue's backlog is at most its capacity, so its
//! items stay in a few kilobytes that the caches hold; an unbounded one's
//! grow its buffer (copying it each time it doubles) and spread over
//! memory the consumer must fetch from further away.

use crate::queue::Queue;

/// The largest backlog seen while `items` items streamed from one producer
/// to one consumer through an unbounded queue.
pub fn peak(items: u64) -> usize {
    let queue = Queue::<u64>::unbounded();
    std::thread::scope(|s| {
        s.spawn(|| (0..items).for_each(|i| queue.put(i)));
        let mut peak = 0;
        for i in 0..items {
            std::hint::black_box(queue.get());
            if i % 256 == 0 {
                peak = peak.max(queue.len());
            }
        }
        peak
    })
}

#[cfg(all(test, not(any(feature = "loom", feature = "shuttle"))))]
mod tests {
    #[test]
    fn the_backlog_is_at_most_what_was_put() {
        assert!(super::peak(10_000) <= 10_000);
    }
}
