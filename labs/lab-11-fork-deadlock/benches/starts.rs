//! Criterion benchmarks of starting one child that logs once and waiting
//! for it, each way the chapter starts one, with no logging thread running
//! (so none can hang): `cargo bench -p lab-11-fork-deadlock`. The lab
//! measures the same starts while a thread holds the lock; this is the
//! closer look at what each start costs by itself.

use criterion::{Criterion, criterion_group, criterion_main};
use lab_11_fork_deadlock::logger::Duty;
use lab_11_fork_deadlock::sink::Sink;
use lab_11_fork_deadlock::start::{Env, Start, start_one};
use labkit::process::TempDir;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

fn starts(c: &mut Criterion) {
    let dir = TempDir::new("lab-11-bench").expect("a temporary directory");
    let log = dir.path().join("bench.log");
    let sink = Arc::new(Sink::create(&log).expect("the log file"));
    let program = Path::new(env!("CARGO_BIN_EXE_lab-11-fork-deadlock"));
    let env = Env {
        program,
        log: &log,
        sink: &sink,
        duty: Duty { held: 0.0, period: Duration::from_millis(1) },
    };
    let mut group = c.benchmark_group("start one child and wait for it");
    for start in [Start::Fork, Start::SignalSafe, Start::Exec, Start::Spawn] {
        group.bench_function(start.key(), |b| {
            b.iter(|| {
                let mut child = start_one(start, 0, &env).expect("a child");
                assert!(child.wait().expect("reaped").success());
            })
        });
    }
    group.finish();
}

criterion_group!(benches, starts);
criterion_main!(benches);
