//! Experiment 2: one thread, no contention.
//!
//! A single thread puts an item and gets it back, over and over: the lock
//! is always free, nobody ever waits, and the time per item is the cost of
//! the two operations themselves. Set next to the throughput with two
//! threads, it separates what an operation costs from what sharing costs.

use crate::rivals::Rival;
use labkit::LabContext;
use labkit::report::duration;
use labkit::report::{Csv, Table};
use std::time::Duration;

/// Measures, prints, and saves `solo.csv`.
pub fn run(ctx: &mut LabContext) -> anyhow::Result<()> {
    let items: u64 = if ctx.quick { 20_000 } else { 200_000 };
    let mut csv = Csv::new(&["rival", "items", "run", "seconds"]);
    let mut table = Table::new(
        "One thread putting then getting, capacity 1024: time per item (put + get)",
        &["queue", "per item", "× crossbeam bounded"],
    );
    let mut rows = Vec::new();
    for rival in Rival::BOUNDED {
        let (tx, rx) = rival.pipe(1024);
        let samples = ctx.sample(|| {
            for i in 0..items {
                tx.send(i);
                std::hint::black_box(rx.recv());
            }
        });
        for (run, seconds) in samples.seconds() {
            csv.row(&[&rival.name(), &items, &run, &seconds]);
        }
        rows.push((rival, Duration::from_secs_f64(samples.stats().median / items as f64)));
    }
    let crossbeam = rows.iter().find(|r| r.0 == Rival::CrossbeamBounded).expect("measured").1;
    for &(rival, per_item) in &rows {
        let ratio = per_item.as_secs_f64() / crossbeam.as_secs_f64();
        table.row([rival.name().to_string(), duration(per_item), format!("{ratio:.2}")]);
        ctx.record_result(
            &format!("solo-{}", rival.key()),
            duration(per_item),
            &format!("one thread, put + get: {}", rival.name()),
        );
    }
    table.print();
    println!();
    ctx.save_csv("solo", "one thread putting then getting `items` items, per rival and run", &csv)?;
    Ok(())
}
