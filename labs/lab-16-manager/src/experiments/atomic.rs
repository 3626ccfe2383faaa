//! The shared-memory rival of experiment 2: `fetch_add(1)` on one word of
//! a shared mapping, by this process and a forked helper at once.

use crate::shared::SharedWords;
use labkit::LabContext;
use labkit::process::fork_child;
use std::sync::atomic::Ordering;

// ANCHOR: atomic
/// `fetch_add(1)` on one shared word by this process and a forked helper,
/// half the units each. The helper is forked once; each sample starts a
/// round by writing its size and number (words 1 and 2) and waits for the
/// helper to mark the round done (word 3). Word 0 is the counter.
pub fn two_processes(ctx: &LabContext) -> anyhow::Result<labkit::measure::PerUnit> {
    const STOP: u64 = u64::MAX;
    let words = SharedWords::new()?;
    let (counter, size, round, done) = (words.get(0), words.get(1), words.get(2), words.get(3));
    let mut helper = fork_child(|| {
        let mut seen = 0;
        loop {
            let r = round.load(Ordering::Acquire);
            if r == STOP {
                return 0;
            }
            if r == seen {
                std::thread::yield_now();
                continue;
            }
            for _ in 0..size.load(Ordering::Relaxed) {
                counter.fetch_add(1, Ordering::Relaxed);
            }
            seen = r;
            done.store(r, Ordering::Release);
        }
    })?;
    let mut rounds = 0;
    let per = ctx.sample_units(|n| {
        let half = n.div_ceil(2);
        rounds += 1;
        size.store(half, Ordering::Relaxed);
        round.store(rounds, Ordering::Release);
        for _ in 0..half {
            counter.fetch_add(1, Ordering::Relaxed);
        }
        while done.load(Ordering::Acquire) != rounds {
            std::thread::yield_now();
        }
    });
    round.store(STOP, Ordering::Release);
    helper.wait()?;
    Ok(per)
}
// ANCHOR_END: atomic
