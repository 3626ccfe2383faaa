//! Criterion benchmarks of the chapter's queues against std and crossbeam,
//! for a closer look than the lab's medians: `cargo bench -p lab-07-queue`.
//!
//! - streaming 20,000 items from 1 producer to 1 consumer, capacity 1024 and 16;
//! - one round trip of an item between two threads (100 per iteration).

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use lab_07_queue::pipeline::{ping_pong, stream};
use lab_07_queue::rivals::Rival;

fn queues(c: &mut Criterion) {
    let items = 20_000;
    let mut group = c.benchmark_group("stream 1p/1c");
    group.throughput(Throughput::Elements(items));
    for capacity in [1024, 16] {
        for rival in Rival::BOUNDED {
            group.bench_with_input(
                BenchmarkId::new(rival.name(), capacity),
                &capacity,
                |b, &cap| b.iter(|| stream(rival, cap, 1, 1, items)),
            );
        }
    }
    group.finish();

    let mut group = c.benchmark_group("round trip");
    group.throughput(Throughput::Elements(100));
    for rival in Rival::BOUNDED {
        group.bench_function(rival.name(), |b| b.iter(|| ping_pong(rival, 100)));
    }
    group.finish();
}

criterion_group!(benches, queues);
criterion_main!(benches);
