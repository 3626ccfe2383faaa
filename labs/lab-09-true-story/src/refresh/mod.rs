//! The three versions of the refresher, one module each, and the parts
//! the queue version is made of.
//!
//! | module | what it holds |
//! | --- | --- |
//! | [`sequential`] | version 1: one loop, a `sleep(1/170)` after each request |
//! | [`pool`] | version 2: chapter 08's pool, `imap_unordered` with a large chunk size |
//! | [`queue`] | version 3: a bounded queue of chunks, sentinels, a liveness check, `join` |
//! | [`worker`] | a worker's loop: chunks until its sentinel |
//! | [`feed`] | a put that looks at the workers while it waits, instead of hanging |
//! | [`crew`] | version 3's workers: started, checked, stopped and joined together |
//! | [`polling`] | version 3 ended the notebook's way, `while qsize(): sleep()`, to measure it |
//! | [`progress`] | profiles read, done, and the most held in between |

pub mod crew;
pub mod feed;
pub mod polling;
pub mod pool;
pub mod progress;
pub mod queue;
pub mod sequential;
pub mod worker;

pub use progress::Progress;

use crate::corpus::Profile;
use crate::tally::Tally;
use std::time::Duration;

/// What handles one profile: a request to the service, or a test's stand-in.
pub type Refresh = dyn Fn(&Profile) -> Tally + Send + Sync;

/// What travels on version 3's queue: a chunk of profiles, or the sentinel.
pub type Item = Option<Vec<Profile>>;

/// A finished run.
#[derive(Debug, Clone, Copy)]
pub struct Run {
    /// What was done with every profile.
    pub tally: Tally,
    /// The most profiles read but not yet done at any moment.
    pub peak_in_flight: usize,
    /// How long after the last profile was done the run returned.
    pub after_last: Duration,
}
