//! Every way of running a job does every task once: the totals agree, a
//! process pool leaves no child, and a worker that dies is an error, not a
//! hang or a wrong total.

use lab_18_summary::jobs::{Job, make_chunks};
use lab_18_summary::modes::{Mode, run};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

const DEADLINE: Duration = Duration::from_secs(30);

/// One test at a time: each checks that it left no child, which another
/// test's pool running at the same moment would spoil.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

fn alone() -> MutexGuard<'static, ()> {
    ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner())
}

fn totals(job: &Job) -> Vec<u64> {
    let _alone = alone();
    let mut all = vec![run(job, Mode::Sequential, 1, DEADLINE).unwrap()];
    for workers in [1, 2, 3, 5] {
        for mode in [Mode::Threads, Mode::Processes] {
            all.push(run(job, mode, workers, DEADLINE).unwrap());
        }
    }
    all
}

#[test]
fn every_way_counts_the_same_primes() {
    let all = totals(&Job::Cpu { limit: 50_000, tasks: 13 });
    assert!(all.iter().all(|&t| t == 5133), "primes below 50 000: {all:?}");
}

#[test]
fn every_way_counts_the_same_lines_and_processes_are_sent_them() {
    let job = Job::Data { chunks: make_chunks(9, 70_000, 3) };
    let expected: u64 =
        (0..9).map(|i| job.input(i).iter().filter(|&&b| b == b'\n').count() as u64).sum();
    assert!(expected > 0, "the data has lines to count");
    let all = totals(&job);
    assert!(all.iter().all(|&t| t == expected), "{all:?} against {expected}");
}

#[test]
fn a_pool_leaves_no_child_behind() {
    let _alone = alone();
    let job = Job::Cpu { limit: 10_000, tasks: 8 };
    run(&job, Mode::Processes, 4, DEADLINE).unwrap();
    let left = labkit::process::children_of_self();
    assert!(left.is_empty(), "children left: {left:?}");
}

#[test]
fn a_task_that_fails_in_a_worker_process_is_an_error_not_a_hang() {
    let _alone = alone();
    // Fetching from a closed port fails inside the worker, which exits; the
    // parent reads the end of its pipe and reports it.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/page/0", listener.local_addr().unwrap());
    drop(listener);
    let job = Job::Io { urls: vec![url; 3], timeout: Duration::from_secs(5) };
    let err = run(&job, Mode::Processes, 2, DEADLINE).unwrap_err().to_string();
    assert!(err.contains("ended before answering") || err.contains("ended with"), "{err}");
    assert!(labkit::process::children_of_self().is_empty());
    assert!(run(&job, Mode::Threads, 2, DEADLINE).is_err(), "threads report it too");
}
