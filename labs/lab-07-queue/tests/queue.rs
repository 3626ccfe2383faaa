//! The queue's behaviour, operation by operation, on std threads.

#![cfg(not(any(feature = "loom", feature = "shuttle")))]

use lab_07_queue::steps::BlockingQueue;
use lab_07_queue::steps::minimal::MinimalQueue;
use lab_07_queue::{Empty, Full, Lifo, Priority, Queue, TooManyTaskDone};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

#[test]
fn items_come_out_in_the_order_they_went_in() {
    let q = Queue::bounded(3);
    assert_eq!((q.capacity(), q.len(), q.is_empty()), (Some(3), 0, true));
    (1..=3).for_each(|i| q.put(i));
    assert_eq!(q.len(), 3);
    assert_eq!([q.get(), q.get(), q.get()], [1, 2, 3]);
}

#[test]
fn try_put_hands_the_item_back_when_full_and_try_get_says_empty() {
    let q = Queue::bounded(1);
    assert_eq!(q.try_get(), Err(Empty));
    assert_eq!(q.try_put("a"), Ok(()));
    assert_eq!(q.try_put("b"), Err(Full("b")));
    assert_eq!(q.try_get(), Ok("a"));
    assert_eq!(Full(1).to_string(), "the queue is full");
    assert_eq!(Empty.to_string(), "the queue is empty");
}

#[test]
fn get_timeout_gives_up_after_the_timeout_and_takes_an_item_that_arrives() {
    let q = Queue::bounded(1);
    let start = Instant::now();
    assert_eq!(q.get_timeout(Duration::from_millis(20)), Err(Empty));
    assert!(start.elapsed() >= Duration::from_millis(20), "gave up too early");
    assert_eq!(q.get_timeout(Duration::ZERO), Err(Empty));
    std::thread::scope(|s| {
        s.spawn(|| {
            std::thread::sleep(Duration::from_millis(10));
            q.put(5);
        });
        assert_eq!(q.get_timeout(Duration::from_secs(10)), Ok(5));
    });
    q.put(6);
    assert_eq!(q.get_timeout(Duration::MAX), Ok(6), "a huge timeout must not overflow");
}

#[test]
fn an_unbounded_queue_never_blocks_a_put() {
    let q = Queue::unbounded();
    (0..100_000).for_each(|i| q.put(i));
    assert_eq!((q.capacity(), q.len()), (None, 100_000));
    assert_eq!(q.try_put(-1), Ok(()));
}

#[test]
#[should_panic(expected = "at least one item")]
fn a_capacity_of_zero_is_refused() {
    let _ = Queue::<u8>::bounded(0);
}

#[test]
fn task_done_too_often_is_an_error_not_a_negative_count() {
    let q = Queue::bounded(2);
    assert_eq!(q.task_done(), Err(TooManyTaskDone));
    q.put(1);
    q.get();
    assert_eq!((q.unfinished(), q.task_done(), q.unfinished()), (1, Ok(()), 0));
    assert_eq!(q.task_done(), Err(TooManyTaskDone));
    let minimal = <MinimalQueue<u8> as BlockingQueue<u8>>::with_capacity(1);
    assert_eq!(minimal.task_done(), Err(TooManyTaskDone));
}

#[test]
fn join_returns_at_once_with_nothing_put_and_waits_for_task_done_otherwise() {
    let q = Queue::bounded(4);
    q.join();
    let done = AtomicBool::new(false);
    q.put(1);
    std::thread::scope(|s| {
        s.spawn(|| {
            q.get();
            std::thread::sleep(Duration::from_millis(20));
            done.store(true, Ordering::Relaxed);
            q.task_done().unwrap();
        });
        q.join();
        assert!(done.load(Ordering::Relaxed), "join returned before task_done");
    });
}

#[test]
fn a_task_guard_marks_its_task_done_when_dropped_even_in_a_panic() {
    let q = Queue::bounded(2);
    q.put(String::from("ok"));
    q.put(String::from("boom"));
    {
        let mut task = q.get_task();
        task.push('!');
        assert_eq!((task.as_str(), q.unfinished()), ("ok!", 2));
    }
    assert_eq!(q.unfinished(), 1);
    let panicked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let task = q.get_task();
        assert_ne!(task.as_str(), "boom", "the work failed");
    }));
    assert!(panicked.is_err());
    assert_eq!(q.unfinished(), 0, "unwinding dropped the guard");
    q.join();
}

#[test]
fn a_getter_that_waits_is_counted_as_a_sleep() {
    let q = Queue::bounded(1).spin_tries(0);
    std::thread::scope(|s| {
        let getter = s.spawn(|| q.get());
        while q.counters().sleeps == 0 {
            std::thread::yield_now();
        }
        q.put(3);
        assert_eq!(getter.join().unwrap(), 3);
    });
    assert!(q.counters().sleeps >= 1);
}

#[test]
fn a_lifo_store_gives_the_newest_item_first() {
    let q = Queue::with_store(Lifo::default(), Some(3));
    (1..=3).for_each(|i| q.put(i));
    assert_eq!(q.try_put(4), Err(Full(4)));
    assert_eq!([q.get(), q.get(), q.get()], [3, 2, 1]);
}

#[test]
fn a_full_queue_blocks_put_until_a_get_makes_room() {
    for q in [Queue::bounded(1), Queue::bounded(1).spin_tries(0)] {
        q.put(1);
        let put_returned = AtomicBool::new(false);
        std::thread::scope(|s| {
            s.spawn(|| {
                q.put(2);
                put_returned.store(true, Ordering::SeqCst);
            });
            std::thread::sleep(Duration::from_millis(20));
            assert!(!put_returned.load(Ordering::SeqCst), "put did not wait for room");
            assert_eq!(q.get(), 1);
        });
        assert!(put_returned.load(Ordering::SeqCst));
        assert_eq!(q.get(), 2);
    }
}

#[test]
fn put_timeout_puts_when_there_is_room_and_gives_the_item_back_when_not() {
    let q = Queue::bounded(1);
    assert_eq!(q.put_timeout(1, Duration::ZERO), Ok(()));
    let start = Instant::now();
    assert_eq!(q.put_timeout(2, Duration::from_millis(20)), Err(Full(2)));
    assert!(start.elapsed() >= Duration::from_millis(20), "gave up too early");
    assert_eq!(q.put_timeout(3, Duration::ZERO), Err(Full(3)));
    assert_eq!((q.len(), q.get()), (1, 1));
}

#[test]
fn put_timeout_puts_when_a_getter_makes_room_and_wakes_getters() {
    let q = Queue::bounded(1);
    q.put(1);
    std::thread::scope(|s| {
        s.spawn(|| {
            std::thread::sleep(Duration::from_millis(10));
            assert_eq!(q.get(), 1);
        });
        assert_eq!(q.put_timeout(2, Duration::MAX), Ok(()));
    });
    assert_eq!(q.get(), 2);
    std::thread::scope(|s| {
        let getter = s.spawn(|| q.get());
        std::thread::sleep(Duration::from_millis(10));
        assert_eq!(q.put_timeout(7, Duration::from_secs(10)), Ok(()));
        assert_eq!(getter.join().unwrap(), 7);
    });
    assert_eq!(q.unfinished(), 3, "put_timeout counts its task, as put does");
}

#[test]
fn a_blocking_priority_queue_serves_the_lowest_item_inside_first() {
    let q = Queue::with_store(Priority::default(), Some(3));
    std::thread::scope(|s| {
        s.spawn(|| [3, 1, 2, 0, 9].into_iter().for_each(|p| q.put(p)));
        // Wait until the queue is full: it holds 3, 1 and 2, and the
        // producer waits with 0 (and 9 after it).
        while q.len() < 3 {
            std::thread::yield_now();
        }
        assert_eq!(q.get(), 1, "the lowest of 3, 1, 2 comes out first");
        let mut rest: Vec<i32> = (0..4).map(|_| q.get()).collect();
        rest.sort();
        assert_eq!(rest, [0, 2, 3, 9]);
    });
    assert!(q.is_empty());
}
