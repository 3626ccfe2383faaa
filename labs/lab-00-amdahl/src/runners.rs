//! The ways of splitting work between workers that the experiments compare.
//!
//! - Static split with std's scoped threads: each worker gets one contiguous
//!   block of pieces, decided before anyone starts ([`job_std`]).
//! - rayon: a pool of worker threads that split ranges in halves and steal
//!   from each other when idle ([`job_rayon`], [`tasks_rayon`]).
//! - Pulling from a queue: workers take the next chunk of tasks from a
//!   channel and send each chunk's result back on another, the way a pool of
//!   processes does ([`tasks_pulled`]). Every chunk costs two messages: that
//!   is the communication overhead the chunk-size experiment measures.
//!
//! Every runner returns a checksum of the results, so the work cannot be
//! skipped by the optimiser.

use crate::workload::Job;
use labkit::timeline::{Recorder, Timeline};
use labkit::work::spin;
use rayon::prelude::*;
use std::ops::Range;
use std::sync::{Arc, Mutex, mpsc};

// ANCHOR: job_std
/// Runs `job` with `workers` scoped std threads: the serial phase first, on
/// the calling thread, then one contiguous block of pieces per worker.
pub fn job_std(job: &Job, workers: usize) -> u64 {
    let serial = job.serial_phase();
    let per_worker = job.pieces.div_ceil(workers);
    let parallel: u64 = std::thread::scope(|s| {
        let handles: Vec<_> = (0..workers)
            .map(|w| {
                let mine = (w * per_worker).min(job.pieces)..((w + 1) * per_worker).min(job.pieces);
                s.spawn(move || mine.map(|i| job.piece(i)).fold(0, u64::wrapping_add))
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("a worker panicked")).fold(0, u64::wrapping_add)
    });
    serial.wrapping_add(parallel)
}
// ANCHOR_END: job_std

// ANCHOR: job_rayon
/// Runs `job` on a rayon pool: the serial phase, then the pieces as a
/// parallel iterator that rayon splits and balances itself.
pub fn job_rayon(job: &Job, pool: &rayon::ThreadPool) -> u64 {
    let serial = job.serial_phase();
    let parallel = pool.install(|| {
        (0..job.pieces).into_par_iter().map(|i| job.piece(i)).reduce(|| 0, u64::wrapping_add)
    });
    serial.wrapping_add(parallel)
}
// ANCHOR_END: job_rayon

// ANCHOR: sharing
/// Runs `pieces` pieces of `piece` iterations each on `workers` scoped
/// threads (one contiguous block each). Every piece does the share `shared`
/// of its iterations while holding one lock that all the workers share, the
/// way code that appends each result to a shared list or file would.
pub fn pieces_sharing_a_lock(piece: u64, pieces: usize, shared: f64, workers: usize) -> u64 {
    let locked = (piece as f64 * shared) as u64;
    let lock = Mutex::new(0u64);
    std::thread::scope(|s| {
        for w in 0..workers {
            let lock = &lock;
            let mine = pieces * w / workers..pieces * (w + 1) / workers;
            s.spawn(move || {
                for _ in mine {
                    let own = spin(piece - locked); // independent: runs in parallel
                    let mut total = lock.lock().expect("the shared lock");
                    *total = total.wrapping_add(own ^ spin(locked)); // shared: one at a time
                }
            });
        }
    });
    lock.into_inner().expect("the shared lock")
}
// ANCHOR_END: sharing

/// A rayon pool of exactly `workers` threads.
pub fn rayon_pool(workers: usize) -> anyhow::Result<rayon::ThreadPool> {
    Ok(rayon::ThreadPoolBuilder::new().num_threads(workers).build()?)
}

// ANCHOR: tasks_rayon
/// Runs tasks (lengths in iterations) on a rayon pool, in pieces of at most
/// `max_len` tasks. With `usize::MAX` rayon splits adaptively: the list is
/// cut into a few contiguous pieces per thread, and a piece is split further
/// only when an idle thread steals part of it. With 1, every task is a piece.
pub fn tasks_rayon(tasks: &[u64], pool: &rayon::ThreadPool, max_len: usize) -> u64 {
    pool.install(|| {
        tasks.par_iter().with_max_len(max_len).map(|&t| spin(t)).reduce(|| 0, u64::wrapping_add)
    })
}
// ANCHOR_END: tasks_rayon

/// Where a pulling worker records its spans, and which tasks count as long.
pub struct Recording<'a> {
    /// The timeline the workers' rows go into.
    pub timeline: &'a Arc<Timeline>,
    /// Tasks of at least this many iterations are drawn as "long task".
    pub long_from: u64,
}

// ANCHOR: pulled
/// Runs tasks in the order given with `workers` threads that pull chunks of
/// `chunk` consecutive tasks from a shared channel and send back one result
/// per chunk.
pub fn tasks_pulled(
    tasks: &[u64],
    workers: usize,
    chunk: usize,
    recording: Option<&Recording>,
) -> u64 {
    let (to_workers, inbox) = mpsc::channel::<Range<usize>>();
    let inbox = Mutex::new(inbox);
    let (to_main, results) = mpsc::channel::<u64>();
    let chunks = tasks.len().div_ceil(chunk);
    for start in (0..tasks.len()).step_by(chunk) {
        to_workers.send(start..(start + chunk).min(tasks.len())).expect("the inbox is open");
    }
    drop(to_workers); // workers stop when the channel is empty and closed
    std::thread::scope(|s| {
        for w in 0..workers {
            let (inbox, to_main) = (&inbox, to_main.clone());
            let mut recorder = recording.map(|r| r.timeline.recorder(format!("worker {w}")));
            s.spawn(move || {
                loop {
                    // The lock on the inbox is released at the end of this
                    // statement: held while taking a chunk, not while working.
                    // An empty, closed channel means there is no work left.
                    let Ok(range) = inbox.lock().expect("inbox lock").recv() else { break };
                    let result = range.map(|i| run_task(tasks[i], recording, recorder.as_mut()));
                    to_main.send(result.fold(0, u64::wrapping_add)).expect("main is listening");
                }
            });
        }
        results.iter().take(chunks).fold(0, u64::wrapping_add)
    })
}
// ANCHOR_END: pulled

/// Runs one task, drawn on the worker's timeline row when it has one.
fn run_task(length: u64, recording: Option<&Recording>, recorder: Option<&mut Recorder>) -> u64 {
    match (recording, recorder) {
        (Some(r), Some(rec)) => rec
            .span(if length >= r.long_from { "long task" } else { "short task" }, || spin(length)),
        _ => spin(length),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sequential(tasks: &[u64]) -> u64 {
        tasks.iter().map(|&t| spin(t)).fold(0, u64::wrapping_add)
    }

    #[test]
    fn every_runner_computes_the_same_result_as_one_thread() {
        let job = Job { serial: 1_000, piece: 500, pieces: 37 };
        let expected = job
            .serial_phase()
            .wrapping_add((0..37).map(|i| job.piece(i)).fold(0, u64::wrapping_add));
        for workers in [1, 2, 3, 8, 40] {
            assert_eq!(job_std(&job, workers), expected, "std, {workers} workers");
            assert_eq!(
                job_rayon(&job, &rayon_pool(workers).unwrap()),
                expected,
                "rayon, {workers}"
            );
        }
    }

    #[test]
    fn pulled_tasks_are_each_run_once_whatever_the_chunk() {
        let tasks: Vec<u64> = (0..50).map(|i| 100 + i * 37).collect();
        let expected = sequential(&tasks);
        for (workers, chunk) in [(1, 1), (2, 1), (3, 7), (4, 50), (2, 100)] {
            assert_eq!(
                tasks_pulled(&tasks, workers, chunk, None),
                expected,
                "{workers} workers, chunk {chunk}"
            );
        }
        for max_len in [1, 4, usize::MAX] {
            assert_eq!(tasks_rayon(&tasks, &rayon_pool(2).unwrap(), max_len), expected);
        }
    }

    #[test]
    fn pieces_sharing_a_lock_are_each_counted_once() {
        let expected = (0..10).fold(0u64, |t, _| t.wrapping_add(spin(60) ^ spin(40)));
        for workers in [1, 2, 3] {
            assert_eq!(pieces_sharing_a_lock(100, 10, 0.4, workers), expected, "{workers} workers");
        }
    }

    #[test]
    fn pulled_tasks_are_recorded_one_span_each() {
        let tasks = vec![10, 10, 10_000, 10];
        let timeline = Timeline::new();
        let rec = Recording { timeline: &timeline, long_from: 1_000 };
        tasks_pulled(&tasks, 2, 1, Some(&rec));
        let spans = timeline.spans();
        assert_eq!(spans.len(), 4);
        assert_eq!(spans.iter().filter(|s| s.state == "long task").count(), 1);
    }
}
