//! A property test of the decoder: arbitrary bytes, fed to a connection
//! as if a peer had sent them, never panic, never make it hold more than
//! its maximum frame, and either decode as a request or fail with an
//! error. Some carry valid requests whose inner lengths (the varints
//! before a string or a byte vector) lie. Then the same for the
//! registry's argument decoding: arguments of random bytes, or with lying
//! lengths, are a `BadArguments` reply, never a panic. Random inputs come
//! from a seeded generator, so a failure reproduces; each case is also cut
//! short at a random point.

use lab_17_connection::connection::Connection;
use lab_17_connection::errors::ConnError;
use lab_17_connection::registry::{Registry, Request, RpcError, request};
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
        let body: Vec<u8> = match rng.random_range(0..5) {
            0 => (0..rng.random_range(0..300)).map(|_| rng.random()).collect(),
            // Near the maximum: a larger frame after a large one must not
            // make the buffer grow past the maximum.
            // (Valid requests, so the connection reads on to the next frame.)
            4 => postcard::to_allocvec(&request(
                "sub",
                &(vec![1i64; rng.random_range(MAX / 2..MAX - 100)], 4i64),
            ))
            .unwrap(),
            1 => {
                postcard::to_allocvec(&request("add", &(rng.random::<i64>(), rng.random::<i64>())))
                    .unwrap()
            }
            2 => lying_lengths(rng),
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

/// A varint (postcard's encoding of a length) for `n`.
fn varint(mut n: u64) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let byte = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            out.push(byte);
            return out;
        }
        out.push(byte | 0x80);
    }
}

/// A lie about a length: a huge one, one just past the end, or a varint
/// that never ends.
fn lie(rng: &mut StdRng, honest: usize) -> Vec<u8> {
    match rng.random_range(0..4) {
        0 => varint(u64::MAX),
        1 => varint(rng.random_range(1u64 << 20..1 << 40)),
        2 => varint(honest as u64 + rng.random_range(1..100)),
        _ => vec![0xff; rng.random_range(1..12)],
    }
}

/// A request's bytes built field by field (method, arg_type, args), with
/// the length before one of the three fields replaced by a lie.
fn lying_lengths(rng: &mut StdRng) -> Vec<u8> {
    let fields: [Vec<u8>; 3] = [
        b"add".to_vec(),
        std::any::type_name::<(i64, i64)>().as_bytes().to_vec(),
        postcard::to_allocvec(&(1i64, 2i64)).unwrap(),
    ];
    let liar = rng.random_range(0..3);
    let mut out = Vec::new();
    for (i, field) in fields.iter().enumerate() {
        out.extend(if i == liar { lie(rng, field.len()) } else { varint(field.len() as u64) });
        out.extend(field);
    }
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
                conn.buffer_capacity() <= MAX,
                "the buffer grew to {}, past the maximum {MAX}",
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

/// Arguments a function takes: a list and a string, whose lengths can lie.
type Args = (Vec<i64>, String);

#[test]
fn arguments_that_do_not_decode_are_a_bad_arguments_reply_never_a_panic() {
    let mut registry = Registry::new();
    registry.register("count", |(v, s): Args| Ok::<_, String>(v.len() + s.len()));
    let mut rng = StdRng::seed_from_u64(71);
    let (mut answered, mut refused) = (0, 0);
    for _ in 0..5000 {
        let honest = postcard::to_allocvec(&(
            vec![rng.random::<i64>(); rng.random_range(0..20)],
            "x".repeat(rng.random_range(0..20)),
        ))
        .unwrap();
        let args: Vec<u8> = match rng.random_range(0..4) {
            // Random bytes.
            0 => (0..rng.random_range(0..64)).map(|_| rng.random()).collect(),
            // The list's length lies.
            1 => [lie(&mut rng, 0), honest[1..].to_vec()].concat(),
            // Honest arguments, one byte changed, or cut short.
            2 => {
                let mut v = honest.clone();
                let i = rng.random_range(0..v.len());
                v[i] = rng.random();
                v
            }
            _ => honest[..rng.random_range(0..=honest.len())].to_vec(),
        };
        let req = Request {
            method: "count".into(),
            arg_type: std::any::type_name::<Args>().into(),
            args,
        };
        match registry.call(&req) {
            Ok(_) => answered += 1,
            Err(RpcError::BadArguments { method, .. }) => {
                assert_eq!(method, "count");
                refused += 1;
            }
            Err(other) => panic!("unexpected error: {other:?}"),
        }
    }
    assert!(
        answered > 100 && refused > 1000,
        "both paths exercised: {answered} answered, {refused} refused"
    );
}
