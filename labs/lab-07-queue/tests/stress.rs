//! Stress tests on std threads: many producers and consumers, every item
//! seen exactly once, and `join` never returning before the tasks it must
//! wait for are done. They assert counts, never timings.

#![cfg(not(any(feature = "loom", feature = "shuttle")))]

use lab_07_queue::Queue;
use lab_07_queue::steps::BlockingQueue;
use lab_07_queue::steps::minimal::MinimalQueue;
use std::sync::atomic::{AtomicU8, AtomicU64, Ordering};
use std::time::Duration;

/// `producers` producers put `0..items` into `q`; as many consumers get
/// them, mark each seen, count it processed, then call task_done. Meanwhile
/// a joiner thread checks, again and again, that `join` waits for every
/// item whose `put` had returned before `join` was called.
fn stress<Q: BlockingQueue<u64>>(q: &Q, producers: u64, consumers: u64, items: u64) {
    let seen: Vec<AtomicU8> = (0..items).map(|_| AtomicU8::new(0)).collect();
    let (put, processed) = (AtomicU64::new(0), AtomicU64::new(0));
    let producers_done = AtomicU64::new(0);
    std::thread::scope(|s| {
        for p in 0..producers {
            let (put, producers_done) = (&put, &producers_done);
            s.spawn(move || {
                for x in (p..items).step_by(producers as usize) {
                    q.put(x);
                    put.fetch_add(1, Ordering::SeqCst);
                }
                producers_done.fetch_add(1, Ordering::SeqCst);
            });
        }
        for c in 0..consumers {
            let (seen, processed) = (&seen, &processed);
            s.spawn(move || {
                let mine = items / consumers + u64::from(c < items % consumers);
                for _ in 0..mine {
                    let x = q.get();
                    seen[x as usize].fetch_add(1, Ordering::Relaxed);
                    processed.fetch_add(1, Ordering::SeqCst);
                    q.task_done().expect("one task_done per get");
                }
            });
        }
        s.spawn(|| {
            while producers_done.load(Ordering::SeqCst) < producers {
                let before = put.load(Ordering::SeqCst);
                q.join();
                let after = processed.load(Ordering::SeqCst);
                assert!(after >= before, "join returned with {after} of {before} tasks done");
                std::thread::sleep(Duration::from_micros(50));
            }
        });
    });
    q.join();
    assert_eq!(processed.load(Ordering::SeqCst), items);
    let wrong: Vec<(usize, u8)> = seen
        .iter()
        .map(|n| n.load(Ordering::Relaxed))
        .enumerate()
        .filter(|&(_, n)| n != 1)
        .take(5)
        .collect();
    assert!(wrong.is_empty(), "items lost or duplicated (item, times seen): {wrong:?}");
}

#[test]
fn a_million_items_through_the_queue_each_exactly_once() {
    stress(&Queue::bounded(64), 4, 4, 1_000_000);
}

#[test]
fn the_queue_without_spinning_and_at_capacity_one() {
    stress(&Queue::bounded(64).spin_tries(0), 3, 5, 200_000);
    stress(&Queue::bounded(1), 4, 3, 50_000);
}

#[test]
fn the_minimal_port_too() {
    stress(&MinimalQueue::with_capacity(16), 4, 4, 100_000);
}

#[test]
fn every_operation_mixed_never_loses_or_duplicates_an_item() {
    let items = 200_000u64;
    let q = Queue::bounded(8);
    let seen: Vec<AtomicU8> = (0..items).map(|_| AtomicU8::new(0)).collect();
    let got = AtomicU64::new(0);
    std::thread::scope(|s| {
        for p in 0..3u64 {
            let q = &q;
            s.spawn(move || {
                for x in (p..items).step_by(3) {
                    match x % 3 {
                        0 => q.put(x),
                        1 => {
                            let mut item = x;
                            while let Err(full) = q.try_put(item) {
                                item = full.0;
                                std::thread::yield_now();
                            }
                        }
                        _ => {
                            let mut item = x;
                            while let Err(full) = q.put_timeout(item, Duration::from_micros(50)) {
                                item = full.0;
                            }
                        }
                    }
                }
            });
        }
        for c in 0..3u64 {
            let (q, seen, got) = (&q, &seen, &got);
            s.spawn(move || {
                while got.load(Ordering::SeqCst) < items {
                    let item = match c {
                        0 => q.try_get().ok(),
                        1 => q.get_timeout(Duration::from_micros(50)).ok(),
                        _ => {
                            let task = q.get_timeout(Duration::from_micros(50)).ok();
                            task.inspect(|_| q.task_done().unwrap())
                        }
                    };
                    if let Some(x) = item {
                        seen[x as usize].fetch_add(1, Ordering::Relaxed);
                        got.fetch_add(1, Ordering::SeqCst);
                    }
                }
            });
        }
    });
    assert!(seen.iter().all(|n| n.load(Ordering::Relaxed) == 1), "an item was lost or duplicated");
    assert!(q.is_empty());
}

#[test]
fn task_guards_under_stress_let_join_return() {
    let items = 100_000u64;
    let q = Queue::bounded(32);
    let processed = AtomicU64::new(0);
    std::thread::scope(|s| {
        for _ in 0..4 {
            s.spawn(|| {
                loop {
                    let task = q.get_task();
                    if *task == u64::MAX {
                        break;
                    }
                    processed.fetch_add(1, Ordering::SeqCst);
                }
            });
        }
        (0..items).for_each(|x| q.put(x));
        q.join();
        assert_eq!(processed.load(Ordering::SeqCst), items, "join returned early");
        (0..4).for_each(|_| q.put(u64::MAX));
    });
    q.join();
}
