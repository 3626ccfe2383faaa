//! Experiment 2: one thread, no contention.
//!
//! A single thread puts an item and gets it back, over and over: the lock
//! is always free, nobody ever waits, and the time per item is the cost of
//! the two operations themselves. Set next to the throughput with two
//! threads, it separates what an operation costs from what sharing costs.

use crate::rivals::Rival;
use labkit::LabContext;
use labkit::claim::{Claim, Quantity, show};
use labkit::plot::{Axis, BarPlot};
use labkit::report::duration;
use labkit::report::{Csv, Table};
use std::time::Duration;

/// Measures, prints, and saves `solo.csv` and `solo.svg`; claims what the
/// chapter says about it.
pub fn run(ctx: &mut LabContext) -> anyhow::Result<()> {
    let mut csv = Csv::new(&["rival", "items", "run", "seconds_per_item"]);
    let mut table = Table::new(
        "One thread putting then getting, capacity 1024: time per item (put + get)",
        &["queue", "per item", "× crossbeam bounded"],
    );
    let mut rows = Vec::new();
    for rival in Rival::BOUNDED {
        let (tx, rx) = rival.pipe(1024);
        let per = ctx.sample_units(|items| {
            for i in 0..items {
                tx.send(i);
                std::hint::black_box(rx.recv());
            }
        });
        for (run, seconds) in per.per_unit_seconds() {
            csv.row(&[&rival.name(), &per.units, &run, &seconds]);
        }
        rows.push((rival, per.per_unit()));
    }
    let at = |r: Rival| rows.iter().find(|row| row.0 == r).expect("measured").1;
    let crossbeam = at(Rival::CrossbeamBounded).median;
    for &(rival, per_item) in &rows {
        let ratio = per_item.median / crossbeam;
        let shown = duration(Duration::from_secs_f64(per_item.median));
        table.row([rival.name().to_string(), shown.clone(), format!("{ratio:.2}")]);
        ctx.record_result(
            &format!("solo-{}", rival.key()),
            shown,
            &format!("one thread, put + get: {}", rival.name()),
        );
    }
    table.print();
    println!();
    ctx.save_csv(
        "solo",
        "one thread putting then getting, seconds per item, per rival and run",
        &csv,
    )?;
    let plot = BarPlot::new("One thread putting and getting: the cost of an item")
        .categories(rows.iter().map(|r| r.0.short_name()))
        .y(Axis::linear("put + get (ns per item)"))
        .group_measured("per item", rows.iter().map(|r| r.1.map(|s| s * 1e9)).collect());
    ctx.save_figure(
        "solo",
        &plot,
        &format!("capacity 1024, nobody waits; medians of {} calibrated runs, bars from fastest to slowest", ctx.repeat),
        &["solo"],
    )?;

    let q = |r: Rival| Quantity::new(r.name(), at(r), show::seconds);
    ctx.claim(
        "solo-minimal-costly",
        Claim::greater(
            "the minimal port, which notifies on every operation, costs more per item than this chapter's queue",
            &q(Rival::Minimal),
            &q(Rival::Queue),
        ),
    );
    ctx.claim(
        "solo-lock-cheap",
        Claim::ratio_at_most(
            "uncontended, this chapter's queue costs at most twice as much per item as crossbeam's channel",
            &q(Rival::Queue),
            &q(Rival::CrossbeamBounded),
            2.0,
        ),
    );
    Ok(())
}
