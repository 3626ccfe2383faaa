//! The pool under load: a million tiny tasks, and shutdown with work in
//! flight. `cargo test -p lab-08-pool --test stress`
//!
//! Each task marks its own slot; afterwards every slot must be marked
//! exactly once (nothing lost, nothing run twice), and `map`'s results
//! must be in input order.

#![cfg(not(any(feature = "loom", feature = "shuttle")))]

use lab_08_pool::{Pool, Shutdown};
use labkit::testing::wait::finishes_within;
use std::sync::Arc;
use std::sync::atomic::{AtomicU8, Ordering};
use std::time::Duration;

const TASKS: usize = 1_000_000;
const LIMIT: Duration = Duration::from_secs(120);

/// One counter per task.
fn slots(n: usize) -> Arc<Vec<AtomicU8>> {
    Arc::new((0..n).map(|_| AtomicU8::new(0)).collect())
}

fn every_slot_once(slots: &[AtomicU8]) {
    let wrong: Vec<(usize, u8)> = slots
        .iter()
        .map(|s| s.load(Ordering::SeqCst))
        .enumerate()
        .filter(|&(_, n)| n != 1)
        .take(5)
        .collect();
    assert!(wrong.is_empty(), "tasks run a wrong number of times (index, times): {wrong:?}");
}

#[test]
fn a_million_tiny_tasks_through_map_run_once_each_and_come_back_in_order() {
    finishes_within(LIMIT, "a million tasks through map", || {
        let pool = Pool::new(4);
        let seen = slots(TASKS);
        for chunksize in [1, 64] {
            seen.iter().for_each(|s| s.store(0, Ordering::SeqCst));
            let marks = Arc::clone(&seen);
            let out = pool
                .map(
                    move |i: usize| {
                        marks[i].fetch_add(1, Ordering::SeqCst);
                        i
                    },
                    0..TASKS,
                    chunksize,
                )
                .unwrap();
            assert_eq!(out.len(), TASKS);
            assert!(
                out.iter().enumerate().all(|(i, r)| r == &Ok(i)),
                "map's results are in input order (chunks of {chunksize})"
            );
            every_slot_once(&seen);
        }
    });
}

#[test]
fn a_million_tiny_tasks_through_imap_unordered_each_come_back_once() {
    finishes_within(LIMIT, "a million tasks through imap_unordered", || {
        let pool = Pool::new(3);
        let back = slots(TASKS);
        for (i, r) in pool.imap_unordered(|i: usize| i * 2, 0..TASKS, 7).unwrap() {
            assert_eq!(r, Ok(i * 2));
            back[i].fetch_add(1, Ordering::SeqCst);
        }
        every_slot_once(&back);
    });
}

#[test]
fn many_callers_at_once_each_get_their_own_results() {
    finishes_within(LIMIT, "eight callers sharing a pool", || {
        let pool = Arc::new(Pool::new(4));
        let callers: Vec<_> = (0..8u64)
            .map(|c| {
                let pool = Arc::clone(&pool);
                std::thread::spawn(move || {
                    let out = pool.map(move |x: u64| x * 1000 + c, 0..20_000u64, 3).unwrap();
                    assert!(
                        out.iter().enumerate().all(|(x, r)| r == &Ok(x as u64 * 1000 + c)),
                        "caller {c} got another caller's result"
                    );
                })
            })
            .collect();
        callers.into_iter().for_each(|t| t.join().unwrap());
    });
}

#[test]
fn shutdown_with_work_in_flight_loses_nothing() {
    use std::sync::Barrier;
    use std::sync::atomic::AtomicUsize;
    for shutdown in [Shutdown::PoisonPills, Shutdown::Close] {
        finishes_within(LIMIT, "close while submitting", move || {
            let pool = Arc::new(Pool::with_shutdown(4, shutdown));
            let ran = slots(200_000);
            // Every worker is held by a gate task until after close, so the
            // tasks accepted before close are certainly still queued then.
            let gate = Arc::new(Barrier::new(5));
            let gates: Vec<_> = (0..4)
                .map(|_| {
                    let gate = Arc::clone(&gate);
                    pool.submit(move || {
                        gate.wait();
                    })
                    .unwrap()
                })
                .collect();
            let accepted_so_far = Arc::new(AtomicUsize::new(0));
            // Four threads submit as fast as they can while the main thread closes.
            let submitters: Vec<_> = (0..4)
                .map(|t| {
                    let (pool, ran) = (Arc::clone(&pool), Arc::clone(&ran));
                    let accepted_so_far = Arc::clone(&accepted_so_far);
                    std::thread::spawn(move || {
                        let mut accepted = Vec::new();
                        for i in (t..200_000).step_by(4) {
                            let ran = Arc::clone(&ran);
                            match pool.submit(move || ran[i].fetch_add(1, Ordering::SeqCst)) {
                                Ok(p) => {
                                    accepted.push((i, p));
                                    accepted_so_far.fetch_add(1, Ordering::SeqCst);
                                }
                                Err(_) => break, // closed: this one and later ones are refused
                            }
                        }
                        accepted
                    })
                })
                .collect();
            while accepted_so_far.load(Ordering::SeqCst) < 1000 {
                std::thread::sleep(Duration::from_millis(1));
            }
            let queued_at_close = accepted_so_far.load(Ordering::SeqCst);
            let ran_at_close: usize = ran.iter().map(|s| s.load(Ordering::SeqCst) as usize).sum();
            pool.close();
            gate.wait(); // let the workers go
            let done = pool.join().unwrap();
            assert_eq!(ran_at_close, 0, "{shutdown:?}: the workers were held until close");
            assert!(
                queued_at_close >= 1000,
                "{shutdown:?}: at least 1000 tasks were queued when close ran"
            );
            gates.into_iter().for_each(|g| assert!(g.wait().is_ok()));
            let accepted: Vec<_> = submitters.into_iter().flat_map(|t| t.join().unwrap()).collect();
            assert!(accepted.len() >= queued_at_close, "{shutdown:?}");
            assert_eq!(done.ran, accepted.len() + 4, "{shutdown:?}: every accepted task ran");
            for (i, p) in accepted {
                assert!(p.wait().is_ok(), "{shutdown:?}: task {i} has its result");
                assert_eq!(ran[i].load(Ordering::SeqCst), 1, "{shutdown:?}: task {i} ran once");
            }
            let ran_total: usize = ran.iter().map(|s| s.load(Ordering::SeqCst) as usize).sum();
            assert_eq!(ran_total, done.ran - 4, "{shutdown:?}: no refused task ran");
        });
    }
}

#[test]
fn terminate_with_work_in_flight_accounts_for_every_task() {
    finishes_within(LIMIT, "terminate while busy", || {
        let pool = Pool::new(4);
        let ran = slots(100_000);
        let pending: Vec<_> = (0..100_000)
            .map(|i| {
                let ran = Arc::clone(&ran);
                pool.submit(move || ran[i].fetch_add(1, Ordering::SeqCst)).unwrap()
            })
            .collect();
        pool.terminate();
        let done = pool.join().unwrap();
        let (mut ok, mut cancelled) = (0, 0);
        for (i, p) in pending.into_iter().enumerate() {
            match p.wait() {
                Ok(_) => {
                    ok += 1;
                    assert_eq!(ran[i].load(Ordering::SeqCst), 1);
                }
                Err(_) => {
                    cancelled += 1;
                    assert_eq!(ran[i].load(Ordering::SeqCst), 0, "a cancelled task did not run");
                }
            }
        }
        assert_eq!((ok, cancelled), (done.ran, done.dropped));
        assert_eq!(ok + cancelled, 100_000);
    });
}
