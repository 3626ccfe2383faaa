//! Experiment 1: results arrive in completion order.
//!
//! The notebook's example: several processes each make a random string and
//! put it on one queue; the parent takes the results off. Here each worker
//! first sleeps for its own time (distinct multiples of 20 ms, shuffled
//! with the run's seed), so the order in which they finish is known in
//! advance. The parent records the order in which results arrive, then
//! puts them back in start order with [`InStartOrder`], as `Pool.imap` does.

use super::Settings;
use crate::queue::ProcessQueue;
use crate::reorder::InStartOrder;
use labkit::LabContext;
use labkit::claim::Claim;
use labkit::process::fork_child;
use labkit::report::Table;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use std::time::Duration;

/// A worker's result: its index, how long it slept (ms), its string.
type Result = (usize, u64, String);

/// The notebook's alphabet: lower- and upper-case letters and digits.
const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/// `length` random characters of the notebook's alphabet (letters and digits), like the notebook's `rand_string`.
pub fn rand_string(rng: &mut impl Rng, length: usize) -> String {
    (0..length).map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char).collect()
}

/// Runs the workers, prints both orders, records them and a claim.
pub fn run(ctx: &mut LabContext, settings: &Settings) -> anyhow::Result<()> {
    let mut rng = StdRng::seed_from_u64(ctx.seed);
    let mut sleeps: Vec<u64> = (1..=settings.tasks as u64).map(|i| 20 * i).collect();
    // Shuffled, and never left in start order, so the two orders can differ.
    while sleeps.is_sorted() {
        sleeps.shuffle(&mut rng);
    }
    let mut queue: ProcessQueue<Result> = ProcessQueue::new()?;
    let mut workers = Vec::new();
    // ANCHOR: workers
    for (index, &ms) in sleeps.iter().enumerate() {
        let seed = ctx.seed ^ index as u64;
        let q = &queue;
        workers.push(fork_child(move || {
            let Ok(tx) = q.sender() else { return 1 };
            std::thread::sleep(Duration::from_millis(ms));
            let mut rng = StdRng::seed_from_u64(seed);
            tx.put((index, ms, rand_string(&mut rng, 5)));
            if tx.join().is_ok() { 0 } else { 1 }
        })?);
    }
    queue.close_writer(); // the end of the queue is when every worker is done
    let mut arrived = Vec::new();
    while let Some(result) = queue.get()? {
        arrived.push(result);
    }
    // ANCHOR_END: workers
    for w in &mut workers {
        anyhow::ensure!(w.wait()?.success(), "a worker failed");
    }
    let mut table = Table::new(
        "Results as they arrived",
        &["arrived", "task (start order)", "slept", "string"],
    );
    for (i, (index, ms, s)) in arrived.iter().enumerate() {
        table.row([(i + 1).to_string(), index.to_string(), format!("{ms} ms"), s.clone()]);
    }
    table.print();
    let mut reorder = InStartOrder::default();
    let in_order: Vec<usize> = arrived.iter().flat_map(|r| reorder.push(r.0, r.0)).collect();
    println!("back in start order: {in_order:?}\n");

    let arrival: Vec<usize> = arrived.iter().map(|r| r.0).collect();
    let mut by_sleep: Vec<usize> = (0..sleeps.len()).collect();
    by_sleep.sort_by_key(|&i| sleeps[i]);
    let list = |v: &[usize]| v.iter().map(usize::to_string).collect::<Vec<_>>().join(", ");
    ctx.record_result("order-arrival", list(&arrival), "tasks in the order their results arrived");
    ctx.record_result(
        "order-sleeps",
        sleeps.iter().map(|ms| format!("{ms} ms")).collect::<Vec<_>>().join(", "),
        "each task's sleep, in start order",
    );
    ctx.record_result(
        "order-strings",
        arrived.iter().map(|r| r.2.clone()).collect::<Vec<_>>().join(", "),
        "the strings, as they arrived",
    );
    ctx.claim(
        "completion-order",
        Claim::fact(
            "the results arrived in the order the tasks finished, shortest sleep first, not in the order they were started",
            arrival == by_sleep && arrival != (0..sleeps.len()).collect::<Vec<_>>(),
            format!("arrived {}; by sleep {}", list(&arrival), list(&by_sleep)),
        ),
    );
    ctx.claim(
        "start-order-restored",
        Claim::fact(
            "InStartOrder gave every result back in start order",
            in_order == (0..sleeps.len()).collect::<Vec<_>>(),
            list(&in_order),
        ),
    );
    Ok(())
}
