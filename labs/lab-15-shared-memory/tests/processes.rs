//! Real processes sharing memory: the notebook's square_list, counters
//! incremented by two processes, the process-shared lock, and chapter 02's
//! lock failing across processes (caught by a deadline, never a hang).

#![cfg(not(any(feature = "loom", feature = "shuttle")))]

use lab_15_shared_memory::counter::{LockedCounter, add_atomic, add_locked, add_plain};
use lab_15_shared_memory::shared::Shared;
use lab_15_shared_memory::square::in_a_child;
use lab_15_shared_memory::team::{Outcome, processes_with_deadline};
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering::*};
use std::time::Duration;

/// Both children spin until both are ready, so their loops overlap.
fn start_together(ready: &AtomicU32, k: u32) {
    ready.fetch_add(1, SeqCst);
    while ready.load(SeqCst) < k {
        std::hint::spin_loop();
    }
}

#[test]
fn square_list_in_a_child_is_seen_by_the_parent() {
    assert_eq!(in_a_child(&[1, 2, 3, 4]).unwrap(), (vec![1, 4, 9, 16], 30));
}

#[test]
fn a_plain_store_in_a_child_reaches_the_parent_through_the_mapping() {
    let counter = Shared::new(AtomicU64::new(0)).unwrap();
    let outcome = processes_with_deadline(1, Duration::from_secs(10), |_| {
        add_plain(&counter, 10);
        0
    })
    .unwrap();
    assert!(matches!(outcome, Outcome::Exited(ref c) if c == &[0]), "{outcome:?}");
    assert_eq!(counter.load(SeqCst), 10);
}

#[test]
fn atomic_adds_from_two_processes_lose_nothing() {
    let (counter, ready) =
        (Shared::new(AtomicU64::new(0)).unwrap(), Shared::new(AtomicU32::new(0)).unwrap());
    let outcome = processes_with_deadline(2, Duration::from_secs(30), |_| {
        start_together(&ready, 2);
        add_atomic(&counter, 500_000);
        0
    })
    .unwrap();
    assert!(matches!(outcome, Outcome::Exited(_)), "{outcome:?}");
    assert_eq!(counter.load(SeqCst), 1_000_000);
}

#[test]
fn the_process_lock_works_in_two_processes() {
    // Stress: many contended rounds, so processes really sleep on the futex
    // and are woken from the other process.
    for _ in 0..3 {
        let counter = Shared::new(LockedCounter::new(0)).unwrap();
        let ready = Shared::new(AtomicU32::new(0)).unwrap();
        let outcome = processes_with_deadline(2, Duration::from_secs(30), |_| {
            start_together(&ready, 2);
            add_locked(&counter, 300_000);
            0
        })
        .unwrap();
        assert!(matches!(outcome, Outcome::Exited(ref c) if c == &[0, 0]), "{outcome:?}");
        assert_eq!(*counter.lock(), 600_000);
    }
}

#[test]
fn chapter_02s_private_futex_lock_strands_a_process() {
    // A known bug, shown with a deadline: a process asleep on a private
    // futex is never woken from the other process. It needs one sleep, so
    // try a few times; each try ends by the deadline, never by a hang.
    type Chapter02 = lab_02_lock::Mutex<u64, lab_02_lock::FutexLock>;
    let mut seen = Vec::new();
    for _ in 0..5 {
        let counter = Shared::new(Chapter02::new(0)).unwrap();
        let ready = Shared::new(AtomicU32::new(0)).unwrap();
        let outcome = processes_with_deadline(2, Duration::from_secs(3), |_| {
            start_together(&ready, 2);
            for _ in 0..2_000_000 {
                *counter.lock() += 1;
            }
            0
        })
        .unwrap();
        match outcome {
            Outcome::Stuck(what) => {
                assert!(
                    what.iter().any(|w| w.contains("sleeping") && w.contains("futex")),
                    "{what:?}"
                );
                return;
            }
            Outcome::Exited(codes) => seen.push(codes),
        }
    }
    panic!("chapter 02's lock never stranded a process in 5 tries: {seen:?}");
}

#[test]
fn plain_adds_in_the_same_process_lose_nothing() {
    // The control: the lost updates of the lab come from two processes.
    let counter = Shared::new(AtomicU64::new(0)).unwrap();
    add_plain(&counter, 1000);
    assert_eq!(counter.load(SeqCst), 1000);
}
