//! Criterion benchmarks of a batch of tasks run by each rival, for a closer
//! look than the lab's medians: `cargo bench -p lab-08-pool`.
//!
//! - 1,000 tasks of about 1 µs and 100 tasks of about 100 µs, every rival;
//! - 10,000 tiny tasks through `imap_unordered`, chunks of 1 and 256.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use lab_08_pool::Pool;
use lab_08_pool::rivals::{Rival, Rivals};
use labkit::work::Calibration;
use std::time::Duration;

fn rivals(c: &mut Criterion) {
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get()).max(2);
    let rivals = Rivals::new(workers).expect("a rayon pool");
    let cal = Calibration::measure();
    for (tasks, size) in [(1_000u64, Duration::from_micros(1)), (100, Duration::from_micros(100))] {
        let iterations = cal.iterations_for(size);
        let mut group = c.benchmark_group(format!("{tasks} tasks of {size:?}"));
        group.throughput(Throughput::Elements(tasks));
        for rival in Rival::ALL {
            group.bench_function(rival.name(), |b| b.iter(|| rivals.run(rival, tasks, iterations)));
        }
        group.finish();
    }

    let pool = Pool::new(workers);
    let mut group = c.benchmark_group("10000 tiny tasks, imap_unordered");
    group.throughput(Throughput::Elements(10_000));
    for chunksize in [1, 256] {
        group.bench_with_input(BenchmarkId::new("chunks of", chunksize), &chunksize, |b, &c| {
            b.iter(|| pool.imap_unordered(|x: u64| x + 1, 0..10_000u64, c).unwrap().count())
        });
    }
    group.finish();
}

criterion_group!(benches, rivals);
criterion_main!(benches);
