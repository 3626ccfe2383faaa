//! Criterion benchmarks of an uncontended lock + unlock, for a closer look
//! than the lab's medians: `cargo bench -p lab-03-rlock`.
//!
//! - chapter 02's futex lock and std's Mutex (plain locks);
//! - this chapter's RLock and parking_lot's ReentrantMutex, first acquire
//!   and nested acquire (one guard already held).

use criterion::{Criterion, criterion_group, criterion_main};
use lab_02_lock::{FutexLock, Mutex};
use lab_03_rlock::RLock;
use std::hint::black_box;

fn locks(c: &mut Criterion) {
    let mut group = c.benchmark_group("lock + unlock");
    let futex = Mutex::<u64, FutexLock>::new(0);
    group.bench_function("futex lock", |b| b.iter(|| *black_box(&futex).lock()));
    let std_mutex = std::sync::Mutex::new(0u64);
    group.bench_function("std Mutex", |b| b.iter(|| *black_box(&std_mutex).lock().unwrap()));

    let rlock = RLock::new(0u64);
    group.bench_function("RLock first", |b| b.iter(|| *black_box(&rlock).lock()));
    let outer = rlock.lock();
    group.bench_function("RLock nested", |b| b.iter(|| *black_box(&rlock).lock()));
    drop(outer);

    let remutex = parking_lot::ReentrantMutex::new(0u64);
    group.bench_function("parking_lot first", |b| b.iter(|| *black_box(&remutex).lock()));
    let outer = remutex.lock();
    group.bench_function("parking_lot nested", |b| b.iter(|| *black_box(&remutex).lock()));
    drop(outer);
    group.finish();
}

criterion_group!(benches, locks);
criterion_main!(benches);
