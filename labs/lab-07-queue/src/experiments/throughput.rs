//! Experiment 1: throughput against capacity.
//!
//! For each thread count `n` (n producers, n consumers), every bounded rival
//! streams items at every capacity; the unbounded ones stream once, as
//! references. Each point's item count is chosen so that a run takes about
//! the same time whatever the rival's speed (a few milliseconds), and
//! every run checks that each item arrived exactly once. The runs of this
//! chapter's queue also count how often threads waited: the waits figure
//! (`waits.rs`) is drawn from them.

use super::{Settings, per_second, waits};
use crate::pipeline::{round_items, stream};
use crate::rivals::Rival;
use labkit::measure::{Stats, timed};
use labkit::plot::{Axis, LinePlot, Series};
use labkit::report::{Csv, Table};
use labkit::{LabContext, progress};
use std::time::Duration;

/// One measured point.
pub struct Point {
    /// Who ran.
    pub rival: Rival,
    /// Its capacity (0 = unbounded).
    pub capacity: usize,
    /// Items per second, over the repetitions.
    pub rate: Stats,
    /// Per item: (times the lock was found taken, sleeps on a condition),
    /// for this chapter's queue.
    pub waits: Option<(f64, f64)>,
}

/// Measures, prints, and saves `throughput.csv`, `waits.csv`,
/// `throughput-<n>p<n>c.svg` for each thread count, and `waits.svg`.
pub fn run(ctx: &mut LabContext, s: &Settings) -> anyhow::Result<()> {
    let target = Duration::from_millis(if ctx.quick { 2 } else { 10 });
    let points = s.threads.len() * (Rival::BOUNDED.len() * s.capacities.len() + 3);
    let bar = progress::bar(points as u64, "throughput");
    let mut csv = Csv::new(&["threads", "rival", "capacity", "items", "run", "seconds"]);
    let mut all = Vec::new();
    for &n in &s.threads {
        let mut measured = Vec::new();
        let unbounded = Rival::UNBOUNDED.into_iter().map(|r| (r, 0));
        let bounded =
            Rival::BOUNDED.into_iter().flat_map(|r| s.capacities.iter().map(move |&c| (r, c)));
        for (rival, capacity) in bounded.chain(unbounded) {
            measured.push(measure(ctx, rival, capacity, n, target, &mut csv));
            bar.inc(1);
        }
        report(ctx, n, &s.capacities, &measured)?;
        all.push((n, measured));
    }
    bar.finish_and_clear();
    ctx.save_csv(
        "throughput",
        "time to stream items per thread count, rival, capacity (0 = unbounded) and run",
        &csv,
    )?;
    waits::run(ctx, &all)
}

/// Streams through one rival at one capacity: finds an item count that
/// takes about `target`, then times it.
fn measure(
    ctx: &LabContext,
    rival: Rival,
    capacity: usize,
    n: usize,
    target: Duration,
    csv: &mut Csv,
) -> Point {
    let mut items = round_items(500, n, n);
    let took = loop {
        let (_, took) = timed(|| stream(rival, capacity, n, n, items));
        if took >= target / 4 || items >= 4_000_000 {
            break took;
        }
        items *= 4;
    };
    let scaled = items as f64 * target.as_secs_f64() / took.as_secs_f64();
    items = round_items((scaled as u64).clamp(500, 20_000_000), n, n);
    let (mut lock_waits, mut sleeps, mut runs) = (0, 0, 0u64);
    let samples = ctx.sample(|| {
        let out = stream(rival, capacity, n, n, items);
        if let Some(c) = out.counters {
            (lock_waits, sleeps, runs) = (lock_waits + c.contended, sleeps + c.sleeps, runs + 1);
        }
    });
    for (run, seconds) in samples.seconds() {
        csv.row(&[&n, &rival.name(), &capacity, &items, &run, &seconds]);
    }
    let per_item = |count: u64| count as f64 / (runs * items) as f64;
    Point {
        rival,
        capacity,
        rate: samples.stats().map(|t| items as f64 / t),
        waits: (runs > 0).then(|| (per_item(lock_waits), per_item(sleeps))),
    }
}

/// Prints the table, draws the figure and records the results of one thread count.
fn report(ctx: &mut LabContext, n: usize, caps: &[usize], points: &[Point]) -> anyhow::Result<()> {
    let at = |r: Rival, c: usize| points.iter().find(|p| p.rival == r && p.capacity == c);
    let (smallest, largest) = (caps[0], caps[caps.len() - 1]);
    let mut headers = vec!["capacity"];
    headers.extend(Rival::BOUNDED.map(Rival::name));
    let title = format!("Throughput (million items/s), {n} producer(s) and {n} consumer(s)");
    let mut table = Table::new(title, &headers);
    for &c in caps {
        let mut row = vec![c.to_string()];
        row.extend(
            Rival::BOUNDED.map(|r| format!("{:.2}", at(r, c).expect("measured").rate.median / 1e6)),
        );
        table.row(row);
    }
    table.print();
    let refs: Vec<String> = Rival::UNBOUNDED
        .map(|r| format!("{} {}", r.name(), per_second(at(r, 0).expect("measured").rate.median)))
        .into();
    println!("no capacity (references): {}\n", refs.join(", "));

    let mut plot = LinePlot::new(format!("Throughput against capacity, {n}p/{n}c"))
        .x(Axis::log("capacity (items)"))
        .y(Axis::log("throughput (million items/s)"));
    for r in Rival::BOUNDED {
        let line =
            caps.iter().map(|&c| (c as f64, at(r, c).expect("measured").rate.map(|x| x / 1e6)));
        plot = plot.series(Series::measured(r.name(), line));
    }
    for r in Rival::UNBOUNDED {
        let y = at(r, 0).expect("measured").rate.median / 1e6;
        let line = vec![(smallest as f64, y), (largest as f64, y)];
        plot = plot.series(Series::line(r.name(), line).dashed());
    }
    ctx.save_figure(
        &format!("throughput-{n}p{n}c"),
        &plot,
        &format!(
            "{n} producer(s), {n} consumer(s); medians of {} runs, bars from slowest to fastest run",
            ctx.repeat
        ),
        &["throughput"],
    )?;

    let crossbeam = at(Rival::CrossbeamBounded, largest).expect("measured").rate.median;
    for r in Rival::BOUNDED {
        let rate = at(r, largest).expect("measured").rate.median;
        let what = format!("{n}p/{n}c, capacity {largest}: {}", r.name());
        ctx.record_result(&format!("tp-{n}-{}", r.key()), per_second(rate), &what);
        ctx.record_result(
            &format!("vs-crossbeam-{n}-{}", r.key()),
            format!("{:.2}×", rate / crossbeam),
            &format!("{what}, as a multiple of crossbeam bounded"),
        );
    }
    if n == 1 {
        let share = at(Rival::Queue, largest).expect("measured").rate.median / crossbeam;
        let verdict = if share >= 1.0 / 3.0 { "met" } else { "missed" };
        ctx.record_result(
            "target",
            format!("{verdict}: the queue reached {share:.2}× crossbeam bounded's throughput (target: at least 0.33×)"),
            "target: the queue within 3× of crossbeam bounded, 1p/1c, largest capacity",
        );
        ctx.record_result("large-capacity", largest.to_string(), "the largest capacity measured");
    }
    Ok(())
}
