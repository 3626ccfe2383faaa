//! loom: every interleaving of 2-3 threads on the queue's small cases.
//! `cargo test -p lab-07-queue --features loom --test loom_queue`
//!
//! A lost wake-up shows up here as a deadlock (loom fails the test when
//! every thread is blocked), a wrong hand-off as a failed assertion.
//! loom does not model time: `wait_timeout` never times out under it, so
//! timed operations are checked with a zero timeout (no wait) or with a
//! timeout long enough to behave as a plain wait.

#![cfg(feature = "loom")]

use lab_07_queue::steps::BlockingQueue;
use lab_07_queue::steps::minimal::MinimalQueue;
use lab_07_queue::{Empty, Full, Queue};
use labkit::sync::atomic::{AtomicBool, Ordering};
use labkit::sync::{Arc, model, thread};
use std::time::Duration;

/// A producer thread puts 1 then 2 through a queue of capacity 1 (so the
/// second put may wait); this thread gets them, in order.
fn hand_off<Q: BlockingQueue<u32> + Send + 'static>(q: Q) {
    let q = Arc::new(q);
    let producer = {
        let q = Arc::clone(&q);
        thread::spawn(move || {
            q.put(1);
            q.put(2);
        })
    };
    assert_eq!(q.get(), 1);
    assert_eq!(q.get(), 2);
    producer.join().unwrap();
}

#[test]
fn capacity_one_hands_off_in_order_sleeping_at_once() {
    model(|| hand_off(Queue::bounded(1).spin_tries(0)));
}

#[test]
fn capacity_one_hands_off_in_order_spinning_first() {
    model(|| hand_off(Queue::bounded(1).spin_tries(1)));
}

#[test]
fn the_minimal_port_hands_off_in_order() {
    model(|| hand_off(MinimalQueue::with_capacity(1)));
}

#[test]
fn join_waits_for_task_done() {
    model(|| {
        let q = Arc::new(Queue::unbounded().spin_tries(0));
        let worked = Arc::new(AtomicBool::new(false));
        q.put(7);
        let worker = {
            let (q, worked) = (Arc::clone(&q), Arc::clone(&worked));
            thread::spawn(move || {
                assert_eq!(q.get(), 7);
                worked.store(true, Ordering::Relaxed);
                q.task_done().unwrap();
            })
        };
        q.join();
        assert!(worked.load(Ordering::Relaxed), "join returned before the work was done");
        worker.join().unwrap();
    });
}

#[test]
fn two_getters_asleep_are_both_woken_by_two_puts() {
    model(|| {
        let q = Arc::new(Queue::bounded(1).spin_tries(0));
        let getters: Vec<_> = (0..2)
            .map(|_| {
                let q = Arc::clone(&q);
                thread::spawn(move || q.get())
            })
            .collect();
        q.put(1);
        q.put(2);
        let mut got: Vec<u32> = getters.into_iter().map(|g| g.join().unwrap()).collect();
        got.sort();
        assert_eq!(got, [1, 2]);
    });
}

#[test]
fn two_putters_on_a_full_queue_are_both_let_in() {
    model(|| {
        let q = Arc::new(Queue::bounded(2).spin_tries(0));
        q.put(0);
        q.put(0);
        let putters: Vec<_> = (1..=2)
            .map(|i| {
                let q = Arc::clone(&q);
                thread::spawn(move || q.put(i))
            })
            .collect();
        let mut got = vec![q.get(), q.get()];
        putters.into_iter().for_each(|p| p.join().unwrap());
        got.extend([q.get(), q.get()]);
        got.sort();
        assert_eq!(got, [0, 0, 1, 2]);
    });
}

#[test]
fn two_joiners_are_both_woken_by_the_last_task_done() {
    model(|| {
        let q = Arc::new(Queue::unbounded().spin_tries(0));
        q.put(1);
        let joiners: Vec<_> = (0..2)
            .map(|_| {
                let q = Arc::clone(&q);
                thread::spawn(move || q.join())
            })
            .collect();
        q.get();
        q.task_done().unwrap();
        joiners.into_iter().for_each(|j| j.join().unwrap());
    });
}

#[test]
fn a_timed_get_takes_an_item_put_by_another_thread() {
    model(|| {
        let q = Arc::new(Queue::bounded(1).spin_tries(0));
        let producer = {
            let q = Arc::clone(&q);
            thread::spawn(move || q.put(9))
        };
        assert_eq!(q.get_timeout(Duration::from_secs(3600)), Ok(9));
        producer.join().unwrap();
    });
}

#[test]
fn operations_that_cannot_wait_do_not() {
    model(|| {
        let q = Queue::bounded(1);
        assert_eq!(q.try_get(), Err(Empty));
        assert_eq!(q.get_timeout(Duration::ZERO), Err(Empty));
        q.put(1);
        assert_eq!(q.try_put(2), Err(Full(2)));
        assert_eq!(q.put_timeout(3, Duration::ZERO), Err(Full(3)));
        assert_eq!(q.len(), 1);
    });
}
