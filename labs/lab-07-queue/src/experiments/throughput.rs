//! Experiment 1: throughput against capacity.
//!
//! For each thread count `n` (n producers, n consumers), every bounded rival
//! streams items at every capacity; the unbounded ones stream once, as
//! references. Each point's item count is calibrated by the kit so that a
//! sample lasts at least 10 ms whatever the rival's speed, and every run
//! checks that each item arrived exactly once. The runs of this
//! chapter's queue also count how often threads waited: the waits figure
//! (`waits.rs`) is drawn from them.

use super::{Settings, per_second, waits};
use crate::pipeline::{round_items, stream};
use crate::rivals::Rival;
use crate::waiting::Counters;
use labkit::claim::{Claim, Quantity, show};
use labkit::measure::{PerUnit, Stats};
use labkit::plot::{Axis, LinePlot, Series};
use labkit::report::{Csv, Table};
use labkit::{LabContext, progress};

/// The fewest items a sample streams, however few the calibration asks for.
const MIN_ITEMS: u64 = 500;

/// How many times a point is re-timed with more items when its shortest
/// sample came out under the kit's minimum.
const RETRIES: usize = 4;

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
            measured.push(measure(ctx, rival, capacity, n, &mut csv));
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

/// Streams through one rival at one capacity, in samples calibrated to
/// last at least the kit's minimum (10 ms; 5 ms with --quick): each
/// sample starts its threads, streams its items and joins them.
fn measure(ctx: &LabContext, rival: Rival, capacity: usize, n: usize, csv: &mut Csv) -> Point {
    // Every call's item count and wait counters; the timed runs are the last ones.
    let mut calls: Vec<(u64, Option<Counters>)> = Vec::new();
    let mut work = |units: u64| {
        let items = round_items(units.max(MIN_ITEMS), n, n);
        calls.push((items, stream(rival, capacity, n, n, items).counters));
    };
    let mut per = ctx.sample_units(&mut work);
    // A calibration call that was slowed down (another program took the
    // cores) picks too few items, and the timed samples then come out
    // shorter than the minimum: scale the count up and measure again, until
    // the fastest sample is long enough (a few tries at most).
    for _ in 0..RETRIES {
        let fastest = per.samples.0.iter().min().copied().unwrap_or_default();
        if fastest >= ctx.min_sample() {
            break;
        }
        let scale = ctx.min_sample().as_secs_f64() * 1.5 / fastest.as_secs_f64().max(1e-6);
        // A call streams at least MIN_ITEMS items whatever it is asked, so
        // scale from what it did.
        let done = per.units.max(MIN_ITEMS);
        let units = (done as f64 * scale.max(1.3)).ceil() as u64;
        per = PerUnit { units, samples: labkit::measure::sample(0, ctx.repeat, || work(units)) };
    }
    let fastest = per.samples.0.iter().min().copied().unwrap_or_default();
    if fastest < ctx.min_sample() {
        println!(
            "note: {n}p/{n}c {} at capacity {capacity}: the shortest sample lasted {} after {RETRIES} re-timings, under the {} aimed for",
            rival.name(),
            labkit::report::duration(fastest),
            labkit::report::duration(ctx.min_sample())
        );
    }
    let timed_runs = &calls[calls.len() - ctx.repeat as usize..];
    let items = timed_runs[0].0;
    for (run, seconds) in per.samples.seconds() {
        csv.row(&[&n, &rival.name(), &capacity, &items, &run, &seconds]);
    }
    let counted: Vec<Counters> = timed_runs.iter().filter_map(|c| c.1).collect();
    let per_item = |count: u64| count as f64 / (counted.len() as u64 * items) as f64;
    let (lock_waits, sleeps) =
        counted.iter().fold((0, 0), |(l, z), c| (l + c.contended, z + c.sleeps));
    Point {
        rival,
        capacity,
        rate: per.samples.stats().map(|t| items as f64 / t),
        waits: (!counted.is_empty()).then(|| (per_item(lock_waits), per_item(sleeps))),
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
        // A reference with no capacity: drawn across the figure, with its
        // runs' range at both ends.
        let rate = at(r, 0).expect("measured").rate.map(|x| x / 1e6);
        let line = [(smallest as f64, rate), (largest as f64, rate)];
        plot = plot.series(Series::measured(r.name(), line).dashed());
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
    for r in Rival::UNBOUNDED {
        let rate = at(r, 0).expect("measured").rate.median;
        let what = format!("{n}p/{n}c, no capacity: {}", r.name());
        ctx.record_result(&format!("tp-{n}-{}", r.key()), per_second(rate), &what);
    }
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
        claims(ctx, caps, points);
        ctx.record_result("large-capacity", largest.to_string(), "the largest capacity measured");
    }
    if n == 2 {
        two_producer_claims(ctx, largest, points);
    }
    Ok(())
}

/// The claims the chapter makes about the 1p/1c figure: every curve rises
/// with capacity, the queue within 3× of crossbeam, and the unbounded queue
/// against the bounded one.
fn claims(ctx: &mut LabContext, caps: &[usize], points: &[Point]) {
    let q = |r: Rival, c: usize| {
        let p = points.iter().find(|p| p.rival == r && p.capacity == c).expect("measured");
        let label = match c {
            0 => r.name().to_string(),
            c => format!("{} at capacity {c}", r.name()),
        };
        Quantity::new(label, p.rate, show::rate)
    };
    let largest = caps[caps.len() - 1];
    let rises = Rival::BOUNDED.map(|r| {
        let curve: Vec<Quantity> = caps.iter().map(|&c| q(r, c)).collect();
        Claim::rises(format!("{}'s throughput rises with capacity", r.name()), &curve)
    });
    let not_rising: Vec<&str> = Rival::BOUNDED
        .iter()
        .zip(&rises)
        .filter(|(_, c)| !c.held())
        .map(|(r, _)| r.name())
        .collect();
    ctx.record_result(
        "curves-not-rising",
        if not_rising.is_empty() { "none".to_string() } else { not_rising.join(", ") },
        "1p/1c: the bounded queues whose throughput did not clearly rise with capacity",
    );
    ctx.claim(
        "every-curve-rises",
        Claim::all(
            "throughput rises with capacity for every bounded queue, with one producer and one consumer",
            rises.into(),
        )
        .if_not("more room only helps while one side waits for the other; once neither waits, a larger ring adds cache misses and nothing else, and a queue that waits by spinning is fast only while each thread has a core to itself, which on a machine with few cores, shared with other work, changes from one point to the next"),
    );
    ctx.claim(
        "target",
        Claim::ratio_at_least(
            format!("this chapter's queue reaches at least a third of crossbeam bounded's throughput at capacity {largest}, one producer and one consumer"),
            &q(Rival::Queue, largest),
            &q(Rival::CrossbeamBounded, largest),
            1.0 / 3.0,
        )
        .if_not("every put and get takes the one mutex, whose cache line moves between the cores on each operation; crossbeam's two ends touch separate cache lines"),
    );
    let unbounded = points.iter().find(|p| p.rival == Rival::QueueUnbounded).expect("measured");
    let items = (unbounded.rate.median * 0.05).clamp(10_000.0, 5e6) as u64;
    let peak = super::backlog::peak(items);
    ctx.record_result(
        "unbounded-backlog",
        format!("{peak} items ({:.1} MiB)", (peak * 8) as f64 / (1 << 20) as f64),
        &format!("1p/1c, Queue unbounded, {items} items: largest backlog seen"),
    );
    ctx.record_result(
        "bounded-bytes",
        format!("{} KiB", largest * 8 / 1024),
        "the items of the largest bounded queue, at 8 bytes each",
    );
    ctx.claim(
        "unbounded-faster",
        Claim::greater(
            format!("the unbounded queue moves more items per second than the same queue bounded at {largest}, one producer and one consumer"),
            &q(Rival::QueueUnbounded, 0),
            &q(Rival::Queue, largest),
        ),
    );
}

/// The claims the chapter makes about the 2p/2c figure: whether the four
/// threads outnumber the cores, and std's channel, whose two consumers take
/// turns through one `Mutex<Receiver>`, against crossbeam's.
fn two_producer_claims(ctx: &mut LabContext, largest: usize, points: &[Point]) {
    let cores = ctx.machine.logical_cores;
    ctx.record_result("cores", format!("{cores} logical cores"), "cores this machine schedules on");
    ctx.claim(
        "threads-outnumber-cores",
        Claim::fact(
            "the four threads of two producers and two consumers outnumber this machine's cores",
            cores < 4,
            format!("{cores} logical cores"),
        ),
    );
    let q = |r: Rival| {
        let p = points.iter().find(|p| p.rival == r && p.capacity == largest).expect("measured");
        Quantity::new(format!("{} at capacity {largest}", r.name()), p.rate, show::rate)
    };
    ctx.claim(
        "std-2-behind-crossbeam",
        Claim::less(
            "with two producers and two consumers, std's sync_channel, whose consumers take turns through one mutex, moves fewer items per second than crossbeam's bounded channel",
            &q(Rival::StdSync),
            &q(Rival::CrossbeamBounded),
        )
        .if_not("the mutex makes the two consumers take turns, but it also keeps them from contending on the channel itself; where they would mostly wait for items anyway, taking turns costs little"),
    );
}
