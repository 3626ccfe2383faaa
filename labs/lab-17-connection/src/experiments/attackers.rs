//! The attackers of experiment 4, one small function each: it plays the
//! bad client against the server at `Target` and says what it got back.

use super::attacks_list::Target;
use crate::auth::{CHALLENGE, MAX_HANDSHAKE};
use crate::connection::Connection;
use crate::listener::{self, Options};
use crate::registry::{Request, request};
use crate::rpc::Proxy;
use crate::socket::Socket;
use std::io::{Read, Write};
use std::time::{Duration, Instant};

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

pub(super) fn wrong_key(t: &Target) -> String {
    let options = Options { key: Some(b"guess".to_vec()), ..t.options.clone() };
    match listener::connect(&t.address, &options) {
        Ok(_) => "accepted!".into(),
        Err(e) => format!("refused: {e}"),
    }
}

pub(super) fn no_key(t: &Target) -> String {
    let Ok(mut socket) = Socket::connect(&t.address) else { return "could not connect".into() };
    let frame =
        lab_12_pipe::frame::encode(&request("add", &(2i64, 3i64)), MAX_HANDSHAKE).expect("encodes");
    let _ = socket.write_all(&frame);
    until_closed(&mut socket)
}

pub(super) fn garbage(t: &Target) -> String {
    let Ok(mut socket) = Socket::connect(&t.address) else { return "could not connect".into() };
    let mut bytes = vec![0u8; 1000];
    getrandom::fill(&mut bytes).expect("random bytes");
    bytes[..4].copy_from_slice(&[0xde, 0xad, 0xbe, 0xef]);
    let _ = socket.write_all(&bytes);
    until_closed(&mut socket)
}

pub(super) fn long_answer(t: &Target) -> String {
    let Ok(socket) = Socket::connect(&t.address) else { return "could not connect".into() };
    let mut conn = Connection::new(socket, usize::MAX);
    match conn.recv_bytes_max(MAX_HANDSHAKE) {
        Ok(c) if c.starts_with(CHALLENGE) => {}
        other => return format!("no challenge: {other:?}"),
    }
    let _ = conn.send_bytes(&[0u8; 4096]);
    until_closed(conn.socket_mut())
}

pub(super) fn huge_prefix(t: &Target) -> String {
    let mut conn = match authenticated(t) {
        Ok(c) => c,
        Err(e) => return e,
    };
    let _ = conn.socket_mut().write_all(&(3u32 << 30).to_le_bytes());
    let _ = conn.socket_mut().write_all(&[0u8; 1024]);
    until_closed(conn.socket_mut())
}

pub(super) fn truncated(t: &Target) -> String {
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

pub(super) fn mid_frame(t: &Target) -> String {
    let mut conn = match authenticated(t) {
        Ok(c) => c,
        Err(e) => return e,
    };
    let _ = conn.socket_mut().write_all(&100u32.to_le_bytes());
    let _ = conn.socket_mut().write_all(&[1u8; 10]);
    drop(conn);
    "hung up (nothing to receive)".into()
}

pub(super) fn silent(t: &Target) -> String {
    let Ok(mut socket) = Socket::connect(&t.address) else { return "could not connect".into() };
    until_closed(&mut socket)
}

pub(super) fn dribble(t: &Target) -> String {
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
/// for, then connects a good client with the default options (a 2 s
/// handshake deadline of its own) and times how long it took to be
/// served. Each silent connection holds a slot until the server's
/// handshake deadline, so the good client waits about
/// (16 / slots) x that deadline, and gives up if that is past its own.
pub(super) fn flood(t: &Target) -> String {
    let silent: Vec<Socket> = (0..16).filter_map(|_| Socket::connect(&t.address).ok()).collect();
    let start = Instant::now();
    let default = Options::with_key(b"");
    let client = Options { handshake_deadline: default.handshake_deadline, ..t.options.clone() };
    let outcome = Proxy::connect(&t.address, &client)
        .map_err(|e| e.to_string())
        .and_then(|mut p| p.call::<_, i64>("add", &(2i64, 3i64)).map_err(|e| e.to_string()));
    let took = ms(start);
    drop(silent);
    match outcome {
        Ok(5) => format!(
            "a good client (default {} s deadline) got through after {took}, with 16 silent connections open",
            default.handshake_deadline.as_secs()
        ),
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

pub(super) fn not_a_request(t: &Target) -> String {
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

pub(super) fn unknown_method(t: &Target) -> String {
    proxy_call(t, "mul", &(2i64, 3i64))
}

pub(super) fn wrong_types(t: &Target) -> String {
    proxy_call(t, "sub", &(vec![1i64, 2], 4i64))
}

pub(super) fn lying_type(t: &Target) -> String {
    // Says (i64, i64) but carries a string and a number.
    let mut req = request("add", &(String::from("ab"), 3i64));
    req.arg_type = std::any::type_name::<(i64, i64)>().to_string();
    call_raw(t, &req)
}

pub(super) fn failing(t: &Target) -> String {
    proxy_call(t, "div", &(1i64, 0i64))
}

pub(super) fn panicking(t: &Target) -> String {
    let mut proxy = match Proxy::connect(&t.address, &t.options) {
        Ok(p) => p,
        Err(e) => return format!("could not even authenticate: {e}"),
    };
    match proxy.call::<(), ()>("boom", &()) {
        Ok(()) => "a result!".into(),
        Err(e) => format!("error reply: {e}"),
    }
}
