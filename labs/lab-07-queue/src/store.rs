//! Where a queue keeps its items, and in which order it gives them back.
//!
//! Python's `Queue` leaves three methods to override, `_init`, `_put` and
//! `_get` ("to implement other queue organizations, e.g. stack or priority
//! queue"), always called with the lock held. Here that hook is a trait: a
//! [`Store`] is a plain, single-threaded container, and [`crate::Queue`]
//! wraps it in the lock and the conditions. Swapping the store changes the
//! order ([`Fifo`], [`Lifo`], or the priority order of exercise
//! `07-priority`, [`Priority`]); the blocking, the timeouts and the task
//! counting stay the same.

use crate::priority::Priority;
use std::collections::VecDeque;

/// A container the queue calls with its lock held: no synchronisation here.
pub trait Store<T> {
    /// Adds an item.
    fn push(&mut self, item: T);
    /// Takes the next item out, or `None` when there is none.
    fn pop(&mut self) -> Option<T>;
    /// How many items it holds.
    fn len(&self) -> usize;
    /// Whether it holds no item.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// First in, first out: Python's `Queue`, and the default store.
#[derive(Debug)]
pub struct Fifo<T> {
    /// Oldest item at the front; a ring buffer, so both ends cost O(1).
    items: VecDeque<T>,
}

impl<T> Fifo<T> {
    /// An empty FIFO with room for `capacity` items before it reallocates.
    pub fn with_capacity(capacity: usize) -> Fifo<T> {
        Fifo { items: VecDeque::with_capacity(capacity) }
    }
}

impl<T> Default for Fifo<T> {
    fn default() -> Self {
        Fifo { items: VecDeque::new() }
    }
}

impl<T> Store<T> for Fifo<T> {
    fn push(&mut self, item: T) {
        self.items.push_back(item);
    }
    fn pop(&mut self) -> Option<T> {
        self.items.pop_front()
    }
    fn len(&self) -> usize {
        self.items.len()
    }
}

/// Last in, first out: Python's `LifoQueue`, a stack.
#[derive(Debug)]
pub struct Lifo<T> {
    /// Newest item at the end.
    items: Vec<T>,
}

impl<T> Default for Lifo<T> {
    fn default() -> Self {
        Lifo { items: Vec::new() }
    }
}

impl<T> Store<T> for Lifo<T> {
    fn push(&mut self, item: T) {
        self.items.push(item);
    }
    fn pop(&mut self) -> Option<T> {
        self.items.pop()
    }
    fn len(&self) -> usize {
        self.items.len()
    }
}

/// Lowest first, equals in arrival order: Python's `PriorityQueue`. The
/// order itself is exercise `07-priority`, in `priority.rs`.
impl<T: Ord> Store<T> for Priority<T> {
    fn push(&mut self, item: T) {
        Priority::push(self, item);
    }
    fn pop(&mut self) -> Option<T> {
        Priority::pop(self)
    }
    fn len(&self) -> usize {
        Priority::len(self)
    }
}

#[cfg(all(test, not(any(feature = "loom", feature = "shuttle"))))]
mod tests {
    use super::*;

    #[test]
    fn fifo_gives_items_back_oldest_first_and_lifo_newest_first() {
        let (mut fifo, mut lifo) = (Fifo::default(), Lifo::default());
        for i in 1..=3 {
            fifo.push(i);
            lifo.push(i);
        }
        assert_eq!((fifo.len(), lifo.len()), (3, 3));
        assert_eq!(
            [fifo.pop(), fifo.pop(), fifo.pop(), fifo.pop()],
            [Some(1), Some(2), Some(3), None]
        );
        assert_eq!(
            [lifo.pop(), lifo.pop(), lifo.pop(), lifo.pop()],
            [Some(3), Some(2), Some(1), None]
        );
        assert!(fifo.is_empty() && lifo.is_empty());
    }
}
