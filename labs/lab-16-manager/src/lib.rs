//! Chapter 16: a manager built by hand. A server process owns a list and a
//! map; other processes hold proxies whose methods are calls over a Unix
//! socket, each a serde request in one of chapter 12's frames.
//!
//! | module | what it holds |
//! | --- | --- |
//! | [`protocol`] | the values, requests and replies that travel |
//! | [`state`] | the manager's objects and what each request does to them (an exercise) |
//! | [`batch`] | many requests in one message (an exercise) |
//! | [`server`] | the manager process: a thread per client, the state under one lock |
//! | [`proxy`] | the client side: `ListProxy`, `MapProxy`, and the errors a caller sees |
//! | [`shared`] | a counter in a shared mapping, the shared-memory rival |
//! | [`experiments`] | what the lab measures |
//!
//! `src/main.rs` parses the options and runs the experiments in turn.

// The exercise files name this crate as `lab_16_manager::...`, as a
// student's copy (a crate of its own that depends on the lab) does.
extern crate self as lab_16_manager;

pub mod batch;
pub mod experiments;
pub mod protocol;
pub mod proxy;
pub mod server;
pub mod shared;
pub mod state;
