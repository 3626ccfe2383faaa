//! A priority store: exercise `07-priority`.
//!
//! Python's `PriorityQueue` overrides `_put` and `_get` with `heapq`, a
//! min-heap: the lowest entry comes out first, and the docs suggest
//! entries of the form `(priority, data)`. Here the same override is a
//! store for the lab's `Queue` (`store.rs` plugs it in):
//! `Queue::with_store(Priority::default(), Some(8))` is a blocking
//! priority queue.
//!
//! Two details make it behave as a queue should:
//!
//! - Rust's `BinaryHeap` is a max-heap; `std::cmp::Reverse` turns it into a
//!   min-heap.
//! - A heap does not remember arrival order: among entries that compare
//!   equal, it returns any. Each entry carries a sequence number taken at
//!   `push`, so that equal priorities come out first in, first out (Python's
//!   docs suggest the same with a counter in the tuple).
//!
//! The store is plain single-threaded code: the queue calls it with its
//! lock held. The lab's stores experiment runs it.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// Items come out lowest first; equal items in the order they were pushed.
#[derive(Debug)]
pub struct Priority<T: Ord> {
    /// Min-heap of (item, sequence number): `Reverse` flips the max-heap.
    heap: BinaryHeap<Reverse<(T, u64)>>,
    /// The sequence number the next push gets: it only grows.
    next: u64,
}

impl<T: Ord> Default for Priority<T> {
    fn default() -> Self {
        Priority { heap: BinaryHeap::new(), next: 0 }
    }
}

impl<T: Ord> Priority<T> {
    /// Adds an item.
    pub fn push(&mut self, item: T) {
        // exercise: solution
        self.heap.push(Reverse((item, self.next)));
        self.next += 1;
        // exercise: starter
        // let _ = (item, &mut self.heap, &mut self.next, Reverse(()));
        // todo!("push the item with the next sequence number, wrapped in Reverse")
        // exercise: end
    }

    /// Takes the lowest item out (the earliest pushed among equals), or `None`.
    pub fn pop(&mut self) -> Option<T> {
        // exercise: solution
        self.heap.pop().map(|Reverse((item, _))| item)
        // exercise: starter
        // todo!("pop the smallest (item, sequence) and return the item")
        // exercise: end
    }

    /// How many items it holds.
    pub fn len(&self) -> usize {
        self.heap.len()
    }

    /// Whether it holds no item.
    pub fn is_empty(&self) -> bool {
        self.heap.is_empty()
    }
}

// std only: these tests run the same under every backend of the lab.
#[cfg(test)]
mod tests {
    use super::Priority;
    use std::cmp::Ordering;

    /// A job compared by priority only, so that two jobs can be equal.
    #[derive(Debug, PartialEq, Eq)]
    struct Job {
        priority: u8,
        name: &'static str,
    }
    impl Ord for Job {
        fn cmp(&self, other: &Self) -> Ordering {
            self.priority.cmp(&other.priority)
        }
    }
    impl PartialOrd for Job {
        fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
            Some(self.cmp(other))
        }
    }
    fn job(priority: u8, name: &'static str) -> Job {
        Job { priority, name }
    }

    #[test]
    fn lowest_comes_out_first() {
        let mut store = Priority::default();
        for p in [5, 1, 4, 2, 3] {
            store.push(p);
        }
        assert_eq!(store.len(), 5);
        let out: Vec<i32> = std::iter::from_fn(|| store.pop()).collect();
        assert_eq!(out, [1, 2, 3, 4, 5]);
        assert_eq!(store.pop(), None);
    }

    #[test]
    fn equal_priorities_come_out_in_arrival_order() {
        let mut store = Priority::default();
        for (p, name) in [(2, "a"), (1, "b"), (2, "c"), (1, "d"), (2, "e"), (1, "f")] {
            store.push(job(p, name));
        }
        let names: Vec<&str> = std::iter::from_fn(|| store.pop()).map(|j| j.name).collect();
        assert_eq!(names, ["b", "d", "f", "a", "c", "e"]);
    }

    #[test]
    fn many_equal_items_stay_first_in_first_out() {
        let mut store = Priority::default();
        let names = ["p", "q", "r", "s", "t", "u", "v", "w", "x", "y", "z"];
        for name in names {
            store.push(job(0, name));
        }
        let out: Vec<&str> = std::iter::from_fn(|| store.pop()).map(|j| j.name).collect();
        assert_eq!(out, names);
    }

    #[test]
    fn pushes_and_pops_interleaved_keep_both_orders() {
        let mut store = Priority::default();
        store.push(job(2, "a"));
        store.push(job(1, "b"));
        assert_eq!(store.pop().map(|j| j.name), Some("b"));
        store.push(job(2, "c"));
        store.push(job(1, "d"));
        store.push(job(2, "e"));
        let names: Vec<&str> = std::iter::from_fn(|| store.pop()).map(|j| j.name).collect();
        assert_eq!(names, ["d", "a", "c", "e"]);
        assert!(store.is_empty());
    }
}
