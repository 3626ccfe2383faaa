//! The nested-pool anti-pattern: a task that submits to its own fixed pool
//! and waits for the result. Once every worker runs such a task, every
//! worker waits for a task that no worker is free to run: a deadlock.
//!
//! - [`own_pool`]: the bug, on chapter 08's pool, under the kit's watchdog,
//!   which reports who waits on what; the stuck workers stay blocked (no
//!   CPU) until the program exits.
//! - [`rayon_join`]: the same shape in rayon does not deadlock: a rayon
//!   thread that waits in `join` runs other queued jobs meanwhile (work
//!   stealing), its own inner job among them.
//! - [`separate_pools`]: the fix for a fixed pool: the inner tasks go to a
//!   pool of their own, which no outer task can fill.

use lab_08_pool::Pool;
use labkit::watchdog::{Outcome, Watchdog};
use std::sync::Arc;
use std::time::Duration;

/// Runs `outer` tasks on a pool of `workers`, each submitting an inner task
/// to the same pool and waiting for it. `Finished(sum)` or the board.
pub fn own_pool(workers: usize, outer: usize, deadline: Duration) -> Outcome<u64> {
    let watchdog = Watchdog::new(deadline);
    let pool = Arc::new(Pool::new(workers));
    let boards: Vec<_> =
        (0..outer).map(|i| watchdog.participant(format!("outer task {}", i + 1))).collect();
    let scenario_pool = Arc::clone(&pool);
    // The outer tasks meet at a barrier before they submit, so that every
    // worker holds one: the deadlock then happens on every run, not only
    // when the first outer task happens to be slower than the last submit.
    let all_started = Arc::new(std::sync::Barrier::new(outer.min(workers)));
    let outcome = watchdog.run(move || {
        let pending: Vec<_> = boards
            .into_iter()
            .enumerate()
            .map(|(i, me)| {
                let (pool, all_started) = (Arc::clone(&scenario_pool), Arc::clone(&all_started));
                scenario_pool
                    .submit(move || {
                        if i < workers {
                            me.doing("waiting for every worker to hold an outer task");
                            all_started.wait();
                        }
                        me.doing("running on a worker, submitting its inner task to the same pool");
                        let inner = pool.submit(move || i as u64).expect("open");
                        me.doing("waiting for its inner task, which needs a free worker");
                        let v = inner.wait().expect("inner task");
                        me.doing("done");
                        v
                    })
                    .expect("open")
            })
            .collect();
        pending.into_iter().map(|p| p.wait().expect("outer task")).sum()
    });
    if matches!(outcome, Outcome::TimedOut(_)) {
        // The workers are stuck for good: leak the pool rather than join it
        // in a destructor that would never return.
        std::mem::forget(pool);
    }
    outcome
}

/// The same shape in a rayon pool of `workers`: each of `outer` tasks
/// calls `rayon::join` on two inner tasks.
pub fn rayon_join(workers: usize, outer: usize) -> anyhow::Result<u64> {
    use rayon::prelude::*;
    let pool = rayon::ThreadPoolBuilder::new().num_threads(workers).build()?;
    Ok(pool.install(|| {
        (0..outer as u64)
            .into_par_iter()
            .map(|i| {
                let (a, b) = rayon::join(|| i, || i);
                a + b
            })
            .sum()
    }))
}

/// The fix: outer tasks on one pool, inner tasks on another.
pub fn separate_pools(workers: usize, outer: usize) -> u64 {
    let outer_pool = Pool::new(workers);
    let inner_pool = Arc::new(Pool::new(workers));
    let pending: Vec<_> = (0..outer as u64)
        .map(|i| {
            let inner_pool = Arc::clone(&inner_pool);
            outer_pool
                .submit(move || inner_pool.submit(move || i).expect("open").wait().expect("inner"))
                .expect("open")
        })
        .collect();
    pending.into_iter().map(|p| p.wait().expect("outer")).sum()
}
