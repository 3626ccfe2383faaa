//! Experiment 1: a download pool with fewer permits than downloads.
//!
//! Twelve downloads of random lengths each get a thread at once, and
//! [`fetch_all`] lets three of them download at a time. The timeline shows
//! each thread waiting for a permit, then downloading; an atomic counter
//! checks that no more than three ever download together. The downloads are
//! sleeps: waiting on a remote server costs the client no CPU.

use crate::fetch::fetch_all;
use crate::semaphore::Semaphore;
use labkit::LabContext;
use labkit::report::{Csv, Table};
use labkit::timeline::{Timeline, TimelineChart};
use rand::{Rng, SeedableRng, rngs::StdRng};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// How many downloads, and how many may run at once.
const DOWNLOADS: usize = 12;
/// The permits of the pool.
const LIMIT: usize = 3;

/// Runs the pool, prints and saves `pool.csv` and `pool-timeline.svg`.
pub fn run(ctx: &mut LabContext) -> anyhow::Result<()> {
    let scale = if ctx.quick { 0.4 } else { 1.0 };
    let mut rng = StdRng::seed_from_u64(ctx.seed);
    let lengths: Vec<Duration> = (0..DOWNLOADS)
        .map(|_| Duration::from_millis(rng.random_range(10..=60)).mul_f64(scale))
        .collect();
    let timeline = Timeline::new();
    for i in 0..DOWNLOADS {
        drop(timeline.recorder(row(i))); // one row per download, in order
    }
    let (now, most) = (AtomicUsize::new(0), AtomicUsize::new(0));
    let limit = Semaphore::new(LIMIT);
    let items: Vec<(usize, Duration)> = lengths.iter().copied().enumerate().collect();
    let start = Instant::now();
    // ANCHOR: pool
    let started: Vec<Duration> = fetch_all(&items, &limit, |&(i, length)| {
        let mut recorder = timeline.recorder(row(i));
        let begin = Instant::now();
        recorder.record("waiting for a permit", start, begin);
        let inside = now.fetch_add(1, Ordering::SeqCst) + 1;
        most.fetch_max(inside, Ordering::SeqCst);
        recorder.span("downloading", || std::thread::sleep(length));
        now.fetch_sub(1, Ordering::SeqCst);
        begin - start
    });
    // ANCHOR_END: pool
    let makespan = start.elapsed();
    let most = most.load(Ordering::SeqCst);
    let total: Duration = lengths.iter().sum();

    let mut table = Table::new(
        format!("{DOWNLOADS} downloads, {LIMIT} permits"),
        &["download", "length (ms)", "waited for a permit (ms)"],
    );
    let mut csv = Csv::new(&["download", "length_seconds", "waited_seconds"]);
    for (i, (length, waited)) in lengths.iter().zip(&started).enumerate() {
        table.row([
            row(i),
            format!("{:.0}", length.as_secs_f64() * 1e3),
            format!("{:.1}", waited.as_secs_f64() * 1e3),
        ]);
        csv.row(&[&(i + 1), &length.as_secs_f64(), &waited.as_secs_f64()]);
    }
    table.print();
    println!(
        "at most {most} downloading at once; all done in {:.0} ms (the lengths add up to {:.0} ms; / {LIMIT} = {:.0} ms)\n",
        makespan.as_secs_f64() * 1e3,
        total.as_secs_f64() * 1e3,
        total.as_secs_f64() * 1e3 / LIMIT as f64,
    );
    ctx.save_csv("pool", "each download's length and its wait for a permit", &csv)?;
    let chart =
        TimelineChart::new(format!("{DOWNLOADS} downloads, one thread each, {LIMIT} permits"))
            .state_colour("waiting for a permit", (200, 200, 200))
            .panel("", &timeline);
    ctx.save_figure(
        "pool-timeline",
        &chart,
        &format!("one run; lengths drawn at random (seed {})", ctx.seed),
        &["pool"],
    )?;

    ctx.record_result("pool-downloads", DOWNLOADS.to_string(), "downloads in the pool");
    ctx.record_result("pool-permits", LIMIT.to_string(), "permits of the pool");
    ctx.record_result("pool-most", most.to_string(), "most downloads seen at once");
    ctx.record_result(
        "pool-makespan-ms",
        format!("{:.0} ms", makespan.as_secs_f64() * 1e3),
        "the pool's downloads, all done",
    );
    ctx.record_result(
        "pool-bound-ms",
        format!("{:.0} ms", total.as_secs_f64() * 1e3 / LIMIT as f64),
        "the downloads' total length / permits",
    );
    Ok(())
}

/// The timeline row of download `i` (counted from 1 for the reader).
fn row(i: usize) -> String {
    format!("download {}", i + 1)
}
