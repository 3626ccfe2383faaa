//! The bad inputs of experiment 4, each a small function that plays the
//! attacker and says what it got back. The tests (`tests/bad_input.rs`)
//! run the same list against a server of their own.

use crate::auth::{CHALLENGE, MAX_HANDSHAKE};
use crate::connection::Connection;
use crate::listener::{self, Options};
use crate::registry::{Request, request};
use crate::rpc::Proxy;
use crate::socket::{Address, Socket};
use std::io::{Read, Write};
use std::time::{Duration, Instant};

/// The server under attack.
pub struct Target {
    /// Where it listens.
    pub address: Address,
    /// Its options (the right key, its maximum frame).
    pub options: Options,
}

/// One bad input.
pub struct Attack {
    /// A key for the lab's results: `attack-<key>`.
    pub key: &'static str,
    /// What it does, for the table.
    pub name: &'static str,
    /// Whether the server should end the attacker's connection (and log it).
    pub ends_connection: bool,
    /// What the attacker's outcome must contain for the input to count as refused.
    pub refusal: &'static str,
    /// Plays the attacker; returns what it got.
    pub run: fn(&Target) -> String,
}

impl Attack {
    /// Whether `got` (what `run` returned) shows the input refused.
    pub fn refused(&self, got: &str) -> bool {
        got.contains(self.refusal)
    }
}

/// Every bad input, in the order the table shows them.
pub const ATTACKS: &[Attack] = &[
    Attack {
        key: "wrong-key",
        name: "wrong key",
        ends_connection: true,
        refusal: "rejected our digest",
        run: wrong_key,
    },
    Attack {
        key: "no-key",
        name: "no key: a request sent straight away",
        ends_connection: true,
        refusal: "closed",
        run: no_key,
    },
    Attack {
        key: "garbage",
        name: "garbage bytes instead of a handshake",
        ends_connection: true,
        refusal: "closed",
        run: garbage,
    },
    Attack {
        key: "long-answer",
        name: "a 4 KiB answer to the challenge",
        ends_connection: true,
        refusal: "closed",
        run: long_answer,
    },
    Attack {
        key: "huge-prefix",
        name: "a length prefix of 3 GiB",
        ends_connection: true,
        refusal: "closed",
        run: huge_prefix,
    },
    Attack {
        key: "truncated",
        name: "a truncated frame, then end of stream",
        ends_connection: true,
        refusal: "closed",
        run: truncated,
    },
    Attack {
        key: "mid-frame",
        name: "a disconnect in the middle of a frame",
        ends_connection: true,
        refusal: "hung up",
        run: mid_frame,
    },
    Attack {
        key: "silent",
        name: "a client that sends nothing",
        ends_connection: true,
        refusal: "closed",
        run: silent,
    },
    Attack {
        key: "dribble",
        name: "a handshake answer dribbled one byte at a time",
        ends_connection: true,
        refusal: "closed",
        run: dribble,
    },
    Attack {
        key: "flood",
        name: "a flood: 16 connections that send nothing, then a good client",
        ends_connection: true,
        refusal: "got through",
        run: flood,
    },
    Attack {
        key: "not-request",
        name: "a frame of random bytes instead of a request",
        ends_connection: false,
        refusal: "bad arguments",
        run: not_a_request,
    },
    Attack {
        key: "unknown",
        name: "an unknown method",
        ends_connection: false,
        refusal: "no function named",
        run: unknown_method,
    },
    Attack {
        key: "wrong-types",
        name: "wrong argument types: sub([1, 2], 4)",
        ends_connection: false,
        refusal: "bad arguments",
        run: wrong_types,
    },
    Attack {
        key: "lying-type",
        name: "arguments that lie about their type",
        ends_connection: false,
        refusal: "bad arguments",
        run: lying_type,
    },
    Attack {
        key: "failing",
        name: "a function that fails: div(1, 0)",
        ends_connection: false,
        refusal: "div failed",
        run: failing,
    },
    Attack {
        key: "panicking",
        name: "a function that panics: boom()",
        ends_connection: false,
        refusal: "panicked",
        run: panicking,
    },
];

/// Reads whatever the server still sends until it closes the connection,
/// and says so: `closed by the server after 12 ms (43 bytes)`.
fn until_closed(socket: &mut Socket) -> String {
    let start = Instant::now();
    let _ = socket.set_read_timeout(Some(Duration::from_secs(3)));
    let (mut total, mut buf) = (0usize, [0u8; 1024]);
    loop {
        match socket.read(&mut buf) {
            Ok(0) => {
                return format!(
                    "closed by the server after {} ({total} bytes received)",
                    ms(start)
                );
            }
            Ok(n) => total += n,
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => {
                return format!("connection reset (closed) by the server after {}", ms(start));
            }
            Err(e) => return format!("still open after {}: {e}", ms(start)),
        }
    }
}

fn ms(since: Instant) -> String {
    format!("{} ms", since.elapsed().as_millis())
}

/// An authenticated connection, or what went wrong as the attacker's result.
fn authenticated(t: &Target) -> Result<Connection, String> {
    listener::connect(&t.address, &t.options)
        .map_err(|e| format!("could not even authenticate: {e}"))
}

fn wrong_key(t: &Target) -> String {
    let options = Options { key: Some(b"guess".to_vec()), ..t.options.clone() };
    match listener::connect(&t.address, &options) {
        Ok(_) => "accepted!".into(),
        Err(e) => format!("refused: {e}"),
    }
}

fn no_key(t: &Target) -> String {
    let Ok(mut socket) = Socket::connect(&t.address) else { return "could not connect".into() };
    let frame =
        lab_12_pipe::frame::encode(&request("add", &(2i64, 3i64)), MAX_HANDSHAKE).expect("encodes");
    let _ = socket.write_all(&frame);
    until_closed(&mut socket)
}

fn garbage(t: &Target) -> String {
    let Ok(mut socket) = Socket::connect(&t.address) else { return "could not connect".into() };
    let mut bytes = vec![0u8; 1000];
    getrandom::fill(&mut bytes).expect("random bytes");
    bytes[..4].copy_from_slice(&[0xde, 0xad, 0xbe, 0xef]);
    let _ = socket.write_all(&bytes);
    until_closed(&mut socket)
}

fn long_answer(t: &Target) -> String {
    let Ok(socket) = Socket::connect(&t.address) else { return "could not connect".into() };
    let mut conn = Connection::new(socket, usize::MAX);
    match conn.recv_bytes_max(MAX_HANDSHAKE) {
        Ok(c) if c.starts_with(CHALLENGE) => {}
        other => return format!("no challenge: {other:?}"),
    }
    let _ = conn.send_bytes(&[0u8; 4096]);
    until_closed(conn.socket_mut())
}

fn huge_prefix(t: &Target) -> String {
    let mut conn = match authenticated(t) {
        Ok(c) => c,
        Err(e) => return e,
    };
    let _ = conn.socket_mut().write_all(&(3u32 << 30).to_le_bytes());
    let _ = conn.socket_mut().write_all(&[0u8; 1024]);
    until_closed(conn.socket_mut())
}

fn truncated(t: &Target) -> String {
    let mut conn = match authenticated(t) {
        Ok(c) => c,
        Err(e) => return e,
    };
    let _ = conn.socket_mut().write_all(&100u32.to_le_bytes());
    let _ = conn.socket_mut().write_all(&[1u8; 10]);
    if let Socket::Tcp(s) = conn.socket() {
        let _ = s.shutdown(std::net::Shutdown::Write);
    }
    until_closed(conn.socket_mut())
}

fn mid_frame(t: &Target) -> String {
    let mut conn = match authenticated(t) {
        Ok(c) => c,
        Err(e) => return e,
    };
    let _ = conn.socket_mut().write_all(&100u32.to_le_bytes());
    let _ = conn.socket_mut().write_all(&[1u8; 10]);
    drop(conn);
    "hung up (nothing to receive)".into()
}

fn silent(t: &Target) -> String {
    let Ok(mut socket) = Socket::connect(&t.address) else { return "could not connect".into() };
    until_closed(&mut socket)
}

fn dribble(t: &Target) -> String {
    let Ok(socket) = Socket::connect(&t.address) else { return "could not connect".into() };
    let mut conn = Connection::new(socket, usize::MAX);
    if conn.recv_bytes_max(MAX_HANDSHAKE).is_err() {
        return "no challenge".into();
    }
    // A 32-byte answer's frame, one byte every 50 ms: 1.8 s in all, each
    // byte well inside any per-read timeout.
    let mut frame = 32u32.to_le_bytes().to_vec();
    frame.extend([0u8; 32]);
    let start = Instant::now();
    for b in frame {
        if conn.socket_mut().write_all(&[b]).is_err() {
            return format!("closed by the server after {} of dribbling", ms(start));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    until_closed(conn.socket_mut())
}

/// Opens 16 connections that send nothing, more than the server has room
/// for, then connects a good client (with a patient handshake deadline of
/// its own) and times how long it took to be served: each silent
/// connection holds a slot only until the server's handshake deadline.
fn flood(t: &Target) -> String {
    let silent: Vec<Socket> = (0..16).filter_map(|_| Socket::connect(&t.address).ok()).collect();
    let start = Instant::now();
    let patient = Options { handshake_deadline: Duration::from_secs(20), ..t.options.clone() };
    let outcome = Proxy::connect(&t.address, &patient)
        .map_err(|e| e.to_string())
        .and_then(|mut p| p.call::<_, i64>("add", &(2i64, 3i64)).map_err(|e| e.to_string()));
    let took = ms(start);
    drop(silent);
    match outcome {
        Ok(5) => {
            format!("a good client got through after {took}, with {} silent connections open", 16)
        }
        Ok(other) => format!("a wrong answer: {other}"),
        Err(e) => format!("the good client failed after {took}: {e}"),
    }
}

/// Sends `request` as is and returns the server's reply, shown.
fn call_raw(t: &Target, request: &Request) -> String {
    let mut conn = match authenticated(t) {
        Ok(c) => c,
        Err(e) => return e,
    };
    if let Err(e) = conn.send(request) {
        return format!("could not send: {e}");
    }
    match conn.recv::<crate::registry::Reply>() {
        Ok(Ok(_)) => "a result!".into(),
        Ok(Err(e)) => format!("error reply: {e}"),
        Err(e) => format!("no reply: {e}"),
    }
}

fn not_a_request(t: &Target) -> String {
    let mut conn = match authenticated(t) {
        Ok(c) => c,
        Err(e) => return e,
    };
    let mut bytes = vec![0u8; 512];
    getrandom::fill(&mut bytes).expect("random bytes");
    bytes[0] = 0xff; // a string length that cannot fit: never a valid request
    bytes[1] = 0xff;
    let _ = conn.send_bytes(&bytes);
    match conn.recv::<crate::registry::Reply>() {
        Ok(Ok(_)) => "a result!".into(),
        Ok(Err(e)) => format!("error reply: {e}"),
        Err(e) => format!("no reply: {e}"),
    }
}

fn proxy_call<A: serde::Serialize>(t: &Target, method: &str, args: &A) -> String {
    let mut proxy = match Proxy::connect(&t.address, &t.options) {
        Ok(p) => p,
        Err(e) => return format!("could not even authenticate: {e}"),
    };
    match proxy.call::<A, i64>(method, args) {
        Ok(v) => format!("a result: {v}!"),
        Err(e) => format!("error reply: {e}"),
    }
}

fn unknown_method(t: &Target) -> String {
    proxy_call(t, "mul", &(2i64, 3i64))
}

fn wrong_types(t: &Target) -> String {
    proxy_call(t, "sub", &(vec![1i64, 2], 4i64))
}

fn lying_type(t: &Target) -> String {
    // Says (i64, i64) but carries a string and a number.
    let mut req = request("add", &(String::from("ab"), 3i64));
    req.arg_type = std::any::type_name::<(i64, i64)>().to_string();
    call_raw(t, &req)
}

fn failing(t: &Target) -> String {
    proxy_call(t, "div", &(1i64, 0i64))
}

fn panicking(t: &Target) -> String {
    let mut proxy = match Proxy::connect(&t.address, &t.options) {
        Ok(p) => p,
        Err(e) => return format!("could not even authenticate: {e}"),
    };
    match proxy.call::<(), ()>("boom", &()) {
        Ok(()) => "a result!".into(),
        Err(e) => format!("error reply: {e}"),
    }
}
