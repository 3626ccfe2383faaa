//! One worker's share of the prime check: trial division of `n` by the odd
//! candidates of a range, looking at an early-exit flag every `every`
//! candidates.
//!
//! A worker that finds a divisor sets the flag; the others look at it
//! every `every` candidates and stop when it is set. Looking costs a load
//! (or a lock) per look; looking rarely lets a worker run on after the
//! answer is known. [`Flag`] is what the worker looks at: none, an atomic,
//! or a value behind a lock (the notebook's `Value`, which is synchronized).
//!
//! [`check_range`] is the chapter's second exercise (`15-check`); this file
//! stands alone (std only).

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
// `n % i == 0` as the notebook writes it (is_multiple_of adds a test for i == 0).
#[allow(clippy::manual_is_multiple_of)]
pub fn check_range(n: u64, from: u64, to: u64, flag: &impl Flag, every: u64) -> bool {
    if n % 2 == 0 {
        return n == 2;
    }
    // exercise: solution
    let mut start = from | 1; // odd candidates only
    while start < to {
        // One stretch of `every` odd candidates, then a look at the flag.
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
    // exercise: starter
    // todo!("divide {n} by the odd candidates of {from}..{to}, looking at the flag every {every}; {}", flag.is_set())
    // exercise: end
}
// ANCHOR_END: check

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering::Relaxed};

    fn root(n: u64) -> u64 {
        n.isqrt() + 1
    }

    /// A flag that counts how often it is looked at.
    struct Counting(AtomicUsize, AtomicBool);

    impl Flag for Counting {
        fn is_set(&self) -> bool {
            self.0.fetch_add(1, Relaxed);
            self.1.load(Relaxed)
        }
        fn set(&self) {
            self.1.store(true, Relaxed)
        }
    }

    #[test]
    fn the_check_finds_divisors_and_primes() {
        assert!(!check_range(112_272_535_095_295, 3, 21, &NoFlag, 1000), "divisible by 5");
        assert!(check_range(1_000_003, 3, root(1_000_003), &NoFlag, 7), "a prime");
        assert!(!check_range(1_000_003 * 999_983, 3, root(1_000_003 * 999_983), &NoFlag, 1000));
    }

    #[test]
    fn a_set_flag_stops_a_worker_at_its_next_look() {
        let flag = std::sync::atomic::AtomicBool::new(true);
        assert!(!check_range(1_000_003, 3, root(1_000_003), &flag, 10));
    }

    #[test]
    fn the_flag_is_looked_at_once_per_stretch_of_every_candidates() {
        let flag = Counting(AtomicUsize::new(0), AtomicBool::new(false));
        // 3..2003 holds 1000 odd candidates: 10 stretches of 100.
        assert!(check_range(1_000_000_007, 3, 2003, &flag, 100));
        assert_eq!(flag.0.load(Relaxed), 10);
    }

    #[test]
    fn finding_a_divisor_sets_the_flag_for_the_others() {
        let flag = AtomicBool::new(false);
        assert!(!check_range(101 * 1_000_003, 3, 2000, &flag, 1000));
        assert!(flag.is_set(), "the finder tells the others");
    }

    #[test]
    fn a_huge_interval_means_never_looking_and_does_not_overflow() {
        let flag = Counting(AtomicUsize::new(0), AtomicBool::new(false));
        assert!(check_range(1_000_003, 3, root(1_000_003), &flag, u64::MAX));
        assert!(flag.0.load(Relaxed) <= 1);
    }
}
