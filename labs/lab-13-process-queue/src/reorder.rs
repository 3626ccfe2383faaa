//! Results in start order, from results that arrive in completion order.
//!
//! Workers finish when they finish, so their results come out of a queue
//! in completion order. Python's `Pool.imap` gives them back in the order
//! the tasks were started anyway: it keeps early arrivals aside until every
//! result before them has come. [`InStartOrder`] does the same for results
//! tagged with their task's index.
//!
//! This file is exercise `13-in-start-order`.

use std::collections::BTreeMap;

/// Takes `(index, result)` pairs in any order; gives results back in index
/// order (0, 1, 2, ...) as soon as each is due.
pub struct InStartOrder<T> {
    /// The index of the next result to give back.
    next: usize,
    /// Results that arrived before their turn, by index.
    early: BTreeMap<usize, T>,
}

impl<T> Default for InStartOrder<T> {
    fn default() -> Self {
        InStartOrder { next: 0, early: BTreeMap::new() }
    }
}

impl<T> InStartOrder<T> {
    // ANCHOR: push
    /// Takes the result of task `index` and returns every result that is
    /// now due, in order (possibly none, possibly several).
    pub fn push(&mut self, index: usize, result: T) -> Vec<T> {
        // exercise: solution
        self.early.insert(index, result);
        let mut due = Vec::new();
        while let Some(result) = self.early.remove(&self.next) {
            due.push(result);
            self.next += 1;
        }
        due
        // exercise: starter
        // let _ = (index, result, &self.early, self.next);
        // todo!("keep the result aside by index; then hand back every result from self.next on that is there, advancing self.next")
        // exercise: end
    }
    // ANCHOR_END: push

    /// How many results are waiting for an earlier one.
    pub fn waiting(&self) -> usize {
        self.early.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_in_order_come_straight_back() {
        let mut r = InStartOrder::default();
        assert_eq!(r.push(0, "a"), ["a"]);
        assert_eq!(r.push(1, "b"), ["b"]);
        assert_eq!(r.waiting(), 0);
    }

    #[test]
    fn an_early_result_waits_for_the_ones_before_it() {
        let mut r = InStartOrder::default();
        assert!(r.push(2, "c").is_empty());
        assert!(r.push(1, "b").is_empty());
        assert_eq!(r.waiting(), 2);
        assert_eq!(r.push(0, "a"), ["a", "b", "c"]);
        assert_eq!(r.waiting(), 0);
    }

    #[test]
    fn a_gap_holds_back_only_what_is_after_it() {
        let mut r = InStartOrder::default();
        assert_eq!(r.push(0, 0), [0]);
        assert!(r.push(3, 3).is_empty());
        assert_eq!(r.push(1, 1), [1]);
        assert_eq!(r.push(2, 2), [2, 3]);
    }

    #[test]
    fn a_thousand_shuffled_results_come_back_in_order() {
        let mut order: Vec<usize> = (0..1000).collect();
        // A fixed shuffle: multiply by a number coprime with 1000.
        order.iter_mut().for_each(|i| *i = (*i * 379) % 1000);
        let mut r = InStartOrder::default();
        let out: Vec<usize> = order.into_iter().flat_map(|i| r.push(i, i)).collect();
        assert_eq!(out, (0..1000).collect::<Vec<_>>());
    }
}
