//! The notebook's echo server: every message comes back as it was sent.

use crate::connection::Connection;
use crate::listener::Options;
use crate::server::{Handler, Server};
use crate::socket::Address;
use std::sync::Arc;

// ANCHOR: echo
/// Starts an echo server on `address` for at most `max_clients` at a time.
pub fn serve(address: &Address, options: Options, max_clients: usize) -> std::io::Result<Server> {
    let handler: Handler = Arc::new(|conn: &mut Connection| {
        let mut message = Vec::new();
        loop {
            message.clear();
            message.extend_from_slice(conn.recv_bytes()?);
            conn.send_bytes(&message)?;
        }
    });
    Server::start(address, options, max_clients, handler)
}
// ANCHOR_END: echo

/// Echoes on one connection until the peer hangs up (for a pipe pair,
/// which has no listener).
pub fn echo_until_closed(conn: &mut Connection) {
    let mut message = Vec::new();
    while let Ok(bytes) = conn.recv_bytes() {
        message.clear();
        message.extend_from_slice(bytes);
        if conn.send_bytes(&message).is_err() {
            break;
        }
    }
}
