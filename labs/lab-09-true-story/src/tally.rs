//! What a run did with every profile. Each profile ends up in exactly one
//! count, so the counts always add up to the corpus: a request that fails
//! or times out is counted, never lost.

use std::ops::AddAssign;

/// The counts of one run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    /// Profiles refreshed: the request succeeded.
    pub refreshed: usize,
    /// Profiles that did not need a request.
    pub skipped: usize,
    /// Requests answered with an error status.
    pub failed: usize,
    /// Requests with no answer in time.
    pub timed_out: usize,
    /// Requests the service refused for coming too fast (HTTP 429).
    pub rate_limited: usize,
}

impl Tally {
    /// Every profile counted.
    pub fn total(&self) -> usize {
        self.refreshed + self.skipped + self.failed + self.timed_out + self.rate_limited
    }

    /// Profiles that needed a request.
    pub fn requested(&self) -> usize {
        self.refreshed + self.failed + self.timed_out + self.rate_limited
    }
}

impl AddAssign for Tally {
    fn add_assign(&mut self, other: Tally) {
        self.refreshed += other.refreshed;
        self.skipped += other.skipped;
        self.failed += other.failed;
        self.timed_out += other.timed_out;
        self.rate_limited += other.rate_limited;
    }
}
