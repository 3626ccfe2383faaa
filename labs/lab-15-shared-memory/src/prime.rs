//! The notebook's prime check: trial division by odd candidates up to √n,
//! split into ranges, one per worker, with an early-exit flag.
//!
//! A worker that finds a divisor sets the flag; the others look at it
//! every `every` candidates and stop when it is set. Looking costs a load
//! (or a lock) per look; looking rarely lets a worker run on after the
//! answer is known. [`Flag`] is what the worker looks at: none, an atomic,
//! or a value behind a lock (the notebook's `Value`, which is synchronized).
//!
//! [`ranges`] is the chapter's first exercise (`15-ranges`); it stands alone.

/// The cheap serial check before splitting: candidates below this.
pub const SERIAL_CUTOFF: u64 = 21;

/// What a worker looks at to learn that another found a divisor.
pub trait Flag: Sync {
    /// Whether a divisor has been found.
    fn is_set(&self) -> bool;
    /// Says a divisor has been found.
    fn set(&self);
}

/// No flag: a worker runs its whole range unless it finds a divisor itself.
pub struct NoFlag;

impl Flag for NoFlag {
    fn is_set(&self) -> bool {
        false
    }
    fn set(&self) {}
}

impl Flag for std::sync::atomic::AtomicBool {
    fn is_set(&self) -> bool {
        self.load(std::sync::atomic::Ordering::Relaxed)
    }
    fn set(&self) {
        self.store(true, std::sync::atomic::Ordering::Relaxed)
    }
}

// ANCHOR: check
/// Whether no odd candidate in `from..to` divides `n`, looking at `flag`
/// every `every` candidates and giving up (false) once it is set.
pub fn check_range(n: u64, from: u64, to: u64, flag: &impl Flag, every: u64) -> bool {
    if n % 2 == 0 {
        return n == 2;
    }
    let mut start = from | 1; // odd candidates only
    while start < to {
        let end = to.min(start.saturating_add(every.saturating_mul(2)));
        let mut i = start;
        while i < end {
            if n % i == 0 && i != n {
                flag.set();
                return false;
            }
            i += 2;
        }
        if flag.is_set() {
            return false;
        }
        start = end;
    }
    true
}
// ANCHOR_END: check

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

    #[test]
    fn the_check_finds_divisors_and_primes() {
        assert!(!check_range(112_272_535_095_295, 3, 21, &NoFlag, 1000), "divisible by 5");
        assert!(check_range(1_000_003, 3, root_bound(1_000_003), &NoFlag, 7), "a prime");
        assert!(!check_range(
            1_000_003 * 999_983,
            3,
            root_bound(1_000_003 * 999_983),
            &NoFlag,
            1000
        ));
    }

    #[test]
    fn a_set_flag_stops_a_worker_at_its_next_look() {
        let flag = std::sync::atomic::AtomicBool::new(true);
        assert!(!check_range(1_000_003, 3, root_bound(1_000_003), &flag, 10));
    }
}
