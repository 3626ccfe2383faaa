//! CPU-bound work for threads: counting primes by trial division, split
//! between scoped threads. This module is also exercise `01-scoped-primes`.
//!
//! The Python script `python/cpu_threads.py` does exactly the same in
//! Python threads, so the lab can compare how each speeds up.
//!
//! Testing a number `n` takes up to `√n / 2` divisions, so big numbers cost
//! more than small ones, and an even number costs one. Giving each thread
//! one contiguous block of numbers would give the last thread the most
//! work. Dealing single numbers round-robin (`t, t + k, ...`) is worse: with
//! two threads, one gets every even number and finishes at once. So the
//! numbers are dealt in small blocks of [`BLOCK`]: thread `t` of `k` takes
//! blocks `t, t + k, t + 2k, ...`, each with odd and even, small and big
//! numbers alike.

/// Whether `n` is prime, by trial division by 2 and the odd numbers up to √n.
pub fn is_prime(n: u64) -> bool {
    if n < 4 {
        return n >= 2;
    }
    if n.is_multiple_of(2) {
        return false;
    }
    let mut d = 3;
    while d * d <= n {
        if n.is_multiple_of(d) {
            return false;
        }
        d += 2;
    }
    true
}

/// How many primes are below `limit`, counted with `threads` scoped threads.
pub fn count_primes(limit: u64, threads: usize) -> u64 {
    count_with(limit, threads, is_prime)
}

// ANCHOR: count_with
/// The numbers are dealt to the threads in blocks of this many.
pub const BLOCK: u64 = 64;

/// How many numbers in `0..limit` pass `test`, tested by `threads` scoped
/// threads (at least one): thread `t` tests the blocks of [`BLOCK`] numbers
/// that start at `t·BLOCK`, `(t + threads)·BLOCK`, ... Every thread borrows
/// `test`; the scope joins them all before returning.
pub fn count_with(limit: u64, threads: usize, test: impl Fn(u64) -> bool + Sync) -> u64 {
    // exercise: solution
    let threads = threads.max(1) as u64;
    let test = &test;
    let count_block =
        move |start: u64| (start..limit.min(start + BLOCK)).filter(|&n| test(n)).count();
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let starts = (t * BLOCK..limit).step_by((threads * BLOCK) as usize);
                s.spawn(move || starts.map(count_block).sum::<usize>() as u64)
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p))).sum()
    })
    // exercise: starter
    // let _ = (limit, threads, &test);
    // todo!("start `threads` scoped threads; thread t tests blocks t, t + threads, ...; add up their counts")
    // exercise: end
}
// ANCHOR_END: count_with

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;
    use std::sync::Mutex;
    use std::thread::ThreadId;

    #[test]
    fn counts_the_primes_whatever_the_number_of_threads() {
        for threads in 1..=8 {
            assert_eq!(count_primes(10, threads), 4, "below 10, {threads} threads");
            assert_eq!(count_primes(100, threads), 25, "below 100, {threads} threads");
            assert_eq!(count_primes(100_000, threads), 9592, "below 100 000, {threads} threads");
        }
    }

    #[test]
    fn tiny_limits_and_zero_threads() {
        assert_eq!(count_primes(0, 4), 0);
        assert_eq!(count_primes(3, 8), 1, "only 2 is below 3");
        assert_eq!(count_primes(100, 0), 25, "zero threads means one");
    }

    /// Runs `count_with` on `0..limit` and notes which thread tested which number.
    fn who_tested_what(limit: u64, threads: usize) -> HashMap<ThreadId, Vec<u64>> {
        let seen = Mutex::new(HashMap::<ThreadId, Vec<u64>>::new());
        count_with(limit, threads, |n| {
            seen.lock().unwrap().entry(std::thread::current().id()).or_default().push(n);
            false
        });
        seen.into_inner().unwrap()
    }

    #[test]
    fn every_number_is_tested_once_on_as_many_threads_as_asked() {
        for threads in [1, 2, 3, 5] {
            let seen = who_tested_what(1000, threads);
            assert_eq!(seen.len(), threads, "{threads} threads asked, {} used", seen.len());
            let mut all: Vec<u64> = seen.into_values().flatten().collect();
            all.sort_unstable();
            assert_eq!(all, (0..1000).collect::<Vec<_>>(), "{threads} threads");
        }
    }

    /// How many steps `is_prime(n)` takes: its cost, for the balance test.
    fn cost(n: u64) -> u64 {
        if n < 4 || n.is_multiple_of(2) {
            return 1;
        }
        let mut d = 3;
        while d * d <= n && !n.is_multiple_of(d) {
            d += 2;
        }
        d / 2
    }

    #[test]
    fn every_thread_gets_about_the_same_work() {
        // Odd numbers cost more than even ones, big more than small: each
        // thread's total cost should be about the same.
        for threads in [2, 3, 4] {
            let seen = who_tested_what(100_000, threads);
            let costs: Vec<u64> =
                seen.values().map(|ns| ns.iter().map(|&n| cost(n)).sum()).collect();
            let (min, max) = (costs.iter().min().unwrap(), costs.iter().max().unwrap());
            assert!(
                *max as f64 / *min as f64 <= 1.1,
                "{threads} threads, cost per thread {costs:?}: one thread has the costly numbers"
            );
        }
    }
}
