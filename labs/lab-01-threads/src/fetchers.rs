//! Fetching a list of URLs three ways, each returning one result per URL,
//! in the order of the list:
//!
//! 1. [`sequential`]: one after another, on the calling thread.
//! 2. [`thread_per_url`]: `std::thread::spawn` and `join`. A spawned thread
//!    may outlive the function that started it, so it can borrow nothing:
//!    each gets its own copy of the URL and a clone of the agent (`'static`
//!    data, moved in).
//! 3. [`scoped_per_url`]: `std::thread::scope`. The scope waits for its
//!    threads before it returns, so they may borrow the caller's list and
//!    agent instead.
//!
//! The fixed pool of workers sharing one list and one output file, the
//! notebook's own pattern, is in `workers.rs`.

use crate::client::{FetchError, fetch};
use ureq::Agent;

/// What fetching one URL gave: its body, or why there is none.
pub type Fetched = Result<Vec<u8>, FetchError>;

// ANCHOR: sequential
/// Fetches each URL in turn. The time is the sum of the latencies.
pub fn sequential(agent: &Agent, urls: &[String]) -> Vec<Fetched> {
    urls.iter().map(|url| fetch(agent, url)).collect()
}
// ANCHOR_END: sequential

// ANCHOR: thread_per_url
/// Starts one thread per URL with `spawn`, then joins them all in order.
pub fn thread_per_url(agent: &Agent, urls: &[String]) -> Vec<Fetched> {
    let handles: Vec<_> = urls
        .iter()
        .map(|url| {
            // `spawn` wants 'static data: give the thread its own copies.
            let (agent, url) = (agent.clone(), url.clone());
            std::thread::spawn(move || fetch(&agent, &url))
        })
        .collect();
    // `join` is Err if the thread panicked: report it as a failed fetch.
    handles.into_iter().map(|h| h.join().unwrap_or(Err(FetchError::Panicked))).collect()
}
// ANCHOR_END: thread_per_url

// ANCHOR: scoped_per_url
/// Starts one scoped thread per URL; the threads borrow `agent` and `urls`.
pub fn scoped_per_url(agent: &Agent, urls: &[String]) -> Vec<Fetched> {
    std::thread::scope(|s| {
        let handles: Vec<_> = urls.iter().map(|url| s.spawn(move || fetch(agent, url))).collect();
        handles.into_iter().map(|h| h.join().unwrap_or(Err(FetchError::Panicked))).collect()
    })
}
// ANCHOR_END: scoped_per_url
