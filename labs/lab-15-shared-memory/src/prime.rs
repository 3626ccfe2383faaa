//! The notebook's prime check: trial division by odd candidates up to √n,
//! split into ranges, one per worker, with an early-exit flag.
//!
//! The split is here ([`ranges`], the chapter's first exercise,
//! `15-ranges`; this file stands alone); the check of one range, with its
//! flag, is in `check.rs` (the second exercise, `15-check`).

/// The cheap serial check before splitting: candidates below this.
pub const SERIAL_CUTOFF: u64 = 21;

/// The first candidate past √n.
pub fn root_bound(n: u64) -> u64 {
    n.isqrt() + 1
}

// ANCHOR: ranges
/// Splits `from..to` into `parts` contiguous ranges that cover it exactly,
/// in order, with sizes differing by at most one (the notebook's
/// `create_range.create`). Each range starts where the previous ended.
pub fn ranges(from: u64, to: u64, parts: usize) -> Vec<(u64, u64)> {
    assert!(parts > 0 && from <= to);
    // exercise: solution
    // u128, so len * k cannot overflow for any u64 span.
    let (len, parts) = ((to - from) as u128, parts as u128);
    let edge = |k: u128| from + (len * k / parts) as u64;
    (0..parts).map(|k| (edge(k), edge(k + 1))).collect()
    // exercise: starter
    // todo!("split {from}..{to} into {parts} ranges")
    // exercise: end
}
// ANCHOR_END: ranges

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_cover_the_whole_span_in_order() {
        for &(from, to, parts) in
            &[(21, 1000, 4), (21, 22, 3), (0, 10, 1), (5, 5, 2), (21, 316_400_222, 7)]
        {
            let r = ranges(from, to, parts);
            assert_eq!(r.len(), parts);
            assert_eq!(r[0].0, from);
            assert_eq!(r[parts - 1].1, to);
            for w in r.windows(2) {
                assert_eq!(w[0].1, w[1].0, "{r:?}: each range starts where the last ended");
            }
        }
    }

    #[test]
    fn ranges_are_the_same_size_give_or_take_one() {
        let r = ranges(21, 1_000_021, 3);
        let sizes: Vec<u64> = r.iter().map(|(a, b)| b - a).collect();
        let (lo, hi) = (sizes.iter().min().unwrap(), sizes.iter().max().unwrap());
        assert!(hi - lo <= 1, "{sizes:?}");
    }

    #[test]
    fn ranges_do_not_overflow_near_the_top() {
        let r = ranges(u64::MAX - 10, u64::MAX, 4);
        assert_eq!((r[0].0, r[3].1), (u64::MAX - 10, u64::MAX));
    }
}
