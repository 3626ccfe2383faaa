//! shuttle: random schedules of the pool's shutdown and result hand-off,
//! and the notebook's one-pill-short bug caught in the act.
//! `cargo test -p lab-08-pool --features shuttle --test shuttle_pool`
//!
//! A schedule that leaves every thread blocked (a worker waiting for a
//! pill that never comes, a caller waiting for a result that was lost) is
//! reported by shuttle as a deadlock, which fails the test.

#![cfg(all(feature = "shuttle", not(feature = "loom")))]

use lab_07_queue::Queue;
use lab_08_pool::worker::{self, Message};
use lab_08_pool::{Pool, PoolError, Shutdown, TaskError};
use labkit::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use labkit::sync::{Arc, model, shuttle_failure, thread};

#[test]
fn map_then_drop_delivers_every_result_in_order() {
    model(|| {
        let pool = Pool::new(2);
        let out = pool.map(|x: u32| x * 10, 0..4u32, 1).unwrap();
        assert_eq!(out, vec![Ok(0), Ok(10), Ok(20), Ok(30)]);
    }); // dropped: close, then join both workers
}

#[test]
fn imap_unordered_with_chunks_gives_every_index_once() {
    model(|| {
        let pool = Pool::new(2);
        let mut got: Vec<usize> = pool
            .imap_unordered(|x: usize| x, 0..5usize, 2)
            .unwrap()
            .map(|(i, r)| {
                assert_eq!(r, Ok(i));
                i
            })
            .collect();
        got.sort_unstable();
        assert_eq!(got, [0, 1, 2, 3, 4]);
    });
}

/// A caller submits two tasks while another thread closes the pool: each
/// task is either refused or run and delivered; none waits forever.
fn submit_racing_close(shutdown: Shutdown) {
    let pool = Arc::new(Pool::with_shutdown(2, shutdown));
    let ran = Arc::new(AtomicUsize::new(0));
    let caller = {
        let (pool, ran) = (Arc::clone(&pool), Arc::clone(&ran));
        thread::spawn(move || {
            let mut delivered = 0;
            for _ in 0..2 {
                let ran = Arc::clone(&ran);
                match pool.submit(move || ran.fetch_add(1, Ordering::SeqCst)) {
                    Ok(p) => {
                        p.wait().unwrap();
                        delivered += 1;
                    }
                    Err(e) => assert_eq!(e, PoolError::Closed),
                }
            }
            delivered
        })
    };
    pool.close();
    let done = pool.join().unwrap();
    let delivered = caller.join().unwrap();
    assert_eq!(done.workers, 2);
    assert_eq!(done.ran, delivered);
    assert_eq!(ran.load(Ordering::SeqCst), delivered);
}

#[test]
fn submit_racing_close_with_the_closed_marker() {
    model(|| submit_racing_close(Shutdown::Close));
}

#[test]
fn submit_racing_close_with_poison_pills() {
    model(|| submit_racing_close(Shutdown::PoisonPills));
}

#[test]
fn terminate_racing_work_runs_or_cancels_every_task() {
    model(|| {
        let pool = Pool::new(2);
        let pending: Vec<_> = (0..3).map(|i| pool.submit(move || i).unwrap()).collect();
        pool.terminate();
        let outcomes: Vec<_> = pending.into_iter().map(|p| p.wait()).collect();
        let done = pool.join().unwrap();
        for (i, o) in outcomes.iter().enumerate() {
            assert!(o == &Ok(i) || o == &Err(TaskError::Cancelled), "task {i}: {o:?}");
        }
        let ok = outcomes.iter().filter(|o| o.is_ok()).count();
        assert_eq!((done.ran, done.dropped), (ok, 3 - ok));
    });
}

#[test]
fn a_panicking_task_gives_its_caller_the_error_and_the_rest_finish() {
    model(|| {
        let pool = Pool::new(2);
        let out = pool.map(|x: u32| if x == 1 { panic!("one") } else { x }, 0..3u32, 1).unwrap();
        assert_eq!(out[0], Ok(0));
        assert_eq!(out[1], Err(TaskError::Panicked("one".into())));
        assert_eq!(out[2], Ok(2));
    });
}

/// The notebook's pool with `pills` poison pills for `workers` workers.
fn notebook_pool(workers: usize, pills: usize) {
    let queue = Arc::new(Queue::<Message<u32>>::unbounded());
    let threads: Vec<_> = (0..workers)
        .map(|_| {
            let queue = Arc::clone(&queue);
            thread::spawn(move || worker::work(&queue, &AtomicBool::new(false), |_| {}))
        })
        .collect();
    queue.put(Message::Job(1));
    (0..pills).for_each(|_| queue.put(Message::Quit));
    threads.into_iter().for_each(|t| {
        t.join().unwrap();
    });
}

#[test]
fn one_pill_per_worker_ends_every_worker() {
    model(|| notebook_pool(3, 3));
}

#[test]
fn one_pill_short_leaves_a_worker_waiting_forever() {
    let failure = shuttle_failure(|| notebook_pool(3, 2), 100);
    assert!(failure.contains("deadlock"), "expected shuttle to report a deadlock: {failure}");
}
