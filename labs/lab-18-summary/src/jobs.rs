//! The three jobs the chapter runs every way: each is a list of tasks, and
//! each task gives a number, so every way of running a job can be checked
//! against the others (same tasks, same total).
//!
//! - [`Job::Io`]: fetch pages from chapter 01's local server, each taking
//!   the server's latency to answer; the task's number is the body's length.
//!   The worker waits; it hardly computes.
//! - [`Job::Cpu`]: count primes by trial division (chapter 01's test) in
//!   interleaved blocks of numbers, so every task costs about the same. The
//!   worker computes; it never waits.
//! - [`Job::Data`]: count the lines of a chunk of data (its newline bytes,
//!   as `wc -l` does). Counting runs as machine code in both languages
//!   (Python's `bytes.count` is a loop written in C), so it is cheap;
//!   what costs is getting the chunk to the worker. A thread reads it where
//!   it lies; a process is sent it, as it would have to be if the data were
//!   read after the pool started (from a file or a socket): a worker counts
//!   what it was sent, never the copy it inherited at the fork.

use crate::deal::count_in_task;
use lab_01_threads::client::{agent, fetch};
use lab_01_threads::primes::is_prime;
use std::time::Duration;

/// One job: a list of tasks, each with a number as its answer.
#[derive(Debug, Clone)]
pub enum Job {
    /// Fetch each URL; the answer is the body's length.
    Io {
        /// One page per task.
        urls: Vec<String>,
        /// A fetch that takes longer fails the run.
        timeout: Duration,
    },
    /// Count the primes below `limit`; task `t` of `tasks` tests the blocks
    /// of `deal::BLOCK` numbers starting at `t·BLOCK`, `(t + tasks)·BLOCK`, ...
    Cpu {
        /// The numbers tested are `0..limit`.
        limit: u64,
        /// How many tasks the numbers are dealt into.
        tasks: usize,
    },
    /// Count the newline bytes of each chunk.
    Data {
        /// One chunk per task.
        chunks: Vec<Vec<u8>>,
    },
}

impl Job {
    /// `io`, `cpu` or `data`: file names and result keys.
    pub fn key(&self) -> &'static str {
        match self {
            Job::Io { .. } => "io",
            Job::Cpu { .. } => "cpu",
            Job::Data { .. } => "data",
        }
    }

    /// How many tasks the job has.
    pub fn tasks(&self) -> usize {
        match self {
            Job::Io { urls, .. } => urls.len(),
            Job::Cpu { tasks, .. } => *tasks,
            Job::Data { chunks } => chunks.len(),
        }
    }

    /// What task `i` needs to be sent, besides its number: the data job's
    /// chunk; nothing for the others (a worker knows their tasks from `i`).
    pub fn input(&self, i: usize) -> &[u8] {
        match self {
            Job::Data { chunks } => &chunks[i],
            _ => &[],
        }
    }

    /// Does task `i`, given its `input` (which, for the data job, is what
    /// the worker was sent), and returns its answer.
    pub fn run(&self, i: usize, input: &[u8]) -> anyhow::Result<u64> {
        Ok(match self {
            Job::Io { urls, timeout } => {
                // One client per task keeps a worker process free of shared state.
                let body = fetch(&agent(*timeout), &urls[i])
                    .map_err(|e| anyhow::anyhow!("{}: {e}", urls[i]))?;
                body.len() as u64
            }
            Job::Cpu { limit, tasks } => count_in_task(*limit, *tasks, i, is_prime),
            Job::Data { .. } => count_lines(input),
        })
    }
}

/// The newline bytes in `data`: the data job's task, the same work as
/// Python's `chunk.count(b"\n")`.
///
/// Counted in blocks of 255 bytes into a `u8`, which cannot overflow within
/// a block, so its additions can wrap without a check (the labs' profile
/// keeps overflow checks on): the compiler then compares 16 bytes per
/// instruction, where `filter(..).count()` or a checked sum runs several
/// times slower.
pub fn count_lines(data: &[u8]) -> u64 {
    data.chunks(255)
        .map(|block| {
            let n = block.iter().fold(0u8, |n, &b| n.wrapping_add(u8::from(b == b'\n')));
            u64::from(n)
        })
        .sum()
}

/// `count` chunks of `bytes` pseudo-random bytes from `seed` (xorshift: the
/// content does not matter, only that it is not all zeros).
pub fn make_chunks(count: usize, bytes: usize, seed: u64) -> Vec<Vec<u8>> {
    let mut state = seed | 1;
    (0..count)
        .map(|_| {
            (0..bytes)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    state as u8
                })
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cpu_tasks_count_every_prime_once() {
        let job = Job::Cpu { limit: 10_000, tasks: 7 };
        let total: u64 = (0..7).map(|i| job.run(i, &[]).unwrap()).sum();
        assert_eq!(total, 1229, "there are 1229 primes below 10 000");
    }

    #[test]
    fn the_data_task_counts_the_lines_it_was_sent() {
        let job = Job::Data { chunks: make_chunks(2, 100, 1) };
        assert_eq!(job.run(0, b"a\nbc\n\n").unwrap(), 3, "the bytes sent, not the worker's copy");
        // Blocks of 255 newlines each fill the per-block count to its limit.
        assert_eq!(count_lines(&[b'\n'; 1000]), 1000);
        assert_eq!(count_lines(&[]), 0);
        assert_ne!(job.input(0), job.input(1));
    }
}
