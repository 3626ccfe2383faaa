//! The three versions of the refresher, one module each.
//!
//! | module | the notebook's version |
//! | --- | --- |
//! | [`sequential`] | one loop, a `sleep(1/170)` after each request |
//! | [`pool`] | `ThreadPool(n).imap_unordered(update, profiles, chunksize=1000)`, on chapter 08's pool |
//! | [`queue`] | a bounded queue of chunks, a sentinel per worker, `join` instead of polling `qsize()` |

pub mod pool;
pub mod queue;
pub mod sequential;
