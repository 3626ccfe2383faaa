//! Experiment 4: threads fighting for one lock; throughput and fairness.
//!
//! For each lock and each thread count, the threads start together and
//! increment one counter behind the lock as fast as they can, for a fixed
//! window of time. The critical section is one increment, so nearly all
//! the time goes to taking and handing over the lock. Two numbers come out
//! of each window: the throughput (increments per second, all threads
//! together) and each thread's share of them. Equal shares mean a fair
//! lock; a lock that lets the thread that just unlocked take it straight
//! back is faster but can starve the others.
//!
//! Every window also checks the lock: the counter must equal the sum of
//! the threads' own tallies, or two threads were inside at once. The
//! comparisons the chapter states about these runs are recorded as claims
//! by `contended/claims.rs`.

use super::{Settings, repeated, slug, times};
use crate::contenders::{Contender, STD, Visit, each_lock};
use anyhow::ensure;
use labkit::LabContext;
use labkit::measure::Stats;
use labkit::plot::{Axis, LinePlot, Series};
use labkit::report::{Csv, Table};
use std::sync::Barrier;
use std::sync::atomic::{AtomicBool, Ordering::Relaxed};
use std::time::{Duration, Instant};

mod claims;

/// The chapter's target for the futex lock under contention, as a ratio
/// of its time per increment to std's `Mutex`.
pub const TARGET: f64 = 2.0;

/// What one window measured.
struct Window {
    /// Increments each thread made.
    per_thread: Vec<u64>,
    /// How long the threads ran, in seconds.
    seconds: f64,
}

// ANCHOR: window
/// `threads` threads increment behind one `C` for `length`.
fn window<C: Contender>(threads: usize, length: Duration) -> anyhow::Result<Window> {
    let counter = C::new(0);
    let stop = AtomicBool::new(false);
    let start_line = Barrier::new(threads + 1);
    let (per_thread, seconds) = std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| {
                    start_line.wait();
                    let mut mine = 0u64;
                    while !stop.load(Relaxed) {
                        counter.increment();
                        mine += 1;
                    }
                    mine
                })
            })
            .collect();
        start_line.wait();
        let start = Instant::now();
        std::thread::sleep(length);
        stop.store(true, Relaxed);
        let seconds = start.elapsed().as_secs_f64();
        let per_thread: Vec<u64> = workers.into_iter().map(|w| w.join().unwrap()).collect();
        (per_thread, seconds)
    });
    let total: u64 = per_thread.iter().sum();
    let counted = counter.with(|v| *v);
    ensure!(counted == total, "{}: the counter says {counted}, the threads made {total}", C::NAME);
    Ok(Window { per_thread, seconds })
}
// ANCHOR_END: window

/// One lock at one thread count.
pub(super) struct Point {
    /// The lock's name.
    pub(super) lock: &'static str,
    /// Threads contending.
    pub(super) threads: usize,
    /// Increments per second (millions), over the windows.
    pub(super) mops: Stats,
    /// Each thread's share of the increments (%), busiest first: medians over the windows.
    pub(super) shares: Vec<f64>,
}

/// Runs every window of every lock.
struct Measure<'a> {
    /// Where repetitions come from.
    ctx: &'a LabContext,
    /// Thread counts.
    threads: &'a [usize],
    /// How long each window lasts.
    length: Duration,
    /// One row per thread per window.
    csv: Csv,
    /// The results, lock by lock, thread count by thread count.
    points: Vec<Point>,
    /// The first failed check, if any.
    error: Option<anyhow::Error>,
}

impl Visit for Measure<'_> {
    fn visit<C: Contender>(&mut self) {
        for &n in self.threads {
            let windows = match repeated(self.ctx, || window::<C>(n, self.length))
                .into_iter()
                .collect::<anyhow::Result<Vec<Window>>>()
            {
                Ok(w) => w,
                Err(e) => return self.error = Some(e),
            };
            let mut mops = Vec::new();
            let mut ranked: Vec<Vec<f64>> = vec![Vec::new(); n];
            for (run, w) in windows.iter().enumerate() {
                let total: u64 = w.per_thread.iter().sum();
                mops.push(total as f64 / w.seconds / 1e6);
                let mut shares: Vec<f64> =
                    w.per_thread.iter().map(|&o| 100.0 * o as f64 / total.max(1) as f64).collect();
                shares.sort_by(|a, b| b.total_cmp(a));
                shares.iter().zip(&mut ranked).for_each(|(s, r)| r.push(*s));
                for (t, ops) in w.per_thread.iter().enumerate() {
                    self.csv.row(&[&C::NAME, &n, &run, &t, ops, &w.seconds]);
                }
            }
            self.points.push(Point {
                lock: C::NAME,
                threads: n,
                mops: Stats::of(&mops).expect("at least one window"),
                shares: ranked.iter().map(|r| Stats::of(r).expect("a share").median).collect(),
            });
        }
    }
}

/// Measures, prints, and saves `contended.csv`, `contended.svg` and `fairness.svg`.
pub fn run(ctx: &mut LabContext, s: &Settings) -> anyhow::Result<()> {
    let length = Duration::from_millis(if ctx.quick { 10 } else { 40 });
    let mut m = Measure {
        ctx,
        threads: &s.threads,
        length,
        csv: Csv::new(&["lock", "threads", "run", "thread", "increments", "seconds"]),
        points: Vec::new(),
        error: None,
    };
    each_lock(&mut m);
    let Measure { csv, points, error, .. } = m;
    if let Some(e) = error {
        return Err(e.context("a lock let two threads in at once"));
    }
    let at = |lock: &str, n: usize| {
        points.iter().find(|p| p.lock == lock && p.threads == n).expect("measured").mops.median
    };

    let mut headers = vec!["lock".to_string()];
    headers.extend(s.threads.iter().map(|n| format!("{n} thr. (M/s)")));
    headers.push("ratio to std, most threads".into());
    let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
    let mut table = Table::new(
        format!("Increments per second, all threads together ({} ms windows)", length.as_millis()),
        &headers,
    );
    let locks: Vec<&str> = points.iter().map(|p| p.lock).fold(Vec::new(), |mut v, l| {
        if !v.contains(&l) {
            v.push(l);
        }
        v
    });
    let most = *s.threads.last().expect("at least one thread count");
    for &lock in &locks {
        let mut row = vec![lock.to_string()];
        for &n in &s.threads {
            let ratio = at(STD, n) / at(lock, n);
            row.push(format!("{:.1}", at(lock, n)));
            ctx.record_result(
                &format!("contended-{}-{n}-mops", slug(lock)),
                format!("{:.1} M/s", at(lock, n)),
                &format!("increments per second, {n} thread(s): {lock}"),
            );
            ctx.record_result(
                &format!("contended-{}-{n}-ratio", slug(lock)),
                times(ratio),
                &format!("time per increment with {n} thread(s), {lock} against std's Mutex"),
            );
        }
        row.push(times(at(STD, most) / at(lock, most)));
        table.row(row);
    }
    table.print();
    ctx.save_csv(
        "contended",
        "increments per thread in each window, per lock and thread count",
        &csv,
    )?;

    let top = points.iter().map(|p| p.mops.max).fold(0.0, f64::max) * 1.08;
    let mut plot = LinePlot::new("Throughput of one lock fought over by n threads")
        .x(Axis::linear("threads"))
        .y(Axis::linear("increments per second, all threads (millions)").range(0.0, top.max(1.0)));
    for &lock in &locks {
        let mine = points.iter().filter(|p| p.lock == lock).map(|p| (p.threads as f64, p.mops));
        plot = plot.series(Series::measured(lock, mine));
    }
    ctx.save_figure(
        "contended",
        &plot.size(900, 560),
        &format!(
            "{} ms windows; medians of {} windows, bars from slowest to fastest",
            length.as_millis(),
            ctx.repeat
        ),
        &["contended"],
    )?;
    if most >= 2 {
        super::fairness::run(ctx, &points, &locks, most)?;
    }

    ctx.record_result(
        "contended-window-ms",
        length.as_millis().to_string(),
        "milliseconds per contended window",
    );
    claims::record(ctx, &points, &s.threads);
    Ok(())
}
