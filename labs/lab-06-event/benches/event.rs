//! Criterion benchmarks of the events' cheap operations, for a closer look
//! than the lab gives: `cargo bench -p lab-06-event`.
//!
//! - `is_set`, the check workers make between units of work: a lock on the
//!   step-1 event, one atomic load on the step-2 event;
//! - `set` then `clear` with nobody waiting, and `send` on the signal.

use criterion::{Criterion, criterion_group, criterion_main};
use lab_06_event::event::Event;
use lab_06_event::signal::Signal;
use lab_06_event::state_event::StateEvent;
use std::hint::black_box;

fn events(c: &mut Criterion) {
    let (step1, step2, signal) = (StateEvent::new(), Event::new(), Signal::new());
    let mut group = c.benchmark_group("is_set");
    group.bench_function("step-1 event (lock)", |b| b.iter(|| black_box(&step1).is_set()));
    group.bench_function("step-2 event (atomic load)", |b| b.iter(|| black_box(&step2).is_set()));
    group.finish();

    let mut group = c.benchmark_group("signal, nobody waiting");
    group.bench_function("step-1 event set+clear", |b| {
        b.iter(|| {
            step1.set();
            step1.clear()
        })
    });
    group.bench_function("step-2 event set+clear", |b| {
        b.iter(|| {
            step2.set();
            step2.clear()
        })
    });
    group.bench_function("counting signal send", |b| b.iter(|| signal.send()));
    group.finish();
}

criterion_group!(benches, events);
criterion_main!(benches);
