//! Stress tests on real threads (std backend): many threads, many
//! iterations, exact counts. Behaviour only, never timings.
#![cfg(not(any(feature = "loom", feature = "shuttle")))]

use lab_05_semaphore::Semaphore;
use lab_05_semaphore::minimal::MinimalSemaphore;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// Counts the holders inside and remembers the most at once.
#[derive(Default)]
struct Holders {
    /// Holders now.
    now: AtomicUsize,
    /// The most at once.
    most: AtomicUsize,
    /// Every entry, to check nothing was lost.
    entries: AtomicUsize,
}

impl Holders {
    fn inside(&self) {
        let now = self.now.fetch_add(1, Ordering::SeqCst) + 1;
        self.most.fetch_max(now, Ordering::SeqCst);
        self.entries.fetch_add(1, Ordering::Relaxed);
        std::hint::black_box(labkit::work::spin(50));
        self.now.fetch_sub(1, Ordering::SeqCst);
    }
}

#[test]
fn many_threads_never_exceed_the_permits_and_every_permit_comes_back() {
    let (permits, threads, rounds) = (3, 12, 20_000);
    let s = Semaphore::new(permits);
    let holders = Holders::default();
    std::thread::scope(|scope| {
        for t in 0..threads {
            let (s, holders) = (&s, &holders);
            scope.spawn(move || {
                for i in 0..rounds {
                    // Every way in: blocking, non-blocking, with a timeout.
                    let permit = match (t + i) % 3 {
                        0 => Some(s.acquire()),
                        1 => s.try_acquire(),
                        _ => s.acquire_timeout(Duration::from_micros(50)),
                    };
                    if let Some(_permit) = permit {
                        holders.inside();
                    }
                }
            });
        }
    });
    assert!(holders.most.load(Ordering::SeqCst) <= permits, "more holders than permits");
    assert!(
        holders.entries.load(Ordering::Relaxed) >= threads * rounds / 3,
        "blocking acquires always get in"
    );
    assert_eq!(s.available(), permits, "a permit was lost or made up");
}

#[test]
fn one_permit_is_mutual_exclusion_and_no_increment_is_lost() {
    let (threads, rounds) = (8, 20_000);
    let s = Semaphore::new(1);
    let counter = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                for _ in 0..rounds {
                    let _permit = s.acquire();
                    // A read-modify-write in two steps: safe only one at a time.
                    let v = counter.load(Ordering::Relaxed);
                    std::hint::black_box(labkit::work::spin(20));
                    counter.store(v + 1, Ordering::Relaxed);
                }
            });
        }
    });
    assert_eq!(counter.load(Ordering::Relaxed), threads * rounds);
    assert_eq!(s.available(), 1);
}

#[test]
fn permits_added_while_threads_wait_are_all_used_and_kept() {
    let s = Semaphore::new(0);
    let got = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for _ in 0..16 {
            scope.spawn(|| {
                let _permit = s.acquire();
                got.fetch_add(1, Ordering::SeqCst);
            });
        }
        for _ in 0..4 {
            std::thread::sleep(Duration::from_millis(1));
            s.add_permits(1);
        }
    });
    assert_eq!(got.load(Ordering::SeqCst), 16);
    assert_eq!(s.available(), 4);
}

#[test]
fn the_notebooks_semaphore_also_bounds_its_holders() {
    let (permits, threads, rounds) = (2, 8, 20_000);
    let s = MinimalSemaphore::new(permits);
    let holders = Holders::default();
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                for _ in 0..rounds {
                    s.acquire();
                    holders.inside();
                    s.release();
                }
            });
        }
    });
    assert!(holders.most.load(Ordering::SeqCst) <= permits);
    assert_eq!(holders.entries.load(Ordering::Relaxed), threads * rounds);
    assert_eq!(s.value(), permits);
}
