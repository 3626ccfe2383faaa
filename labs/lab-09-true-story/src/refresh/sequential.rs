//! Version 1: one loop over the profiles, pacing its requests with a sleep
//! of 1/170 s after each, as the notebook's first refresher does.

use crate::corpus::Corpus;
use crate::service::Service;
use crate::tally::Tally;
use std::time::Duration;

/// The notebook's pause after each request.
pub const PACE: Duration = Duration::from_nanos(1_000_000_000 / 170);

// ANCHOR: sequential
/// Refreshes every profile in turn, sleeping `pace` after each request.
pub fn run(corpus: &Corpus, service: &Service, pace: Duration) -> anyhow::Result<Tally> {
    let mut tally = Tally::default();
    for profile in corpus.profiles() {
        let one = service.refresh(&profile?);
        if one.requested() > 0 {
            std::thread::sleep(pace);
        }
        tally += one;
    }
    Ok(tally)
}
// ANCHOR_END: sequential
