//! A property test of the decoder: arbitrary bytes, fed to a connection
//! as if a peer had sent them, never panic, never make it hold more than
//! its maximum frame, and either decode as a request or fail with an
//! error. Random inputs come from a seeded generator, so a failure
//! reproduces; each case is also cut short at a random point.

use lab_17_connection::connection::Connection;
use lab_17_connection::errors::ConnError;
use lab_17_connection::registry::{Request, request};
use lab_17_connection::socket::Socket;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::io::Write;

const MAX: usize = 4096;

/// A connection reading `bytes` (then end of stream) through a pipe pair.
fn fed(bytes: Vec<u8>) -> Connection {
    let (mine, mut theirs) = lab_17_connection::socket::pipe_pair().unwrap();
    std::thread::spawn(move || {
        if let Socket::Pipes { write, .. } = &mut theirs {
            let _ = write.write_all(&bytes);
        }
    });
    Connection::new(mine, MAX)
}

/// Random bytes shaped like frames often enough to reach the decoder:
/// a plausible length, then random or valid request bytes, cut anywhere.
fn case(rng: &mut StdRng) -> Vec<u8> {
    let mut out = Vec::new();
    for _ in 0..rng.random_range(1..4) {
        let body: Vec<u8> = match rng.random_range(0..3) {
            0 => (0..rng.random_range(0..300)).map(|_| rng.random()).collect(),
            1 => {
                postcard::to_allocvec(&request("add", &(rng.random::<i64>(), rng.random::<i64>())))
                    .unwrap()
            }
            _ => {
                let mut v = postcard::to_allocvec(&request(
                    "sub",
                    &(vec![1i64; rng.random_range(0..50)], 4i64),
                ))
                .unwrap();
                let i = rng.random_range(0..v.len());
                v[i] = rng.random();
                v
            }
        };
        let len: u32 = match rng.random_range(0..4) {
            0 => rng.random(),
            _ => body.len() as u32,
        };
        out.extend(len.to_le_bytes());
        out.extend(body);
    }
    let cut = rng.random_range(0..=out.len());
    out.truncate(cut);
    out
}

#[test]
fn arbitrary_bytes_decode_or_fail_cleanly_within_the_maximum() {
    let mut rng = StdRng::seed_from_u64(17);
    let (mut decoded, mut refused) = (0, 0);
    for _ in 0..2000 {
        let mut conn = fed(case(&mut rng));
        loop {
            let result = conn.recv::<Request>();
            assert!(
                conn.buffer_capacity() <= 2 * MAX,
                "the buffer grew to {}",
                conn.buffer_capacity()
            );
            match result {
                Ok(_) => decoded += 1,
                Err(ConnError::Closed) => break,
                Err(ConnError::Frame(_)) => {
                    refused += 1;
                    break;
                }
                Err(other) => panic!("unexpected error: {other}"),
            }
        }
    }
    assert!(
        decoded > 100 && refused > 100,
        "both paths exercised: {decoded} decoded, {refused} refused"
    );
}
