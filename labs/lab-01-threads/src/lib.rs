//! Lab 01: threads. The notebook's `FetchUrls` done right, against a local
//! HTTP server, and CPU-bound threads in Rust and in Python.
//!
//! | module | what it holds |
//! | --- | --- |
//! | [`server`] | a real HTTP server (hyper on a one-thread tokio runtime) on 127.0.0.1 with a latency and body size per request |
//! | [`client`] | one fetch with a real HTTP client (ureq), and why it failed |
//! | [`fetchers`] | a list of URLs fetched sequentially, a thread per URL with `spawn`, and with scoped threads |
//! | [`workers`] | the notebook's pattern made correct: workers sharing one list and one output file |
//! | [`output`] | the output file's records, and reading them back to check them |
//! | [`model`] | the latency model: the ideal wall time of N fetches on w workers |
//! | [`pool`] | a bounded pool that keeps results in order (exercise `01-worker-pool`) |
//! | [`primes`] | CPU-bound work split between scoped threads (exercise `01-scoped-primes`) |
//! | [`experiments`] | fetch strategies, wall time against workers, errors, CPU-bound threads |
//!
//! `src/main.rs` parses the options and runs the experiments in turn. The
//! Python scripts in `python/` run through `labkit::python`.
//!
//! The two listings the chapter shows failing to compile are checked twice:
//! as doctests below (`cargo test -p lab-01-threads --doc` fails if either
//! compiles; rustdoc checks the error code only on nightly), and by
//! `tests/listings.rs`, which compiles each with `rustc` and checks that it
//! fails with exactly the errors the chapter explains.

pub mod client;
pub mod experiments;
pub mod fetchers;
pub mod model;
pub mod output;
pub mod pool;
pub mod primes;
pub mod server;
pub mod workers;

/// `listings/unlocked_list.rs`: the notebook's two threads sharing a list
/// and a file, with `thread::spawn`. It must not compile: E0373, a spawned
/// thread may outlive `main`'s `urls` and `output`, so it cannot borrow them.
#[doc = concat!("```compile_fail,E0373\n", include_str!("../listings/unlocked_list.rs"), "\n```")]
pub struct UnlockedListDoesNotCompile;

/// `listings/unlocked_scoped.rs`: the same with scoped threads. It must not
/// compile either: E0499, two threads cannot both borrow `urls` mutably.
#[doc = concat!("```compile_fail,E0499\n", include_str!("../listings/unlocked_scoped.rs"), "\n```")]
pub struct UnlockedScopedDoesNotCompile;
