//! Putting results back in input order, as `map` and `imap` must.
//!
//! Workers finish tasks in whatever order their sizes and the scheduler
//! decide; result 5 may arrive before result 0. An ordered map keeps each
//! early result here until every result before it has arrived. What it
//! holds is the price of order: memory, and a caller who waits for result
//! 0 while results 1 to 5 sit ready. The lab's `order` experiment counts
//! both.
//!
//! This is exercise `08-reorder`.

use std::collections::BTreeMap;

/// Results that arrived out of turn, waiting for the ones before them.
#[derive(Debug)]
pub struct Reorder<T> {
    /// The index of the next result to hand out: every result before it
    /// has been handed out already.
    next: usize,
    /// Results that arrived early, by index; none of them is `next` yet.
    held: BTreeMap<usize, T>,
}

impl<T> Default for Reorder<T> {
    fn default() -> Self {
        Reorder { next: 0, held: BTreeMap::new() }
    }
}

// ANCHOR: reorder
impl<T> Reorder<T> {
    /// Keeps `item`, the result of task `index` (each index comes once).
    pub fn insert(&mut self, index: usize, item: T) {
        // exercise: solution
        debug_assert!(index >= self.next, "result {index} was handed out already");
        self.held.insert(index, item);
        // exercise: starter
        // let _ = (index, item, &mut self.held);
        // todo!("keep the item under its index")
        // exercise: end
    }

    /// The next result in input order, if it has arrived; it is then
    /// handed out and the turn moves on.
    pub fn pop(&mut self) -> Option<T> {
        // exercise: solution
        let item = self.held.remove(&self.next)?;
        self.next += 1;
        Some(item)
        // exercise: starter
        // let _ = (&mut self.held, &mut self.next);
        // todo!("take the item whose index is self.next, if there, and move self.next on")
        // exercise: end
    }

    /// How many results are held waiting for their turn.
    pub fn held(&self) -> usize {
        self.held.len()
    }
}
// ANCHOR_END: reorder

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_in_order_pass_straight_through() {
        let mut r = Reorder::default();
        for i in 0..3 {
            r.insert(i, i * 10);
            assert_eq!(r.pop(), Some(i * 10));
            assert_eq!(r.held(), 0);
        }
    }

    #[test]
    fn an_early_result_waits_for_the_ones_before_it() {
        let mut r = Reorder::default();
        r.insert(2, "c");
        r.insert(1, "b");
        assert_eq!(r.pop(), None, "result 0 has not arrived");
        assert_eq!(r.held(), 2);
        r.insert(0, "a");
        assert_eq!([r.pop(), r.pop(), r.pop(), r.pop()], [Some("a"), Some("b"), Some("c"), None]);
        assert_eq!(r.held(), 0);
    }

    #[test]
    fn the_turn_moves_on_only_when_a_result_is_handed_out() {
        let mut r = Reorder::default();
        r.insert(0, 'x');
        r.insert(2, 'z');
        assert_eq!(r.pop(), Some('x'));
        assert_eq!(r.pop(), None, "result 1 is next, and missing");
        r.insert(1, 'y');
        assert_eq!(r.pop(), Some('y'));
        assert_eq!(r.pop(), Some('z'));
    }

    #[test]
    fn reversed_arrival_holds_all_but_one() {
        let mut r = Reorder::default();
        for i in (0..100).rev() {
            r.insert(i, i);
        }
        assert_eq!(r.held(), 100);
        let out: Vec<_> = std::iter::from_fn(|| r.pop()).collect();
        assert_eq!(out, (0..100).collect::<Vec<_>>());
    }
}
