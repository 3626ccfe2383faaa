//! The pool's behaviour, call by call: order, chunks, panics, close, join,
//! terminate and drop. `cargo test -p lab-08-pool --test pool`

#![cfg(not(any(feature = "loom", feature = "shuttle")))]

use lab_08_pool::{Pool, PoolError, Shutdown, TaskError};
use labkit::testing::wait::finishes_within;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Barrier};
use std::time::Duration;

const LONG: Duration = Duration::from_secs(20);

/// Runs a test's body on a thread and fails it, instead of hanging, if a
/// bug leaves it waiting for a result or a worker.
fn within(what: &str, body: impl FnOnce() + Send + 'static) {
    finishes_within(LONG, what, body);
}

#[test]
fn map_returns_results_in_input_order_for_every_chunk_size() {
    within("map_returns_results_in_input_order_for_every_chunk_size", || {
        let pool = Pool::new(3);
        for chunksize in [1, 2, 7, 100, 1000] {
            let out = pool.map(|x: u64| x * x, 0..100u64, chunksize).unwrap();
            let out: Vec<u64> = out.into_iter().map(Result::unwrap).collect();
            assert_eq!(
                out,
                (0..100u64).map(|x| x * x).collect::<Vec<_>>(),
                "chunksize {chunksize}"
            );
        }
    });
}

#[test]
fn map_keeps_order_when_early_tasks_finish_last() {
    within("map_keeps_order_when_early_tasks_finish_last", || {
        let pool = Pool::new(4);
        let out = pool
            .map(
                |i: u64| std::thread::sleep(Duration::from_millis(if i == 0 { 50 } else { 1 })),
                0..8u64,
                1,
            )
            .unwrap();
        assert_eq!(out.len(), 8);
        let mut ordered = pool
            .imap(
                |i: u64| {
                    std::thread::sleep(Duration::from_millis(if i == 0 { 50 } else { 1 }));
                    i
                },
                0..8u64,
                1,
            )
            .unwrap();
        assert_eq!(ordered.next(), Some(Ok(0)));
        assert!(ordered.most_held() >= 1, "results 1.. finished while 0 ran, and were held");
        assert_eq!(ordered.map(Result::unwrap).collect::<Vec<_>>(), (1..8).collect::<Vec<_>>());
    });
}

#[test]
fn imap_unordered_yields_each_index_once_and_the_short_tasks_first() {
    within("imap_unordered_yields_each_index_once_and_the_short_tasks_first", || {
        let pool = Pool::new(2);
        let slow_first = |i: usize| {
            std::thread::sleep(Duration::from_millis(if i == 0 { 200 } else { 1 }));
            i
        };
        let got: Vec<(usize, usize)> = pool
            .imap_unordered(slow_first, 0..10usize, 1)
            .unwrap()
            .map(|(i, r)| (i, r.unwrap()))
            .collect();
        let mut indices: Vec<usize> = got.iter().map(|p| p.0).collect();
        assert!(got.iter().all(|(i, r)| i == r));
        assert_ne!(indices[0], 0, "the 200 ms task does not come first");
        indices.sort_unstable();
        assert_eq!(indices, (0..10).collect::<Vec<_>>());
    });
}

#[test]
fn a_chunk_is_one_job() {
    within("a_chunk_is_one_job", || {
        let pool = Pool::new(2);
        let out = pool.map(|x: u32| x, 0..10u32, 4).unwrap();
        assert_eq!(out.len(), 10);
        pool.close();
        let done = pool.join().unwrap();
        assert_eq!(done.ran, 3, "10 items in chunks of 4: 4 + 4 + 2");
        assert_eq!(done.workers, 2);
    });
}

#[test]
fn a_panicking_task_is_an_error_for_its_caller_and_the_others_finish() {
    within("a_panicking_task_is_an_error_for_its_caller_and_the_others_finish", || {
        let pool = Pool::new(2);
        let out = pool
            .map(|x: u32| if x == 3 { panic!("task {x} fails") } else { x }, 0..8u32, 2)
            .unwrap();
        for (i, r) in out.iter().enumerate() {
            match i {
                3 => assert_eq!(r, &Err(TaskError::Panicked("task 3 fails".into()))),
                _ => {
                    assert_eq!(r, &Ok(i as u32), "task {i}, in the same chunk as the panic or not")
                }
            }
        }
        // The workers survived: the pool still works with both.
        assert_eq!(pool.submit(|| 42).unwrap().wait(), Ok(42));
        let barrier = Arc::new(Barrier::new(2));
        let both: Vec<_> = (0..2)
            .map(|_| {
                let b = Arc::clone(&barrier);
                pool.submit(move || b.wait()).unwrap()
            })
            .collect();
        finishes_within(LONG, "two tasks meeting at a barrier", move || {
            both.into_iter().for_each(|p| {
                p.wait().unwrap();
            })
        });
    });
}

#[test]
fn submit_after_close_is_refused_and_join_before_close_too() {
    within("submit_after_close_is_refused_and_join_before_close_too", || {
        let pool = Pool::new(1);
        assert_eq!(pool.join().err(), Some(PoolError::NotClosed));
        pool.close();
        assert_eq!(pool.submit(|| 1).err(), Some(PoolError::Closed));
        assert!(pool.map(|x: u8| x, [1u8], 1).is_err());
        pool.join().unwrap();
    });
}

#[test]
fn close_then_join_runs_every_job_queued_before_close() {
    within("close_then_join_runs_every_job_queued_before_close", || {
        for shutdown in [Shutdown::PoisonPills, Shutdown::Close] {
            let pool = Pool::with_shutdown(3, shutdown);
            let ran = Arc::new(AtomicUsize::new(0));
            let pending: Vec<_> = (0..50)
                .map(|_| {
                    let ran = Arc::clone(&ran);
                    pool.submit(move || {
                        std::thread::sleep(Duration::from_micros(200));
                        ran.fetch_add(1, Ordering::SeqCst)
                    })
                    .unwrap()
                })
                .collect();
            pool.close();
            let done = pool.join().unwrap();
            assert_eq!(ran.load(Ordering::SeqCst), 50, "{shutdown:?}");
            assert_eq!(done, lab_08_pool::Done { workers: 3, ran: 50, dropped: 0 });
            assert!(pending.into_iter().all(|p| p.wait().is_ok()));
        }
    });
}

#[test]
fn terminate_cancels_the_jobs_not_started_and_tells_their_callers() {
    within("terminate_cancels_the_jobs_not_started_and_tells_their_callers", || {
        let pool = Pool::new(1);
        let (started, gate) = (Arc::new(Barrier::new(2)), Arc::new(Barrier::new(2)));
        let running = {
            let (s, g) = (Arc::clone(&started), Arc::clone(&gate));
            pool.submit(move || {
                s.wait();
                g.wait();
                "ran"
            })
            .unwrap()
        };
        let queued: Vec<_> = (0..5).map(|i| pool.submit(move || i).unwrap()).collect();
        started.wait(); // the one worker is inside the first task
        pool.terminate();
        gate.wait(); // the running task finishes only now, after terminate
        assert_eq!(running.wait(), Ok("ran"), "a running task is not stopped");
        for p in queued {
            assert_eq!(p.wait(), Err(TaskError::Cancelled));
        }
        let done = pool.join().unwrap();
        assert_eq!((done.ran, done.dropped), (1, 5));
    });
}

#[test]
fn dropping_the_pool_runs_the_queued_work_and_joins_every_worker() {
    within("dropping_the_pool_runs_the_queued_work_and_joins_every_worker", || {
        let alive = Arc::new(()); // each task holds a clone while it runs
        let ran = Arc::new(AtomicUsize::new(0));
        {
            let pool = Pool::new(2);
            for _ in 0..20 {
                let (ran, alive) = (Arc::clone(&ran), Arc::clone(&alive));
                drop(
                    pool.submit(move || {
                        let _a = alive;
                        std::thread::sleep(Duration::from_millis(1));
                        ran.fetch_add(1, Ordering::SeqCst);
                    })
                    .unwrap(),
                );
            }
        } // dropped with work queued: drop closes, then joins
        assert_eq!(ran.load(Ordering::SeqCst), 20, "every queued task ran before drop returned");
        assert_eq!(
            Arc::strong_count(&alive),
            1,
            "no task (or worker holding one) outlives the pool"
        );
    });
}

#[test]
fn a_dropped_pool_leaves_no_thread_behind() {
    within("a_dropped_pool_leaves_no_thread_behind", || {
        let threads = || std::fs::read_dir("/proc/self/task").map(|d| d.count()).unwrap_or(0);
        let before = threads();
        drop(Pool::new(8));
        // Other tests run threads at the same time, so only check for our 8.
        assert!(threads() < before + 8, "the 8 workers were joined");
    });
}

#[test]
fn empty_input_gives_empty_output() {
    within("empty_input_gives_empty_output", || {
        let pool = Pool::new(2);
        assert!(pool.map(|x: u8| x, Vec::<u8>::new(), 1).unwrap().is_empty());
        assert_eq!(pool.imap_unordered(|x: u8| x, Vec::<u8>::new(), 3).unwrap().count(), 0);
    });
}

#[test]
fn the_last_handle_dropped_inside_a_task_does_not_make_a_worker_join_itself() {
    within("dropping the pool from its own worker", || {
        let pool = Arc::new(Pool::new(2));
        let (go, wait) = std::sync::mpsc::channel::<()>();
        let inner = Arc::clone(&pool);
        let pending = pool
            .submit(move || {
                wait.recv().unwrap(); // until the caller has dropped its handle
                drop(inner); // the last one: Pool::drop runs on this worker
                "done"
            })
            .unwrap();
        drop(pool);
        go.send(()).unwrap();
        assert_eq!(pending.wait(), Ok("done"));
    });
}
