//! Where this chapter's queue spends its time: how often, per item, a
//! thread found the lock taken and how often it went to sleep on a
//! condition, from the throughput runs (the queue counts both under its
//! lock, see `Counters`). Sleeping is the expensive one: a sleep and the
//! wake-up that ends it cost system calls and a trip through the scheduler.

use super::throughput::Point;
use crate::rivals::Rival;
use labkit::LabContext;
use labkit::claim::{Claim, Quantity, show};
use labkit::plot::{Axis, LinePlot, Series};
use labkit::report::Csv;

/// The queue's two variants that count their waits.
const COUNTED: [Rival; 2] = [Rival::Queue, Rival::QueueNoSpin];

/// Saves `waits.csv` (every thread count) and `waits.svg` (the first one).
pub fn run(ctx: &mut LabContext, all: &[(usize, Vec<Point>)]) -> anyhow::Result<()> {
    let mut csv =
        Csv::new(&["threads", "rival", "capacity", "lock_waits_per_item", "sleeps_per_item"]);
    for (n, points) in all {
        for p in points {
            if let Some((lock, sleep)) = p.waits {
                csv.row(&[n, &p.rival.name(), &p.capacity, &lock, &sleep]);
            }
        }
    }
    ctx.save_csv(
        "waits",
        "per item: lock found taken, sleeps on a condition (0 = unbounded)",
        &csv,
    )?;

    let Some((n, points)) = all.first() else { return Ok(()) };
    let series = |r: Rival, pick: fn((f64, f64)) -> f64| -> Vec<(f64, f64)> {
        let bounded = points.iter().filter(|p| p.rival == r && p.capacity > 0);
        bounded.filter_map(|p| p.waits.map(|w| (p.capacity as f64, pick(w)))).collect()
    };
    let mut plot = LinePlot::new(format!("Where the queue waits, {n}p/{n}c"))
        .x(Axis::log("capacity (items)"))
        .y(Axis::linear("waits per item"));
    for (colour, r) in COUNTED.into_iter().enumerate() {
        plot = plot
            .series(
                Series::line_points(format!("{}: sleeps", r.name()), series(r, |w| w.1))
                    .colour(colour),
            )
            .series(
                Series::line_points(format!("{}: lock found taken", r.name()), series(r, |w| w.0))
                    .colour(colour)
                    .dashed(),
            );
    }
    ctx.save_figure(
        "waits",
        &plot,
        &format!("{n} producer(s), {n} consumer(s); totals over all runs of each point"),
        &["waits"],
    )?;

    for r in COUNTED {
        let mine: Vec<&Point> = points.iter().filter(|p| p.rival == r && p.capacity > 0).collect();
        for (end, p) in [("smallest", mine[0]), ("largest", mine[mine.len() - 1])] {
            let (lock, sleep) = p.waits.expect("the queue counts its waits");
            let what = format!("{n}p/{n}c, capacity {}: {}", p.capacity, r.name());
            ctx.record_result(
                &format!("sleeps-{}-{end}", r.key()),
                format!("{sleep:.2}"),
                &format!("{what}, sleeps per item"),
            );
            ctx.record_result(
                &format!("lock-waits-{}-{end}", r.key()),
                format!("{lock:.2}"),
                &format!("{what}, lock found taken per item"),
            );
        }
    }
    let sleeps = |r: Rival| {
        let p = points.iter().find(|p| p.rival == r && p.capacity > 0).expect("measured");
        let label = format!("{} at capacity {}, sleeps per item", r.name(), p.capacity);
        Quantity::exact(label, p.waits.expect("counted").1, show::number)
    };
    let largest: Vec<Claim> = COUNTED
        .map(|r| {
            let p = points.iter().rfind(|p| p.rival == r && p.capacity > 0).expect("measured");
            let sleeps = p.waits.expect("counted").1;
            Claim::fact(
                format!(
                    "{} at capacity {} sleeps less than once in 10 items",
                    r.name(),
                    p.capacity
                ),
                sleeps < 0.1,
                format!("{sleeps:.3} sleeps per item"),
            )
        })
        .into();
    ctx.claim(
        "large-capacity-rarely-sleeps",
        Claim::all(
            "at the largest capacity, both variants of the queue sleep less than once in 10 items",
            largest,
        ),
    );
    ctx.claim(
        "spin-avoids-sleep",
        Claim::less(
            "with spinning, the queue sleeps less often per item at the smallest capacity than without",
            &sleeps(Rival::Queue),
            &sleeps(Rival::QueueNoSpin),
        ),
    );
    Ok(())
}
