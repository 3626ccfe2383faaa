//! loom: every interleaving of the pool's smallest cases: one task handed
//! to a worker and its result handed back, and the end of the workers by
//! a pill or by the closed marker passed from one worker to the next.
//! `cargo test -p lab-08-pool --features loom --test loom_pool`
//!
//! A lost wake-up (a worker asleep on an empty queue while a message sits
//! in it, a caller asleep while its result waits) shows up as a deadlock,
//! which loom reports as a failure.

#![cfg(feature = "loom")]

use lab_08_pool::{Pool, Shutdown, TaskError};
use labkit::sync::model;

#[test]
fn one_worker_one_task_result_handed_back_then_drop_joins() {
    model(|| {
        let pool = Pool::new(1);
        let pending = pool.submit(|| 7).unwrap();
        assert_eq!(pending.wait(), Ok(7));
    });
}

#[test]
fn two_workers_end_on_one_closed_marker() {
    model(|| {
        let pool = Pool::with_shutdown(2, Shutdown::Close);
        pool.close();
        let done = pool.join().unwrap();
        assert_eq!(done.workers, 2);
    });
}

#[test]
fn two_workers_end_on_two_pills() {
    model(|| {
        let pool = Pool::with_shutdown(2, Shutdown::PoisonPills);
        pool.close();
        assert_eq!(pool.join().unwrap().workers, 2);
    });
}

#[test]
fn terminate_before_the_worker_takes_the_task_cancels_it_or_it_runs() {
    model(|| {
        let pool = Pool::new(1);
        let pending = pool.submit(|| 1).unwrap();
        pool.terminate();
        let outcome = pending.wait();
        assert!(outcome == Ok(1) || outcome == Err(TaskError::Cancelled), "{outcome:?}");
        let done = pool.join().unwrap();
        assert_eq!(done.ran + done.dropped, 1);
    });
}
