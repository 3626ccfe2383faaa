//! The nested-pool anti-pattern: a task that submits to its own fixed pool
//! and waits for the result. Once every worker runs such a task, every
//! worker waits for a task that no worker is free to run: a deadlock.
//!
//! All three cases start as many outer tasks as the pool has workers and
//! hold them at a barrier until every worker has one, so every worker is
//! busy with an outer task when the inner tasks are asked for; each case
//! runs under the kit's watchdog, which reports who waits on what if it
//! does not finish.
//!
//! - [`own_pool`]: the bug, on chapter 08's pool; the stuck workers stay
//!   blocked (no CPU) until the program exits.
//! - [`rayon_join`]: the same shape in rayon does not deadlock: a rayon
//!   thread that waits in `join` runs queued jobs meanwhile (work
//!   stealing), its own inner job among them. It reports which thread ran
//!   each inner job.
//! - [`separate_pools`]: the fix for a fixed pool: the inner tasks go to a
//!   pool of their own, which no outer task can fill.

use lab_08_pool::Pool;
use labkit::watchdog::{Outcome, Participant, Watchdog};
use std::sync::{Arc, Barrier};
use std::time::Duration;

/// A watchdog and one board line per outer task.
fn watched(deadline: Duration, outer: usize) -> (Watchdog, Vec<Participant>) {
    let watchdog = Watchdog::new(deadline);
    let boards =
        (0..outer).map(|i| watchdog.participant(format!("outer task {}", i + 1))).collect();
    (watchdog, boards)
}

/// Runs `outer` tasks on a pool of `workers`, each submitting an inner task
/// to the same pool and waiting for it. `Finished(sum)` or the board.
pub fn own_pool(workers: usize, outer: usize, deadline: Duration) -> Outcome<u64> {
    let (watchdog, boards) = watched(deadline, outer);
    let pool = Arc::new(Pool::new(workers));
    let scenario_pool = Arc::clone(&pool);
    // The outer tasks meet at a barrier before they submit, so that every
    // worker holds one: the deadlock then happens on every run, not only
    // when the first outer task happens to be slower than the last submit.
    let all_started = Arc::new(Barrier::new(outer.min(workers)));
    let outcome = watchdog.run(move || {
        let pending: Vec<_> = boards
            .into_iter()
            .enumerate()
            .map(|(i, me)| {
                let (pool, all_started) = (Arc::clone(&scenario_pool), Arc::clone(&all_started));
                // ANCHOR: own_pool
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
                // ANCHOR_END: own_pool
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

/// Where rayon ran one outer task and the inner job it waited for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placement {
    /// The pool thread (rayon's index) that ran the outer task.
    pub outer: usize,
    /// The pool thread that ran its inner job.
    pub inner: usize,
}

/// What the rayon case returns: the sum of the inner results, and where
/// each outer task and its inner job ran.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RayonRun {
    /// The sum of what the inner jobs returned.
    pub sum: u64,
    /// One per outer task, in task order.
    pub placements: Vec<Placement>,
}

/// The same shape in a rayon pool of `workers`: one outer task per worker,
/// held at a barrier until every worker has one; each then calls
/// `rayon::join` with its inner job and waits for it.
pub fn rayon_join(workers: usize, deadline: Duration) -> anyhow::Result<Outcome<RayonRun>> {
    let pool = rayon::ThreadPoolBuilder::new().num_threads(workers).build()?;
    let (watchdog, boards) = watched(deadline, workers);
    let all_started = Barrier::new(workers);
    Ok(watchdog.run(move || {
        let here = || rayon::current_thread_index().expect("on the pool");
        let placed = std::sync::Mutex::new(vec![None; workers]);
        pool.scope(|s| {
            for (i, me) in boards.into_iter().enumerate() {
                let (all_started, placed) = (&all_started, &placed);
                s.spawn(move |_| {
                    me.doing("waiting for every worker to hold an outer task");
                    all_started.wait();
                    // ANCHOR: rayon_join
                    me.doing("running on a worker, waiting in join for its inner job");
                    let outer = here();
                    let ((), (value, inner)) = rayon::join(|| (), || (i as u64, here()));
                    me.doing("done");
                    // ANCHOR_END: rayon_join
                    placed.lock().expect("not poisoned")[i] =
                        Some((value, Placement { outer, inner }));
                });
            }
        });
        let placed: Vec<_> =
            placed.into_inner().expect("not poisoned").into_iter().flatten().collect();
        RayonRun {
            sum: placed.iter().map(|p| p.0).sum(),
            placements: placed.into_iter().map(|p| p.1).collect(),
        }
    }))
}

/// The fix: one outer task per worker of one pool, held until every worker
/// has one; each submits its inner task to a second pool and waits.
pub fn separate_pools(workers: usize, deadline: Duration) -> Outcome<u64> {
    let (watchdog, boards) = watched(deadline, workers);
    let outer_pool = Pool::new(workers);
    let inner_pool = Arc::new(Pool::new(workers));
    let all_started = Arc::new(Barrier::new(workers));
    watchdog.run(move || {
        let pending: Vec<_> = boards
            .into_iter()
            .enumerate()
            .map(|(i, me)| {
                let (inner_pool, all_started) = (Arc::clone(&inner_pool), Arc::clone(&all_started));
                // ANCHOR: separate_pools
                outer_pool
                    .submit(move || {
                        me.doing("waiting for every worker to hold an outer task");
                        all_started.wait();
                        me.doing(
                            "running on a worker, submitting its inner task to the second pool",
                        );
                        let inner = inner_pool.submit(move || i as u64).expect("open");
                        me.doing("waiting for its inner task on the second pool");
                        let v = inner.wait().expect("inner task");
                        me.doing("done");
                        v
                    })
                    .expect("open")
                // ANCHOR_END: separate_pools
            })
            .collect();
        pending.into_iter().map(|p| p.wait().expect("outer task")).sum()
    })
}

/// What every case's inner tasks add up to with `outer` outer tasks.
pub fn expected_sum(outer: usize) -> u64 {
    (0..outer as u64).sum()
}
