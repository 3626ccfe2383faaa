//! Criterion benchmarks of every lock the lab measures, for a closer look
//! than the lab's medians: `cargo bench -p lab-02-lock`.
//!
//! - `uncontended/<lock>`: one lock + increment + unlock on one thread;
//! - `contended 2 threads/<lock>`: two threads increment behind the lock,
//!   timed per increment (thread start-up included, amortised over many).

use criterion::{Criterion, criterion_group, criterion_main};
use lab_02_lock::contenders::{Contender, Visit, each_lock};
use std::hint::black_box;
use std::time::{Duration, Instant};

/// Adds each lock's benchmarks to the group it was made for.
struct Bench<'a, 'c> {
    /// Which measurement: uncontended or contended.
    contended: bool,
    /// The criterion group the benchmarks go into.
    group: &'a mut criterion::BenchmarkGroup<'c, criterion::measurement::WallTime>,
}

impl Visit for Bench<'_, '_> {
    fn visit<C: Contender>(&mut self) {
        if !self.contended {
            let lock = C::new(0);
            self.group.bench_function(C::NAME, |b| b.iter(|| black_box(&lock).increment()));
            return;
        }
        self.group.bench_function(C::NAME, |b| {
            b.iter_custom(|iters| {
                let lock = C::new(0);
                let start = Instant::now();
                std::thread::scope(|s| {
                    for _ in 0..2 {
                        s.spawn(|| {
                            (0..iters.div_ceil(2)).for_each(|_| black_box(&lock).increment())
                        });
                    }
                });
                start.elapsed()
            })
        });
    }
}

fn locks(c: &mut Criterion) {
    for (name, contended) in [("uncontended", false), ("contended 2 threads", true)] {
        let mut group = c.benchmark_group(name);
        group.measurement_time(Duration::from_secs(2)).warm_up_time(Duration::from_millis(500));
        each_lock(&mut Bench { contended, group: &mut group });
        group.finish();
    }
}

criterion_group!(benches, locks);
criterion_main!(benches);
