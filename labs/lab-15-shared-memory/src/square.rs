//! The notebook's `square_list`: a child squares a list into a shared
//! `Array` and puts the sum of squares in a shared `Value`; the parent,
//! after `join`, sees both.

use crate::shared::{Shared, SharedArray};
use labkit::process::fork_child;
use std::sync::atomic::{AtomicI32, AtomicI64, Ordering::Relaxed};

// ANCHOR: square_list
/// Squares `list` into `result` and stores the sum of squares in `sum`.
pub fn square_list(list: &[i32], result: &[AtomicI32], sum: &AtomicI64) {
    for (slot, &n) in result.iter().zip(list) {
        slot.store(n * n, Relaxed);
    }
    sum.store(result.iter().map(|r| r.load(Relaxed) as i64).sum(), Relaxed);
}

/// Runs `square_list` in a forked child and returns what the parent then
/// reads: the squares and their sum.
pub fn in_a_child(list: &[i32]) -> anyhow::Result<(Vec<i32>, i64)> {
    let result = SharedArray::new(list.len(), |_| AtomicI32::new(0))?; // Array('i', 4)
    let sum = Shared::new(AtomicI64::new(0))?; // Value('i')
    let mut child = fork_child(|| {
        square_list(list, &result, &sum);
        0
    })?;
    let status = child.wait()?; // p1.join()
    anyhow::ensure!(status.success(), "the child ended with {status}");
    // The child's writes reached the parent: waitpid orders them before us.
    Ok((result.iter().map(|r| r.load(Relaxed)).collect(), sum.load(Relaxed)))
}
// ANCHOR_END: square_list
