//! Experiment 1: increments lost by a load-then-store counter.
//!
//! `n` threads add one to a shared counter as fast as they can for a short
//! window, each keeping its own tally of the increments it made. With the
//! racy increment (a load, then a store), whatever the final count falls
//! short of the tallies' sum was lost: two threads loaded the same value and
//! both stored value + 1, or a thread was paused between its load and its
//! store while others counted on, and then wrote its stale value back over
//! all their work. The median over repetitions is reported, against the
//! number of threads. The two fixes (`fetch_add`, and the chapter's
//! `Mutex`) run once per thread count and must lose nothing.
//!
//! A window of time rather than a fixed count: on a busy machine threads
//! that each do a million quick increments may never run at the same time.

use super::{Settings, repeated};
use crate::counter::{increment_atomic, increment_locked, increment_racy};
use crate::mutex::Mutex;
use labkit::LabContext;
use labkit::claim::Claim;
use labkit::measure::Stats;
use labkit::plot::{Axis, LinePlot, Series};
use labkit::report::{Csv, Table};
use std::sync::atomic::Ordering::Relaxed;
use std::sync::atomic::{AtomicBool, AtomicU64};
use std::time::Duration;

/// One thread count's results.
struct Row {
    /// Threads incrementing at once.
    threads: usize,
    /// Increments made, all threads together (median over the runs).
    made: f64,
    /// Increments lost by the racy counter (median).
    lost: f64,
    /// Increments lost, as a percentage of those made, over the runs.
    lost_pct: Stats,
    /// Increments lost with `fetch_add`.
    atomic_lost: u64,
    /// Increments lost with the counter behind the `Mutex`.
    locked_lost: u64,
}

// ANCHOR: window
/// `threads` threads call `increment(counter)` until `length` has passed;
/// returns how many increments they made, all together.
fn for_a_while<C: Sync>(
    counter: &C,
    threads: usize,
    length: Duration,
    increment: impl Fn(&C) + Sync,
) -> u64 {
    let stop = AtomicBool::new(false);
    std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| {
                    let mut made = 0;
                    while !stop.load(Relaxed) {
                        increment(counter);
                        made += 1;
                    }
                    made
                })
            })
            .collect();
        std::thread::sleep(length);
        stop.store(true, Relaxed);
        workers.into_iter().map(|w| w.join().unwrap()).sum()
    })
}
// ANCHOR_END: window

/// Measures, prints, and saves `lost-updates.csv` and `lost-updates.svg`.
pub fn run(ctx: &mut LabContext, s: &Settings) -> anyhow::Result<()> {
    let length = Duration::from_millis(if ctx.quick { 10 } else { 30 });
    let mut csv = Csv::new(&["threads", "run", "increments_made", "lost"]);
    let mut rows = Vec::new();
    for &threads in &s.threads {
        let runs = repeated(ctx, || {
            let counter = AtomicU64::new(0);
            let made = for_a_while(&counter, threads, length, increment_racy);
            (made, made - counter.load(Relaxed))
        });
        for (run, (made, lost)) in runs.iter().enumerate() {
            csv.row(&[&threads, &run, made, lost]);
        }
        let median = |f: fn(&(u64, u64)) -> f64| {
            Stats::of(&runs.iter().map(f).collect::<Vec<_>>()).expect("at least one run")
        };
        let lost_pct = median(|&(made, lost)| 100.0 * lost as f64 / made.max(1) as f64);

        let atomic = AtomicU64::new(0);
        let atomic_lost =
            for_a_while(&atomic, threads, length, increment_atomic) - atomic.load(Relaxed);
        let locked = Mutex::new(0);
        let locked_lost =
            for_a_while(&locked, threads, length, increment_locked) - locked.into_inner();
        rows.push(Row {
            threads,
            made: median(|r| r.0 as f64).median,
            lost: median(|r| r.1 as f64).median,
            lost_pct,
            atomic_lost,
            locked_lost,
        });
    }

    let mut table = Table::new(
        format!(
            "Increments lost in {} ms of counting (median of {} runs)",
            length.as_millis(),
            ctx.repeat
        ),
        &["threads", "made", "lost: load + store", "lost (%)", "lost: fetch_add", "lost: Mutex"],
    );
    for r in &rows {
        table.row([
            r.threads.to_string(),
            format!("{:.0}", r.made),
            format!("{:.0}", r.lost),
            format!("{:.1} %", r.lost_pct.median),
            r.atomic_lost.to_string(),
            r.locked_lost.to_string(),
        ]);
    }
    table.print();
    ctx.save_csv(
        "lost-updates",
        "increments made and lost by the load-then-store counter, per run",
        &csv,
    )?;

    let xs = |r: &Row| r.threads as f64;
    let plot = LinePlot::new("Increments lost without a lock")
        .x(Axis::linear("threads incrementing one counter"))
        .y(Axis::linear("increments lost (% of those made)"))
        .series(Series::measured("load, then store", rows.iter().map(|r| (xs(r), r.lost_pct))))
        .series(Series::line_points(
            "fetch_add, or a Mutex",
            rows.iter().map(|r| (xs(r), (r.atomic_lost + r.locked_lost) as f64)).collect(),
        ));
    ctx.save_figure(
        "lost-updates",
        &plot,
        &format!(
            "{} ms of counting per run; medians of {} runs, bars from least to most lost",
            length.as_millis(),
            ctx.repeat
        ),
        &["lost-updates"],
    )?;

    ctx.record_result(
        "lost-window-ms",
        length.as_millis().to_string(),
        "milliseconds of counting per run",
    );
    for r in &rows {
        ctx.record_result(
            &format!("lost-{}-pct", r.threads),
            format!("{:.1} %", r.lost_pct.median),
            &format!(
                "increments lost with {} thread{}, load then store",
                r.threads,
                if r.threads == 1 { "" } else { "s" }
            ),
        );
    }
    let last = rows.last().expect("at least one thread count");
    ctx.record_result(
        "lost-max-pct",
        format!("{:.1} %", last.lost_pct.median),
        "increments lost with the most threads, load then store",
    );
    ctx.record_result("lost-max-threads", last.threads.to_string(), "the most threads measured");
    let fixed_lost: u64 = rows.iter().map(|r| r.atomic_lost + r.locked_lost).sum();
    ctx.claim(
        "fixes-lose-nothing",
        Claim::fact(
            "neither `fetch_add` nor the `Mutex` lost an increment, at any thread count",
            fixed_lost == 0,
            format!("{fixed_lost} increments lost by the two fixes, all thread counts"),
        ),
    );
    let alone = "one thread alone loses no increment with the load-then-store counter";
    ctx.claim(
        "one-thread-loses-nothing",
        match rows.iter().find(|r| r.threads == 1) {
            Some(r) => Claim::fact(
                alone,
                r.lost == 0.0,
                format!("{:.0} of {:.0} lost (median)", r.lost, r.made),
            ),
            None => Claim::not_measured(alone, "one thread was not measured (see --workers)"),
        },
    );
    let shared: Vec<&Row> = rows.iter().filter(|r| r.threads >= 2).collect();
    let losing = shared.iter().filter(|r| r.lost > 0.0).count();
    ctx.claim(
        "racy-loses",
        Claim::fact(
            "the load-then-store counter loses increments at every thread count from 2 up",
            !shared.is_empty() && losing == shared.len(),
            shared
                .iter()
                .map(|r| format!("{} threads: {:.1} % lost", r.threads, r.lost_pct.median))
                .collect::<Vec<_>>()
                .join(", "),
        )
        .if_not("the threads rarely ran between each other's load and store in these short windows; a machine with idle cores makes the overlap likelier"),
    );
    ctx.record_result(
        "lost-fixed",
        fixed_lost.to_string(),
        "increments lost with fetch_add or the Mutex, all thread counts",
    );
    Ok(())
}
