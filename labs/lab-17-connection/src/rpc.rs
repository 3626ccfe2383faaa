//! The RPC server and its proxy: the notebook's `RPCServer` and `RPCProxy`.
//!
//! The server is [`crate::server::Server`] with a handler that reads a
//! [`Request`], runs it through the [`Registry`] and sends the [`Reply`]
//! back, until the client hangs up. A request that does not even decode is
//! answered with an error too, and the connection goes on: the client
//! learns what was wrong. The proxy turns `proxy.call("add", &(2, 3))`
//! into one request and one reply.

use crate::connection::Connection;
use crate::errors::ConnError;
use crate::listener::{self, Options};
use crate::registry::{Registry, Reply, Request, RpcError, request};
use crate::server::{Handler, Server};
use crate::socket::Address;
use serde::{Serialize, de::DeserializeOwned};
use std::sync::Arc;

// ANCHOR: serve
/// Starts an RPC server offering `registry`'s functions.
pub fn serve(
    address: &Address,
    options: Options,
    max_clients: usize,
    registry: Registry,
) -> std::io::Result<Server> {
    let registry = Arc::new(registry);
    let handler: Handler = Arc::new(move |conn: &mut Connection| {
        loop {
            let reply: Reply = match conn.recv::<Request>() {
                Ok(req) => registry.call(&req),
                Err(ConnError::Frame(lab_12_pipe::FrameError::Decode(e))) => {
                    Err(RpcError::BadArguments {
                        method: "(no method)".into(),
                        why: format!("not a request: {e}"),
                    })
                }
                Err(other) => return Err(other),
            };
            conn.send(&reply)?;
        }
    });
    Server::start(address, options, max_clients, handler)
}
// ANCHOR_END: serve

/// Why a call through the proxy failed.
#[derive(Debug)]
pub enum CallError {
    /// The server answered with an error.
    Remote(RpcError),
    /// The connection failed.
    Connection(ConnError),
}

impl std::fmt::Display for CallError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CallError::Remote(e) => write!(f, "the server said: {e}"),
            CallError::Connection(e) => write!(f, "the call did not complete: {e}"),
        }
    }
}

impl std::error::Error for CallError {}

impl From<ConnError> for CallError {
    fn from(e: ConnError) -> Self {
        CallError::Connection(e)
    }
}

// ANCHOR: proxy
/// A client of an RPC server.
pub struct Proxy {
    /// The authenticated connection to the server.
    conn: Connection,
}

impl Proxy {
    /// Connects and authenticates.
    pub fn connect(address: &Address, options: &Options) -> Result<Proxy, ConnError> {
        Ok(Proxy { conn: listener::connect(address, options)? })
    }

    /// Calls `method` with `args` and waits for its result.
    pub fn call<A: Serialize, R: DeserializeOwned>(
        &mut self,
        method: &str,
        args: &A,
    ) -> Result<R, CallError> {
        self.conn.send(&request(method, args))?;
        let reply: Reply = self.conn.recv()?;
        let bytes = reply.map_err(CallError::Remote)?;
        postcard::from_bytes(&bytes).map_err(|e| {
            CallError::Connection(ConnError::Frame(lab_12_pipe::FrameError::Decode(e)))
        })
    }

    /// The connection itself, to send raw bytes in the bad-input tests.
    pub fn connection(&mut self) -> &mut Connection {
        &mut self.conn
    }
}
// ANCHOR_END: proxy

/// The notebook's two functions, and two that fail.
pub fn arithmetic() -> Registry {
    let mut r = Registry::new();
    r.register("add", |(x, y): (i64, i64)| x.checked_add(y).ok_or_else(|| "overflow".to_string()));
    r.register("sub", |(x, y): (i64, i64)| x.checked_sub(y).ok_or_else(|| "overflow".to_string()));
    r.register("div", |(x, y): (i64, i64)| {
        x.checked_div(y).ok_or_else(|| format!("cannot divide {x} by {y}"))
    });
    r.register("boom", |(): ()| -> Result<(), String> { panic!("boom was called") });
    r
}
