//! Criterion benchmarks of the chapter's runners, for a closer look than the
//! lab's medians: `cargo bench -p lab-00-amdahl`.
//!
//! - the Amdahl job (10 % serial, ~5 ms sequential) with std threads and rayon, 1 and 2 workers;
//! - skewed tasks pulled in chunks of 1 and 64.

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use lab_00_amdahl::runners::{job_rayon, job_std, rayon_pool, tasks_pulled};
use lab_00_amdahl::workload::{Job, skewed_tasks};
use labkit::work::Calibration;
use std::time::Duration;

fn runners(c: &mut Criterion) {
    let cal = Calibration::measure();
    let job = Job::new(&cal, Duration::from_millis(5), 0.1, 64);
    let mut group = c.benchmark_group("amdahl job");
    for workers in [1, 2] {
        let pool = rayon_pool(workers).expect("a rayon pool");
        group.bench_with_input(BenchmarkId::new("std threads", workers), &workers, |b, &w| {
            b.iter(|| job_std(&job, w))
        });
        group.bench_with_input(BenchmarkId::new("rayon", workers), &workers, |b, _| {
            b.iter(|| job_rayon(&job, &pool))
        });
    }
    group.finish();

    let tasks = skewed_tasks(&cal, 512, Duration::from_micros(10), 20.0, 42);
    let mut group = c.benchmark_group("pulled tasks");
    for chunk in [1, 64] {
        group.bench_with_input(BenchmarkId::new("chunk", chunk), &chunk, |b, &ch| {
            b.iter(|| tasks_pulled(&tasks, 2, ch, None))
        });
    }
    group.finish();
}

criterion_group!(benches, runners);
criterion_main!(benches);
