//! The notebook's producer/consumer demo, ported so that it ends.
//!
//! Producers put random integers into a bounded queue, pausing between
//! puts (the notebook sleeps a second; here 5 ms); consumers get them,
//! print them, take 15 ms over each (so they are slower than the producers
//! and the queue fills up) and call `task_done`. The notebook's loops never end; here
//! each producer puts a fixed number of items, the main thread waits for
//! every item to be processed with `join`, and then puts one poison pill
//! (`None`) per consumer. Before each put a producer asks `is_full()`,
//! Python's `full()`, which may be stale by the time it acts on it.
//! The run also shows what a negative timeout becomes in Rust.

use crate::queue::Queue;
use labkit::LabContext;
use labkit::claim::Claim;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// Items each producer puts.
const PER_PRODUCER: u64 = 6;
/// A producer's pause between puts.
const PRODUCE: Duration = Duration::from_millis(5);
/// A consumer's time over each item: longer, so the queue fills.
const CONSUME: Duration = Duration::from_millis(15);

/// Runs the demo, prints what each thread did, and checks that every item
/// put was got once.
pub fn run(ctx: &mut LabContext) -> anyhow::Result<()> {
    println!("The notebook's producers and consumers, 2 of each, a queue of capacity 2:");
    let (got, sum, put_sum, full_seen) = demo(ctx.seed, 2, 2);
    println!();
    let expected = 2 * PER_PRODUCER;
    ctx.claim(
        "demo-all-got",
        Claim::fact(
            "every item the producers put was got and marked done exactly once",
            got == expected && sum == put_sum,
            format!("{got} of {expected} items got, sums {sum} and {put_sum}"),
        ),
    );
    ctx.record_result(
        "demo-full-seen",
        full_seen.to_string(),
        "demo: puts that found the queue full first",
    );
    ctx.claim(
        "demo-queue-filled",
        Claim::fact(
            "at least one put found the queue full when its producer asked `is_full()` first",
            full_seen > 0,
            format!("{full_seen} of {expected} puts found it full"),
        )
        .if_not("the consumers are three times slower than the producers, so the queue should fill; a machine so busy that the producers were held up longer than the consumers can keep it from filling"),
    );
    // Python's put(timeout=-1) raises ValueError; a Duration cannot be negative,
    // so the mistake surfaces where a number from outside becomes a Duration.
    let negative = match Duration::try_from_secs_f64(-1.0) {
        Ok(d) => format!("accepted as {d:?}"),
        Err(e) => format!("refused: {e}"),
    };
    println!("A timeout of -1 s as a Duration: {negative}\n");
    ctx.record_result("negative-timeout", negative, "Duration::try_from_secs_f64(-1.0)");
    Ok(())
}

// ANCHOR: demo
/// `producers` threads put random integers, `consumers` threads get and
/// print them; returns (items got, their sum, the sum put, puts that
/// found the queue full).
fn demo(seed: u64, producers: u64, consumers: u64) -> (u64, u64, u64, u64) {
    let queue = Queue::<Option<u64>>::bounded(2);
    let (got, sum, put_sum, full_seen) =
        (AtomicU64::new(0), AtomicU64::new(0), AtomicU64::new(0), AtomicU64::new(0));
    std::thread::scope(|s| {
        for c in 1..=consumers {
            let (queue, got, sum) = (&queue, &got, &sum);
            s.spawn(move || {
                // A poison pill (None) ends the loop the notebook left endless.
                while let Some(n) = queue.get() {
                    println!("  consumer {c} got {n}");
                    std::thread::sleep(CONSUME); // using the item: slower than making one
                    got.fetch_add(1, Ordering::Relaxed);
                    sum.fetch_add(n, Ordering::Relaxed);
                    queue.task_done().expect("one task_done per get");
                }
                queue.task_done().expect("the pill was put too");
            });
        }
        let makers: Vec<_> = (1..=producers)
            .map(|p| {
                let (queue, put_sum, full_seen) = (&queue, &put_sum, &full_seen);
                s.spawn(move || {
                    let mut state = seed ^ p.wrapping_mul(0x9E37_79B9_7F4A_7C15);
                    for _ in 0..PER_PRODUCER {
                        let n = random(&mut state) % 100;
                        if queue.is_full() {
                            full_seen.fetch_add(1, Ordering::Relaxed); // may be stale already
                        }
                        queue.put(Some(n));
                        put_sum.fetch_add(n, Ordering::Relaxed);
                        println!("  producer {p} put {n}");
                        std::thread::sleep(PRODUCE);
                    }
                })
            })
            .collect();
        makers.into_iter().for_each(|m| m.join().expect("a producer panicked"));
        queue.join(); // every item put so far has been processed
        (0..consumers).for_each(|_| queue.put(None));
    });
    let load = |a: &AtomicU64| a.load(Ordering::Relaxed);
    (load(&got), load(&sum), load(&put_sum), load(&full_seen))
}
// ANCHOR_END: demo

/// A small xorshift generator: the demo's random integers, from the seed.
fn random(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}
