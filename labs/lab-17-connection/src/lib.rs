//! Chapter 17: connections that check who is on the other end, and the
//! echo and RPC servers of the notebook built on them.
//!
//! | module | what it holds |
//! | --- | --- |
//! | [`auth`] | the HMAC challenge and answer, both ways, compared in constant time (an exercise) |
//! | [`socket`] | TCP on 127.0.0.1, Unix sockets and pipe pairs behind one type |
//! | [`connection`] | whole messages: chapter 12's bounded frames, postcard-encoded serde values |
//! | [`listener`] | `Listener`/`Client`: the handshake under a deadline |
//! | [`server`] | a thread per client, a bound on clients, a log of how each connection ended |
//! | [`echo`] | the notebook's echo server |
//! | [`registry`] | functions by name, called with typed arguments; errors, never panics (an exercise) |
//! | [`rpc`] | the RPC server and its proxy |
//! | [`errors`] | every way a connection fails, named |
//! | [`experiments`] | what the lab measures |
//!
//! `src/main.rs` parses the options and runs the experiments in turn.

pub mod auth;
pub mod connection;
pub mod echo;
pub mod errors;
pub mod experiments;
pub mod listener;
pub mod registry;
pub mod rpc;
pub mod server;
pub mod socket;
