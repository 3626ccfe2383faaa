//! Criterion benchmarks of a permit's cost, for a closer look than the
//! lab's medians: `cargo bench -p lab-05-semaphore`.
//!
//! - one thread, nobody waiting: std `Mutex` lock + unlock, the notebook's
//!   semaphore, the chapter's `Semaphore` (acquire + drop, try_acquire + drop);
//! - two threads passing one permit back and forth.

use criterion::{Criterion, criterion_group, criterion_main};
use lab_05_semaphore::Semaphore;
use lab_05_semaphore::minimal::MinimalSemaphore;
use std::hint::black_box;
use std::sync::Mutex;

fn uncontended(c: &mut Criterion) {
    let mut group = c.benchmark_group("one thread, nobody waiting");
    let mutex = Mutex::new(0u64);
    group.bench_function("std Mutex lock + unlock", |b| {
        b.iter(|| *black_box(&mutex).lock().unwrap() += 1)
    });
    let minimal = MinimalSemaphore::new(1);
    group.bench_function("notebook's semaphore", |b| {
        b.iter(|| {
            minimal.acquire();
            minimal.release();
        })
    });
    let semaphore = Semaphore::new(1);
    group.bench_function("Semaphore acquire + drop", |b| b.iter(|| drop(semaphore.acquire())));
    group.bench_function("Semaphore try_acquire + drop", |b| {
        b.iter(|| drop(semaphore.try_acquire()))
    });
    group.finish();
}

fn contended(c: &mut Criterion) {
    let semaphore = Semaphore::new(1);
    c.bench_function("two threads, one permit, 1000 acquires each", |b| {
        b.iter(|| {
            std::thread::scope(|s| {
                for _ in 0..2 {
                    s.spawn(|| (0..1000).for_each(|_| drop(black_box(semaphore.acquire()))));
                }
            })
        })
    });
}

criterion_group!(benches, uncontended, contended);
criterion_main!(benches);
