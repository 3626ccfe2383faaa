//! `cargo bench -p lab-04-condition`: the cost of a hand-over through a
//! condition variable, std's against the hand-built one.
//!
//! Two threads pass a turn back and forth: each waits until the shared
//! counter says it is its turn, moves it on, and notifies. One iteration is
//! one round trip: two waits, two notifies, two wake-ups.

use criterion::{Criterion, criterion_group, criterion_main};
use lab_04_condition::monitor::{HandMonitor, Monitor, StdMonitor};
use std::time::{Duration, Instant};

/// Times `rounds` round trips between two threads on a monitor of type `M`.
fn round_trips<M: Monitor<u64>>(rounds: u64) -> Duration {
    let monitor = M::new(0);
    let pass = |me: u64| {
        for _ in 0..rounds {
            let mut turn = monitor.lock();
            while *turn % 2 != me {
                turn = monitor.wait(turn);
            }
            *turn += 1;
            drop(turn);
            monitor.notify_one();
        }
    };
    let start = Instant::now();
    std::thread::scope(|s| {
        s.spawn(|| pass(1));
        pass(0);
    });
    start.elapsed()
}

fn ping_pong(c: &mut Criterion) {
    let mut group = c.benchmark_group("round trip between two threads");
    group
        .bench_function(StdMonitor::<u64>::NAME, |b| b.iter_custom(round_trips::<StdMonitor<u64>>));
    group.bench_function(HandMonitor::<u64>::NAME, |b| {
        b.iter_custom(round_trips::<HandMonitor<u64>>)
    });
    group.finish();
}

criterion_group!(benches, ping_pong);
criterion_main!(benches);
