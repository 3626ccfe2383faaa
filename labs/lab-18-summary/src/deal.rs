//! Dealing the CPU-bound job's numbers to its tasks so that every task costs
//! about the same. This module is exercise `18-interleaved-blocks`.
//!
//! Trial division of `n` costs up to `√n / 2` divisions, so the numbers
//! near the limit cost the most. Cutting `0..limit` into one contiguous
//! range per task would give the last task the most work, and the pool
//! would wait for it. Dealing numbers one by one (`t, t + T, ...`) would give
//! one of two tasks every even number, each settled by one division. So the
//! numbers go out in blocks of [`BLOCK`]: task `t` of `T` takes the blocks
//! that start at `t·BLOCK`, `(t + T)·BLOCK`, `(t + 2T)·BLOCK`, ... Every task
//! gets odd and even, small and large numbers alike.

/// Numbers are dealt in blocks of this many.
pub const BLOCK: u64 = 64;

/// How many of task `t`'s numbers (of `tasks`, below `limit`) pass `test`.
pub fn count_in_task(limit: u64, tasks: usize, t: usize, test: impl Fn(u64) -> bool) -> u64 {
    // exercise: solution
    let step = tasks as u64 * BLOCK;
    let mut count = 0;
    let mut start = t as u64 * BLOCK;
    while start < limit {
        count += (start..(start + BLOCK).min(limit)).filter(|&n| test(n)).count() as u64;
        start += step;
    }
    count
    // exercise: starter
    // // One contiguous range per task: every number once, but the last
    // // task gets the costliest ones. Deal blocks of BLOCK instead.
    // let share = limit.div_ceil(tasks as u64);
    // let range = (t as u64 * share)..((t as u64 + 1) * share).min(limit);
    // range.filter(|&n| test(n)).count() as u64
    // exercise: end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_number_is_counted_once() {
        for (limit, tasks) in [(10_000, 7), (64, 3), (1000, 1), (5, 4)] {
            let total: u64 = (0..tasks).map(|t| count_in_task(limit, tasks, t, |_| true)).sum();
            assert_eq!(total, limit, "{tasks} tasks below {limit}");
        }
    }

    #[test]
    fn every_task_gets_small_and_large_numbers() {
        // Each task must hold numbers from the bottom tenth and from the top
        // tenth of the range, or one task gets all the costly ones.
        let (limit, tasks) = (100_000, 8);
        for t in 0..tasks {
            let low = count_in_task(limit, tasks, t, |n| n < limit / 10);
            let high = count_in_task(limit, tasks, t, |n| n >= limit - limit / 10);
            assert!(low > 0 && high > 0, "task {t}: {low} low and {high} high numbers");
        }
    }

    #[test]
    fn tasks_get_the_same_share_within_one_block() {
        let (limit, tasks) = (100_003, 6);
        let shares: Vec<u64> =
            (0..tasks).map(|t| count_in_task(limit, tasks, t, |_| true)).collect();
        let (min, max) = (shares.iter().min().unwrap(), shares.iter().max().unwrap());
        assert!(max - min <= BLOCK, "shares {shares:?}");
    }

    #[test]
    fn odd_numbers_are_spread_over_every_task() {
        let (limit, tasks) = (10_000, 2);
        for t in 0..tasks {
            let odd = count_in_task(limit, tasks, t, |n| n % 2 == 1);
            assert!(odd > limit / 8, "task {t} has only {odd} odd numbers");
        }
    }
}
