//! `Listener` and `Client`: where a connection starts, and its handshake.
//!
//! Python's `Listener(address, authkey=key).accept()` and
//! `Client(address, authkey=key)`. With a key, the connection is handed
//! over only after both sides have proved they know it (`auth.rs`); without
//! one, anybody who can reach the address can talk.

use crate::connection::{Connection, DEFAULT_MAX_FRAME};
use crate::errors::ConnError;
use crate::socket::{Address, Socket};
use std::io;
use std::net::TcpListener;
use std::os::unix::net::UnixListener;
use std::time::{Duration, Instant};

/// How a side of a connection behaves.
#[derive(Debug, Clone)]
pub struct Options {
    /// The shared secret; `None` skips the handshake (Python's `authkey=None`).
    pub key: Option<Vec<u8>>,
    /// The largest message accepted.
    pub max_frame: usize,
    /// How long the peer may take over the whole handshake.
    pub handshake_deadline: Duration,
}

impl Options {
    /// A key, 1 MiB frames, 2 s for the whole handshake.
    pub fn with_key(key: &[u8]) -> Options {
        Options {
            key: Some(key.to_vec()),
            max_frame: DEFAULT_MAX_FRAME,
            handshake_deadline: Duration::from_secs(2),
        }
    }

    /// No key: no handshake.
    pub fn no_key() -> Options {
        Options { key: None, ..Options::with_key(b"") }
    }
}

/// A socket accepting connections.
#[derive(Debug)]
pub enum Listener {
    /// On 127.0.0.1.
    Tcp(TcpListener),
    /// On a socket file.
    Unix(UnixListener),
}

impl Listener {
    /// Listens on `address` (TCP port 0 picks a free port; see [`Listener::address`]).
    pub fn bind(address: &Address) -> io::Result<Listener> {
        Ok(match address {
            Address::Tcp(a) => Listener::Tcp(TcpListener::bind(a)?),
            Address::Unix(p) => Listener::Unix(UnixListener::bind(p)?),
        })
    }

    /// The address clients connect to.
    pub fn address(&self) -> io::Result<Address> {
        Ok(match self {
            Listener::Tcp(l) => Address::Tcp(l.local_addr()?),
            Listener::Unix(l) => {
                let path = l.local_addr()?.as_pathname().map(|p| p.to_path_buf());
                Address::Unix(path.ok_or_else(|| io::Error::other("an unnamed Unix socket"))?)
            }
        })
    }

    /// The next connection, before any handshake.
    pub fn accept_socket(&self) -> io::Result<Socket> {
        Ok(match self {
            Listener::Tcp(l) => {
                let (s, _) = l.accept()?;
                s.set_nodelay(true)?;
                Socket::Tcp(s)
            }
            Listener::Unix(l) => Socket::Unix(l.accept()?.0),
        })
    }
}

// ANCHOR: accept
/// The server's side of a new connection: the handshake (if there is a
/// key) under a deadline, then the connection with no deadline.
pub fn accept(socket: Socket, options: &Options) -> Result<Connection, ConnError> {
    let mut conn = Connection::new(socket, options.max_frame);
    if let Some(key) = &options.key {
        conn.set_deadline(Some(Instant::now() + options.handshake_deadline))?;
        conn.authenticate_as_server(key)?;
        conn.set_deadline(None)?;
    }
    Ok(conn)
}

/// Connects to `address` and runs the client's side of the handshake.
pub fn connect(address: &Address, options: &Options) -> Result<Connection, ConnError> {
    let socket = Socket::connect(address)?;
    let mut conn = Connection::new(socket, options.max_frame);
    if let Some(key) = &options.key {
        conn.set_deadline(Some(Instant::now() + options.handshake_deadline))?;
        conn.authenticate_as_client(key)?;
        conn.set_deadline(None)?;
    }
    Ok(conn)
}
// ANCHOR_END: accept
