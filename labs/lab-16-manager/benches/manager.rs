//! Criterion benchmarks of one operation through the manager, for a closer
//! look than the lab's medians: `cargo bench -p lab-16-manager`.
//!
//! - one `append` through the proxy (a round trip to the manager process);
//! - 100 appends in one batch;
//! - one `get` of a record (a copy comes back).

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use lab_16_manager::protocol::Value;
use lab_16_manager::proxy::Client;
use lab_16_manager::server::Manager;
use lab_16_manager::state::State;

fn manager(c: &mut Criterion) {
    let manager = Manager::start(State::with_list(vec![Value::Record("Sam".into(), 10)])).unwrap();
    let mut client = Client::connect(manager.path()).unwrap();
    c.bench_function("proxy get", |b| b.iter(|| client.list().get(0).unwrap()));
    let mut group = c.benchmark_group("proxy append");
    group.throughput(Throughput::Elements(1));
    group.bench_function("one per call", |b| {
        b.iter(|| client.list().append(Value::Int(1)).unwrap())
    });
    group.throughput(Throughput::Elements(100));
    group.bench_function("100 per call", |b| {
        b.iter(|| client.list().extend_batched((0..100).map(Value::Int)).unwrap())
    });
    group.finish();
    drop(client);
    manager.shutdown().unwrap();
}

criterion_group!(benches, manager);
criterion_main!(benches);
