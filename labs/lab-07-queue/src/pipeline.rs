//! The two workloads every rival runs: a stream of items from producers to
//! consumers (throughput), and one item bouncing between two threads
//! (hand-off latency).

use crate::rivals::Rival;
use crate::waiting::Counters;
use std::time::{Duration, Instant};

/// What one stream run reports besides its time.
#[derive(Clone, Copy, Debug)]
pub struct Streamed {
    /// The sum of every item received (checked against the items sent).
    pub sum: u64,
    /// How often threads waited, for the rivals that count it (this chapter's queue).
    pub counters: Option<Counters>,
}

// ANCHOR: stream
/// Sends `0..items` from `producers` threads to `consumers` threads
/// through a new `rival` channel of `capacity`, and checks that every item
/// arrived exactly once (by their sum). `items` must be a multiple of both
/// thread counts.
pub fn stream(
    rival: Rival,
    capacity: usize,
    producers: usize,
    consumers: usize,
    items: u64,
) -> Streamed {
    assert!(items.is_multiple_of(producers as u64) && items.is_multiple_of(consumers as u64));
    let (tx, rx) = rival.pipe(capacity);
    let per_consumer = items / consumers as u64;
    let total = std::thread::scope(|s| {
        for p in 0..producers as u64 {
            let tx = tx.clone();
            // Producer p sends p, p + producers, p + 2·producers, ...
            s.spawn(move || (p..items).step_by(producers).for_each(|x| tx.send(x)));
        }
        let sums: Vec<_> = (0..consumers)
            .map(|_| {
                let rx = rx.clone();
                s.spawn(move || (0..per_consumer).map(|_| rx.recv()).sum::<u64>())
            })
            .collect();
        sums.into_iter().map(|h| h.join().expect("a consumer panicked")).sum::<u64>()
    });
    assert_eq!(total, items * (items - 1) / 2, "{}: items lost or duplicated", rival.name());
    Streamed { sum: total, counters: rx.counters() }
}
// ANCHOR_END: stream

/// The smallest item count of at least `items` that `producers` and
/// `consumers` threads can share evenly.
pub fn round_items(items: u64, producers: usize, consumers: usize) -> u64 {
    let lcm = num_lcm(producers as u64, consumers as u64);
    items.div_ceil(lcm).max(1) * lcm
}

fn num_lcm(a: u64, b: u64) -> u64 {
    let gcd = |mut a: u64, mut b: u64| {
        while b != 0 {
            (a, b) = (b, a % b);
        }
        a
    };
    a / gcd(a, b) * b
}

// ANCHOR: ping_pong
/// Bounces one item `rounds` times between this thread and an echo thread,
/// through two `rival` channels of capacity 1, and returns each round
/// trip's time: two hand-offs, each a put on one side and a get on the other.
pub fn ping_pong(rival: Rival, rounds: usize) -> Vec<Duration> {
    let (to_echo, echo_in) = rival.pipe(1);
    let (echo_out, back) = rival.pipe(1);
    std::thread::scope(|s| {
        s.spawn(move || {
            for _ in 0..rounds {
                echo_out.send(echo_in.recv());
            }
        });
        (0..rounds as u64)
            .map(|i| {
                let start = Instant::now();
                to_echo.send(i);
                assert_eq!(back.recv(), i, "the echo returned another item");
                start.elapsed()
            })
            .collect()
    })
}
// ANCHOR_END: ping_pong

#[cfg(all(test, not(any(feature = "loom", feature = "shuttle"))))]
mod tests {
    use super::*;

    #[test]
    fn every_rival_streams_every_item_once() {
        for rival in Rival::BOUNDED.into_iter().chain(Rival::UNBOUNDED) {
            for (p, c, cap) in [(1, 1, 1), (2, 3, 4), (3, 2, 64)] {
                stream(rival, cap, p, c, round_items(3000, p, c));
            }
        }
    }

    #[test]
    fn every_rival_echoes_in_order() {
        for rival in Rival::BOUNDED.into_iter().chain(Rival::UNBOUNDED) {
            assert_eq!(ping_pong(rival, 200).len(), 200);
        }
    }

    #[test]
    fn item_counts_are_shared_evenly() {
        assert_eq!(round_items(1000, 2, 3), 1002);
        assert_eq!(round_items(1000, 4, 4), 1000);
        assert_eq!(round_items(1, 1, 1), 1);
    }
}
