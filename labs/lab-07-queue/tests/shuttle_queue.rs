//! shuttle: random schedules of more threads, composed operations, and the
//! two broken versions caught in the act.
//! `cargo test -p lab-07-queue --features shuttle --test shuttle_queue`
//!
//! shuttle, like loom, does not model time: a timed wait only ends when it
//! is notified, so timeouts here are long or zero.

#![cfg(all(feature = "shuttle", not(feature = "loom")))]

use lab_07_queue::steps::BlockingQueue;
use lab_07_queue::steps::if_not_while::{EMPTY_AFTER_WAKE, IfNotWhileQueue};
use lab_07_queue::steps::minimal::MinimalQueue;
use lab_07_queue::steps::one_condition::OneConditionQueue;
use lab_07_queue::{Priority, Queue};
use labkit::sync::atomic::{AtomicUsize, Ordering};
use labkit::sync::{Arc, Mutex, SHUTTLE_ITERATIONS, model, shuttle_failure, thread};
use std::time::Duration;

/// 3 producers put 3 items each, 3 consumers get 3 each and mark them
/// done, through a queue of capacity 2; then `join` must find every task
/// processed, and every item must have been got exactly once.
fn three_by_three<Q: BlockingQueue<usize> + Send + 'static>(q: Q) {
    let q = Arc::new(q);
    let seen = Arc::new(Mutex::new(vec![0u8; 9]));
    let processed = Arc::new(AtomicUsize::new(0));
    let mut threads = Vec::new();
    for p in 0..3 {
        let q = Arc::clone(&q);
        threads.push(thread::spawn(move || (0..3).for_each(|i| q.put(p * 3 + i))));
    }
    for _ in 0..3 {
        let (q, seen, processed) = (Arc::clone(&q), Arc::clone(&seen), Arc::clone(&processed));
        threads.push(thread::spawn(move || {
            for _ in 0..3 {
                let x = q.get();
                seen.lock().unwrap()[x] += 1;
                processed.fetch_add(1, Ordering::SeqCst);
                q.task_done().unwrap();
            }
        }));
    }
    threads.into_iter().take(3).for_each(|t| t.join().unwrap()); // the producers
    q.join();
    assert_eq!(processed.load(Ordering::SeqCst), 9, "join returned before every task was done");
    assert_eq!(*seen.lock().unwrap(), vec![1; 9], "an item was lost or duplicated");
}

#[test]
fn three_producers_three_consumers_every_item_once_then_join() {
    model(|| three_by_three(Queue::bounded(2)));
}

#[test]
fn the_same_without_spinning() {
    model(|| three_by_three(Queue::bounded(2).spin_tries(0)));
}

#[test]
fn the_same_with_the_minimal_port() {
    model(|| three_by_three(MinimalQueue::with_capacity(2)));
}

#[test]
fn timed_and_non_blocking_operations_mixed_with_task_guards() {
    model(|| {
        let q = Arc::new(Queue::bounded(1));
        let got = Arc::new(Mutex::new(Vec::new()));
        let long = Duration::from_secs(3600);
        let producers = [
            thread::spawn({
                let q = Arc::clone(&q);
                move || (0..3).for_each(|i| q.put_timeout(i, long).unwrap())
            }),
            thread::spawn({
                let q = Arc::clone(&q);
                move || {
                    for i in 3..6 {
                        let mut item = i;
                        while let Err(full) = q.try_put(item) {
                            item = full.0;
                            thread::yield_now();
                        }
                    }
                }
            }),
        ];
        let consumers = [
            thread::spawn({
                let (q, got) = (Arc::clone(&q), Arc::clone(&got));
                move || (0..3).for_each(|_| got.lock().unwrap().push(q.get_timeout(long).unwrap()))
            }),
            thread::spawn({
                let (q, got) = (Arc::clone(&q), Arc::clone(&got));
                move || {
                    for _ in 0..3 {
                        let task = q.get_task();
                        got.lock().unwrap().push(*task);
                    }
                }
            }),
        ];
        producers.into_iter().chain(consumers).for_each(|t| t.join().unwrap());
        let mut got = got.lock().unwrap().clone();
        got.sort();
        assert_eq!(got, [0, 1, 2, 3, 4, 5]);
        assert_eq!(q.unfinished(), 3, "three items were got without a Task guard");
    });
}

#[test]
fn a_priority_queue_shared_by_threads_loses_nothing() {
    model(|| {
        let q = Arc::new(Queue::with_store(Priority::default(), Some(2)));
        let producers: Vec<_> = [[5, 1, 3], [4, 2, 0]]
            .into_iter()
            .map(|items| {
                let q = Arc::clone(&q);
                thread::spawn(move || items.into_iter().for_each(|i| q.put(i)))
            })
            .collect();
        let mut got: Vec<i32> = (0..6).map(|_| q.get()).collect();
        producers.into_iter().for_each(|p| p.join().unwrap());
        got.sort();
        assert_eq!(got, [0, 1, 2, 3, 4, 5]);
    });
}

/// One producer puts 2 items into a queue of capacity 1; two consumers
/// each get one.
fn one_producer_two_consumers<Q: BlockingQueue<u32> + Send + 'static>() {
    let q = Arc::new(Q::with_capacity(1));
    let consumers: Vec<_> = (0..2)
        .map(|_| {
            let q = Arc::clone(&q);
            thread::spawn(move || q.get())
        })
        .collect();
    q.put(1);
    q.put(2);
    consumers.into_iter().for_each(|c| {
        c.join().unwrap();
    });
}

#[test]
fn the_correct_queues_pass_the_scenarios_the_broken_ones_fail() {
    model(one_producer_two_consumers::<Queue<u32>>);
    model(one_producer_two_consumers::<MinimalQueue<u32>>);
}

#[test]
fn shuttle_finds_the_deadlock_of_one_shared_condition() {
    let message =
        shuttle_failure(one_producer_two_consumers::<OneConditionQueue<u32>>, SHUTTLE_ITERATIONS);
    assert!(message.contains("deadlock"), "failed for another reason: {message}");
}

#[test]
fn shuttle_finds_the_getter_that_checked_with_if() {
    let message = shuttle_failure(
        || {
            let q = Arc::new(IfNotWhileQueue::with_capacity(2));
            let getters: Vec<_> = (0..2)
                .map(|_| {
                    let q = Arc::clone(&q);
                    thread::spawn(move || {
                        q.get();
                    })
                })
                .collect();
            q.put(1);
            q.put(2);
            getters.into_iter().for_each(|g| g.join().unwrap());
        },
        SHUTTLE_ITERATIONS,
    );
    assert!(message.contains(EMPTY_AFTER_WAKE), "failed for another reason: {message}");
}
