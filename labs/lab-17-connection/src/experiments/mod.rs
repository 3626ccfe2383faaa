//! The chapter's experiments, one module each, in the order they run.
//!
//! | module | what it shows |
//! | --- | --- |
//! | [`handshake`] | what a connection costs with and without the key's handshake, TCP and Unix |
//! | [`echo`] | the echo round trip over a Unix socket, TCP on 127.0.0.1 and a pipe pair, with Python's beside it |
//! | [`rpc`] | RPC calls per second against the number of clients |
//! | [`attacks`] | bad input of every kind against a running RPC server: what each got, and the server still serving |
//! | [`attacks_list`] | the bad inputs themselves (the tests run the same list); each attacker is a function in `attackers.rs` |
//!
//! Every server binds to 127.0.0.1 or to a socket file in a temporary
//! directory that the kit removes on every way out (`labkit::process::TempDir`).

mod attackers;
pub mod attacks;
pub mod attacks_list;
pub mod echo;
pub mod handshake;
pub mod rpc;

use crate::socket::Address;
use labkit::python::Python;
use std::path::Path;

/// The key every experiment's server and clients share (the notebook's).
pub const KEY: &[u8] = b"peekaboo";

/// What the experiments need besides the lab context.
pub struct Settings {
    /// Message sizes for the echo round trips, in bytes, ascending.
    pub sizes: Vec<usize>,
    /// Client counts for the RPC experiment, ascending.
    pub clients: Vec<usize>,
    /// The Python to compare with.
    pub python: Python,
}

/// A Unix socket address `name` inside `dir`.
pub fn unix_in(dir: &Path, name: &str) -> Address {
    Address::Unix(dir.join(name))
}

/// `"16 B"`, `"4 KiB"`: a message size.
pub fn size_name(bytes: usize) -> String {
    match bytes {
        b if b >= 1 << 20 && b % (1 << 20) == 0 => format!("{} MiB", b >> 20),
        b if b >= 1 << 10 && b % (1 << 10) == 0 => format!("{} KiB", b >> 10),
        b => format!("{b} B"),
    }
}
