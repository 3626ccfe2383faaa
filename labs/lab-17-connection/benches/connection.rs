//! Criterion benchmarks of the chapter's costs, for a closer look than the
//! lab's medians: `cargo bench -p lab-17-connection`.
//!
//! - one HMAC-SHA256 answer, and its constant-time check;
//! - one 16-byte echo round trip over a Unix socket, TCP and a pipe pair;
//! - one RPC call, and one connection with its handshake.

use criterion::{Criterion, criterion_group, criterion_main};
use lab_17_connection::auth::{digest, is_right_answer};
use lab_17_connection::connection::{Connection, DEFAULT_MAX_FRAME};
use lab_17_connection::echo;
use lab_17_connection::listener::{self, Options};
use lab_17_connection::rpc::{self, Proxy};
use lab_17_connection::socket::{Address, pipe_pair};

const KEY: &[u8] = b"peekaboo";

fn round_trip(conn: &mut Connection) {
    conn.send_bytes(&[7u8; 16]).unwrap();
    assert_eq!(conn.recv_bytes().unwrap().len(), 16);
}

fn costs(c: &mut Criterion) {
    let nonce = [3u8; 32];
    let answer = digest(KEY, &nonce);
    c.bench_function("hmac digest", |b| b.iter(|| digest(KEY, &nonce)));
    c.bench_function("hmac check", |b| b.iter(|| is_right_answer(KEY, &nonce, &answer)));

    let dir = tempfile::tempdir().unwrap();
    let mut group = c.benchmark_group("echo 16 B");
    for (name, address) in
        [("unix", Address::Unix(dir.path().join("bench.sock"))), ("tcp", Address::loopback())]
    {
        let server = echo::serve(&address, Options::with_key(KEY), 4).unwrap();
        let mut conn = listener::connect(server.address(), &Options::with_key(KEY)).unwrap();
        group.bench_function(name, |b| b.iter(|| round_trip(&mut conn)));
    }
    let (mine, theirs) = pipe_pair().unwrap();
    let echoer = std::thread::spawn(move || {
        echo::echo_until_closed(&mut Connection::new(theirs, DEFAULT_MAX_FRAME))
    });
    let mut conn = Connection::new(mine, DEFAULT_MAX_FRAME);
    group.bench_function("pipe pair", |b| b.iter(|| round_trip(&mut conn)));
    drop(conn);
    echoer.join().unwrap();
    group.finish();

    let server =
        rpc::serve(&Address::loopback(), Options::with_key(KEY), 4, rpc::arithmetic()).unwrap();
    let mut proxy = Proxy::connect(server.address(), &Options::with_key(KEY)).unwrap();
    c.bench_function("rpc add", |b| b.iter(|| proxy.call::<_, i64>("add", &(2i64, 3i64)).unwrap()));
    c.bench_function("connect with handshake", |b| {
        b.iter(|| drop(listener::connect(server.address(), &Options::with_key(KEY)).unwrap()))
    });
}

criterion_group!(benches, costs);
criterion_main!(benches);
