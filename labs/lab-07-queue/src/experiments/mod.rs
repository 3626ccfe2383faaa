//! The chapter's experiments, one module each, in the order they run. Each
//! measures, prints its table, writes its CSV and figures through the kit
//! and records the numbers the chapter quotes.
//!
//! | module | what it shows |
//! | --- | --- |
//! | [`throughput`] | items per second against capacity, for every rival; where the queue's time goes |
//! | [`backlog`] | how far the producer runs ahead of the consumer in an unbounded queue |
//! | [`solo`] | one thread putting and getting: the cost of an operation without contention |
//! | [`latency`] | the round trip of one item between two threads |
//! | [`timeouts`] | how late a timed `put` or `get` gives up |
//! | [`demo`] | the notebook's producer/consumer demo, ported so that it ends; `is_full`; a negative timeout |
//! | [`python`] | `queue.Queue` put/get at 1 producer / 1 consumer in CPython, beside this chapter's queue |
//! | [`stores`] | the same items through FIFO, LIFO and priority stores |
//! | [`broken`] | the two broken steps, run on real threads under a watchdog |
//! | [`panic_join`] | a worker that panics: `join` with `task_done` by hand, and with the `Task` guard |
//!
//! The last two leave deadlocked threads behind on purpose (blocked, using
//! no CPU, ended with the process), so they run last.

pub mod backlog;
pub mod broken;
pub mod demo;
pub mod latency;
pub mod panic_join;
pub mod python;
pub mod solo;
pub mod stores;
pub mod throughput;
pub mod timeouts;
pub mod waits;

/// What the experiments need besides the lab context.
pub struct Settings {
    /// Thread counts for the throughput experiment: `n` = n producers and n consumers.
    pub threads: Vec<usize>,
    /// Queue capacities for the throughput experiment, ascending.
    pub capacities: Vec<usize>,
    /// Round trips per rival in the latency experiment.
    pub rounds: usize,
    /// The Python 3 to compare with, or why there is none.
    pub python: labkit::python::Python,
}

/// `"12.3 M/s"`: a throughput in million items per second.
pub fn per_second(items_per_second: f64) -> String {
    format!("{:.2} M/s", items_per_second / 1e6)
}
