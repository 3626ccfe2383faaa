//! Criterion benchmarks of what a fetch costs besides its latency, for a
//! closer look than the lab's medians: `cargo bench -p lab-01-threads`.
//!
//! - one request to the local server at latency 0 (client, server, TCP on loopback);
//! - starting and joining one thread, with `spawn` and in a scope.

use criterion::{Criterion, criterion_group, criterion_main};
use lab_01_threads::client::{agent, fetch};
use lab_01_threads::server::{Defaults, LocalServer};
use std::time::Duration;

fn costs(c: &mut Criterion) {
    let server =
        LocalServer::start(Defaults { latency: Duration::ZERO, bytes: 4096 }).expect("a server");
    let agent = agent(Duration::from_secs(10));
    let url = server.page_url(1);
    c.bench_function("one request at latency 0 (4 KiB)", |b| {
        b.iter(|| fetch(&agent, &url).expect("a page"))
    });
    c.bench_function("spawn + join one thread", |b| {
        b.iter(|| std::thread::spawn(|| 1).join().expect("joined"))
    });
    c.bench_function("scoped spawn + join one thread", |b| {
        b.iter(|| std::thread::scope(|s| s.spawn(|| 1).join().expect("joined")))
    });
}

criterion_group!(benches, costs);
criterion_main!(benches);
