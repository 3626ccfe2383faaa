//! The latency model: how long fetching should take, if threads cost nothing.
//!
//! `n` URLs that each take a latency `L` to answer, fetched by `w` workers
//! that each take the next URL as soon as they are free: every "round" of
//! `w` fetches overlaps completely, and there are `⌈n / w⌉` rounds. Each
//! request also costs a little work that does not overlap with waiting,
//! the overhead `o` (measured by the lab at latency 0), so
//!
//! ```text
//! wall time ≈ ⌈n / w⌉ · (L + o)
//! ```
//!
//! More workers than URLs cannot help: the time never drops below one round.

use std::time::Duration;

// ANCHOR: ideal
/// The ideal wall time of `urls` fetches of `latency` each (plus `overhead`)
/// on `workers` workers: `⌈urls / workers⌉ · (latency + overhead)`.
pub fn ideal_wall_time(
    urls: usize,
    workers: usize,
    latency: Duration,
    overhead: Duration,
) -> Duration {
    let rounds = urls.div_ceil(workers.max(1));
    (latency + overhead) * rounds as u32
}
// ANCHOR_END: ideal

#[cfg(test)]
mod tests {
    use super::*;

    const MS: Duration = Duration::from_millis(1);

    #[test]
    fn rounds_are_rounded_up() {
        assert_eq!(ideal_wall_time(32, 1, 20 * MS, Duration::ZERO), 640 * MS);
        assert_eq!(ideal_wall_time(32, 8, 20 * MS, Duration::ZERO), 80 * MS);
        assert_eq!(ideal_wall_time(32, 5, 20 * MS, Duration::ZERO), 140 * MS, "7 rounds");
        assert_eq!(ideal_wall_time(32, 64, 20 * MS, MS), 21 * MS, "never below one round");
        assert_eq!(ideal_wall_time(0, 4, 20 * MS, MS), Duration::ZERO);
    }
}
