//! The same batch of tasks, run every way the chapter compares.
//!
//! A batch is `n` tasks, each spinning the CPU for the same number of
//! iterations (`labkit::work::spin`), with `workers` threads:
//!
//! | rival | how the batch runs |
//! | --- | --- |
//! | sequential | one loop on the calling thread: the baseline |
//! | thread per task | `std::thread::spawn` for every task, then join them all |
//! | hand-built pool | this chapter's [`Pool::map`], one task per chunk |
//! | rayon par_iter | `into_par_iter().map(..).sum()` in a rayon pool of `workers` threads |
//! | rayon scope | `scope` with one `spawn` per task in the same rayon pool |
//! | crossbeam scoped | `workers` scoped threads started for the batch, fed task numbers by a crossbeam channel |
//!
//! The pools (the hand-built one and rayon's) are made once and reused by
//! every batch, as a program would; thread per task and crossbeam's
//! scoped threads start their threads in every batch, which is their cost.

use crate::pool::Pool;
use labkit::work::spin;
use std::sync::atomic::{AtomicU64, Ordering};

/// The ways to run a batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rival {
    /// A plain loop on the calling thread.
    Sequential,
    /// `std::thread::spawn` per task.
    ThreadPerTask,
    /// This chapter's pool, `map` with chunks of 1.
    Pool,
    /// rayon's `par_iter`.
    RayonParIter,
    /// rayon's `scope`, one `spawn` per task.
    RayonScope,
    /// crossbeam's scoped threads and channel, started per batch.
    CrossbeamScoped,
}

impl Rival {
    /// Every rival, sequential first.
    pub const ALL: [Rival; 6] = [
        Rival::Sequential,
        Rival::ThreadPerTask,
        Rival::Pool,
        Rival::RayonParIter,
        Rival::RayonScope,
        Rival::CrossbeamScoped,
    ];

    /// Its name in tables, legends and result keys' prose.
    pub fn name(self) -> &'static str {
        match self {
            Rival::Sequential => "sequential",
            Rival::ThreadPerTask => "thread per task",
            Rival::Pool => "hand-built pool",
            Rival::RayonParIter => "rayon par_iter",
            Rival::RayonScope => "rayon scope",
            Rival::CrossbeamScoped => "crossbeam scoped",
        }
    }

    /// Its short name in result keys: `pool`, `rayon-iter`...
    pub fn key(self) -> &'static str {
        match self {
            Rival::Sequential => "sequential",
            Rival::ThreadPerTask => "thread-per-task",
            Rival::Pool => "pool",
            Rival::RayonParIter => "rayon-iter",
            Rival::RayonScope => "rayon-scope",
            Rival::CrossbeamScoped => "crossbeam",
        }
    }
}

/// The pools the rivals reuse, made once.
pub struct Rivals {
    /// This chapter's pool.
    pool: Pool,
    /// A rayon pool of the same size (not the global one, whose size is the core count).
    rayon: rayon::ThreadPool,
    /// Threads each parallel rival uses.
    workers: usize,
}

impl Rivals {
    /// Pools of `workers` threads each.
    pub fn new(workers: usize) -> anyhow::Result<Rivals> {
        let rayon = rayon::ThreadPoolBuilder::new().num_threads(workers).build()?;
        Ok(Rivals { pool: Pool::new(workers), rayon, workers })
    }

    // ANCHOR: rivals
    /// Runs `n` tasks of `iterations` spins each the way `rival` does, and
    /// returns the tasks' combined hash (so no work can be skipped).
    pub fn run(&self, rival: Rival, n: u64, iterations: u64) -> u64 {
        let task = move |_: u64| spin(iterations);
        match rival {
            Rival::Sequential => (0..n).map(task).fold(0, u64::wrapping_add),
            Rival::ThreadPerTask => {
                let threads: Vec<_> = (0..n).map(|i| std::thread::spawn(move || task(i))).collect();
                threads.into_iter().map(|t| t.join().unwrap()).fold(0, u64::wrapping_add)
            }
            Rival::Pool => {
                let out = self.pool.map(task, 0..n, 1).expect("the rivals' pool is open");
                out.into_iter().map(|r| r.expect("spin does not panic")).fold(0, u64::wrapping_add)
            }
            Rival::RayonParIter => {
                use rayon::prelude::*;
                self.rayon
                    .install(|| (0..n).into_par_iter().map(task).reduce(|| 0, u64::wrapping_add))
            }
            Rival::RayonScope => {
                let sum = AtomicU64::new(0);
                self.rayon.scope(|s| {
                    for i in 0..n {
                        let sum = &sum;
                        s.spawn(move |_| {
                            sum.fetch_add(task(i), Ordering::Relaxed);
                        });
                    }
                });
                sum.into_inner()
            }
            Rival::CrossbeamScoped => {
                let (tasks, todo) = crossbeam_channel::unbounded();
                let (results, done) = crossbeam_channel::unbounded();
                (0..n).for_each(|i| tasks.send(i).unwrap());
                drop(tasks); // closed: each thread's loop ends when the tasks run out
                crossbeam_utils::thread::scope(|s| {
                    for _ in 0..self.workers {
                        let (todo, results) = (todo.clone(), results.clone());
                        s.spawn(move |_| todo.iter().for_each(|i| results.send(task(i)).unwrap()));
                    }
                })
                .expect("a crossbeam worker panicked");
                drop(results);
                done.iter().fold(0, u64::wrapping_add)
            }
        }
    }
    // ANCHOR_END: rivals
}
