//! Exercise `04-bounded-buffer`: a bounded buffer with two conditions.
//!
//! A buffer that holds at most `capacity` items. `put` waits while it is
//! full, `take` waits while it is empty. Producers and consumers wait for
//! different things, so each kind waits on its own condition: a `put` wakes
//! a consumer (`not_empty`), a `take` wakes a producer (`not_full`). With a
//! single condition, a `notify_one` could wake a thread of the wrong kind,
//! which would go back to sleep, and the thread that could have run would
//! never hear of it.
//!
//! Built on chapter 02's `Mutex` and this chapter's `Condition`.

use lab_02_lock::Mutex;
use lab_04_condition::Condition;
use std::collections::VecDeque;

/// A first-in, first-out buffer of at most `capacity` items.
pub struct BoundedBuffer<T> {
    /// The items, oldest first; never more than `capacity` of them.
    items: Mutex<VecDeque<T>>,
    /// How many items fit.
    capacity: usize,
    /// Producers wait here while the buffer is full.
    not_full: Condition,
    /// Consumers wait here while the buffer is empty.
    not_empty: Condition,
}

impl<T: Send> BoundedBuffer<T> {
    /// An empty buffer for `capacity` items (at least one).
    pub fn new(capacity: usize) -> Self {
        assert!(capacity > 0, "a buffer must hold at least one item");
        BoundedBuffer {
            items: Mutex::new(VecDeque::with_capacity(capacity)),
            capacity,
            not_full: Condition::new(),
            not_empty: Condition::new(),
        }
    }

    /// Adds `item` at the back, waiting while the buffer is full.
    pub fn put(&self, item: T) {
        // exercise: solution
        let mut items = self.items.lock();
        while items.len() == self.capacity {
            self.not_full.wait(&mut items);
        }
        items.push_back(item);
        self.not_empty.notify_one();
        // exercise: starter
        // let _ = item;
        // todo!("lock, wait on not_full while full, push, wake a consumer")
        // exercise: end
    }

    /// Removes the oldest item, waiting while the buffer is empty.
    pub fn take(&self) -> T {
        // exercise: solution
        let mut items = self.items.lock();
        loop {
            if let Some(item) = items.pop_front() {
                self.not_full.notify_one();
                return item;
            }
            self.not_empty.wait(&mut items);
        }
        // exercise: starter
        // todo!("lock, wait on not_empty while empty, pop, wake a producer")
        // exercise: end
    }

    /// How many items the buffer holds now.
    pub fn len(&self) -> usize {
        self.items.lock().len()
    }

    /// Whether the buffer is empty now.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use labkit::testing::{Pending, join_within};
    use std::sync::Arc;
    use std::thread;
    use std::time::Duration;

    /// How long a test waits for a thread that should finish: a buffer that
    /// never wakes anyone fails the test then instead of hanging it.
    const LIMIT: Duration = Duration::from_secs(10);

    /// How long a thread that should be blocked is given to (wrongly) return.
    const BLOCKED: Duration = Duration::from_millis(50);

    #[test]
    fn items_come_out_in_the_order_they_went_in() {
        let buffer = BoundedBuffer::new(3);
        for i in 1..=3 {
            buffer.put(i);
        }
        assert_eq!(buffer.len(), 3);
        assert_eq!([buffer.take(), buffer.take(), buffer.take()], [1, 2, 3]);
        assert!(buffer.is_empty());
    }

    #[test]
    fn put_waits_while_the_buffer_is_full() {
        let buffer = Arc::new(BoundedBuffer::new(2));
        buffer.put(1);
        buffer.put(2);
        let producer = {
            let buffer = Arc::clone(&buffer);
            Pending::spawn(move || buffer.put(3))
                .still_blocked_after(BLOCKED, "put on a full buffer")
        };
        assert_eq!(buffer.len(), 2);
        assert_eq!(buffer.take(), 1);
        producer.finish_within(LIMIT, "a put after a take made room");
        assert_eq!([buffer.take(), buffer.take()], [2, 3]);
    }

    #[test]
    fn take_waits_while_the_buffer_is_empty() {
        let buffer = Arc::new(BoundedBuffer::new(1));
        let consumer = {
            let buffer = Arc::clone(&buffer);
            Pending::spawn(move || buffer.take())
                .still_blocked_after(BLOCKED, "take on an empty buffer")
        };
        buffer.put(7);
        assert_eq!(consumer.finish_within(LIMIT, "a take after a put"), 7);
    }

    #[test]
    fn many_producers_and_consumers_lose_and_duplicate_nothing() {
        let buffer = Arc::new(BoundedBuffer::new(3));
        let (producers, consumers, per_producer) = (4u64, 4u64, 2_000u64);
        let total = producers * per_producer;
        let putters: Vec<_> = (0..producers)
            .map(|p| {
                let buffer = Arc::clone(&buffer);
                thread::spawn(move || {
                    for i in 0..per_producer {
                        buffer.put(p * per_producer + i);
                    }
                })
            })
            .collect();
        let takers: Vec<_> = (0..consumers)
            .map(|_| {
                let buffer = Arc::clone(&buffer);
                thread::spawn(move || {
                    (0..total / consumers).map(|_| buffer.take()).collect::<Vec<u64>>()
                })
            })
            .collect();
        for p in putters {
            join_within(p, LIMIT, "a producer");
        }
        let mut all: Vec<u64> =
            takers.into_iter().flat_map(|t| join_within(t, LIMIT, "a consumer")).collect();
        all.sort_unstable();
        assert_eq!(all, (0..total).collect::<Vec<_>>(), "every item exactly once");
    }
}
