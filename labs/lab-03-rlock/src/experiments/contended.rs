//! Experiment 2: the same locks when threads compete for them.
//!
//! `n` threads each add 1 to a counter behind one lock, `per_thread` times.
//! The time per lock + unlock is the whole run's time divided by all the
//! additions. With competition, a lock's cost is mostly the hand-over: the
//! cache line with the lock moving between cores, and the sleeping and
//! waking of a waiter. The reentrant lock's extra work (reading the
//! thread's id, writing the owner) happens while it holds the lock, on the
//! line it just took, so it should add little. The final count is checked:
//! no addition may be lost.

use super::ns_per_op;
use crate::RLock;
use lab_02_lock::{FutexLock, Mutex};
use labkit::claim::{Claim, Quantity};
use labkit::measure::Samples;
use labkit::plot::{Axis, LinePlot, Series};
use labkit::report::{Csv, Table};
use labkit::{LabContext, Stats, progress};
use std::cell::Cell;
use std::sync::Barrier;
use std::time::{Duration, Instant};

/// The locks compared, in the order shown.
const LOCKS: [&str; 4] =
    ["futex lock", "std::sync::Mutex", "RLock (this chapter)", "parking_lot::ReentrantMutex"];

/// One lock's pair of closures: add 1 under the lock, read the count.
type AddAndCount<'a> = (&'a (dyn Fn() + Sync), &'a dyn Fn() -> u64);

/// Runs `add` `per_thread` times on each of `threads` threads, released
/// together; returns the time from the first thread's start to the last
/// one's finish, as the threads clocked them. Starting and joining threads
/// is left out: with few additions per thread it would weigh more than the
/// lock.
fn hammer(threads: usize, per_thread: u64, add: &(dyn Fn() + Sync)) -> Duration {
    let go = Barrier::new(threads);
    let spans: Vec<(Instant, Instant)> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| {
                    go.wait();
                    let start = Instant::now();
                    (0..per_thread).for_each(|_| add());
                    (start, Instant::now())
                })
            })
            .collect();
        workers.into_iter().map(|w| w.join().expect("no panic")).collect()
    });
    let first = spans.iter().map(|s| s.0).min();
    let last = spans.iter().map(|s| s.1).max();
    first.zip(last).map_or(Duration::ZERO, |(first, last)| last - first)
}

/// Times one lock at one thread count (one warm-up run, then the lab's
/// repetitions); `count` reads its counter, which must have lost nothing.
fn point(
    ctx: &LabContext,
    threads: usize,
    per_thread: u64,
    add: &(dyn Fn() + Sync),
    count: &dyn Fn() -> u64,
) -> anyhow::Result<(Stats, Vec<f64>)> {
    let before = count();
    hammer(threads, per_thread, add);
    let samples = Samples((0..ctx.repeat).map(|_| hammer(threads, per_thread, add)).collect());
    let runs = u64::from(ctx.repeat) + 1;
    let expected = before + runs * threads as u64 * per_thread;
    anyhow::ensure!(count() == expected, "lost updates: {} instead of {expected}", count());
    let ops = threads as u64 * per_thread;
    let each = samples.seconds().map(|(_, s)| s * 1e9 / ops as f64).collect();
    Ok((ns_per_op(samples.stats(), ops), each))
}

/// Measures, prints, and saves `contended.csv` and `contended.svg`.
pub fn run(ctx: &mut LabContext, workers: &[usize]) -> anyhow::Result<()> {
    // At tens of nanoseconds per addition, enough for a run of 10 ms or more.
    let per_thread: u64 = if ctx.quick { 150_000 } else { 800_000 };
    let bar = progress::bar((LOCKS.len() * workers.len()) as u64, "contended cost");
    let mut csv = Csv::new(&["lock", "threads", "run", "ns_per_lock_unlock"]);
    let mut medians = vec![Vec::new(); LOCKS.len()]; // [lock][thread count]
    for &n in workers {
        let futex = Mutex::<u64, FutexLock>::new(0);
        let std_mutex = std::sync::Mutex::new(0u64);
        let rlock = RLock::new(Cell::new(0u64));
        let remutex = parking_lot::ReentrantMutex::new(Cell::new(0u64));
        let adds: [AddAndCount; 4] = [
            (&|| *futex.lock() += 1, &|| *futex.lock()),
            (&|| *std_mutex.lock().unwrap() += 1, &|| *std_mutex.lock().unwrap()),
            (&|| rlock.lock().update(|c| c + 1), &|| rlock.lock().get()),
            (&|| remutex.lock().update(|c| c + 1), &|| remutex.lock().get()),
        ];
        for (l, (add, count)) in adds.iter().enumerate() {
            let (stats, each) = point(ctx, n, per_thread, *add, *count)?;
            for (run, ns) in each.iter().enumerate() {
                csv.row(&[&LOCKS[l], &n, &run, ns]);
            }
            medians[l].push(stats);
            bar.inc(1);
        }
    }
    bar.finish_and_clear();

    let mut headers = vec!["threads"];
    headers.extend(LOCKS);
    let mut table = Table::new(
        format!("ns per lock + unlock, threads competing ({per_thread} additions each)"),
        &headers,
    );
    for (i, n) in workers.iter().enumerate() {
        let mut row = vec![n.to_string()];
        row.extend(medians.iter().map(|m| format!("{:.1}", m[i].median)));
        table.row(row);
    }
    table.print();
    ctx.save_csv(
        "contended",
        "ns per lock + unlock with threads competing, by lock and run",
        &csv,
    )?;

    let mut plot = LinePlot::new("Lock + unlock with threads competing for one lock")
        .x(Axis::log("threads"))
        .y(Axis::linear("ns per lock + unlock (all threads' additions)"));
    for (name, m) in LOCKS.iter().zip(&medians) {
        let points = workers.iter().zip(m).map(|(&n, &s)| (n as f64, s));
        plot = plot.series(Series::measured(*name, points));
    }
    let what = format!(
        "{per_thread} additions per thread; medians of {} runs, bars fastest to slowest; {} logical cores",
        ctx.repeat, ctx.machine.logical_cores
    );
    ctx.save_figure("contended", &plot, &what, &["contended"])?;

    if let Some(i) = workers.iter().position(|&n| n == 2) {
        let ns = |l: usize| format!("{:.1} ns", medians[l][i].median);
        ctx.record_result("contended-2-futex-ns", ns(0), "2 threads competing: futex lock");
        ctx.record_result("contended-2-std-ns", ns(1), "2 threads competing: std Mutex");
        ctx.record_result("contended-2-rlock-ns", ns(2), "2 threads competing: RLock");
        ctx.record_result(
            "contended-2-pl-ns",
            ns(3),
            "2 threads competing: parking_lot ReentrantMutex",
        );
        let ratio = medians[2][i].median / medians[0][i].median;
        ctx.record_result(
            "contended-2-rlock-ratio",
            format!("{ratio:.2}×"),
            "2 threads: RLock ÷ futex lock",
        );
    }
    let claim = match workers.iter().position(|&n| n == 2) {
        Some(i) => Claim::ratio_at_most(
            "with 2 threads competing, the `RLock` stays within 1.5× of the futex lock it is built on",
            &Quantity::new("RLock", medians[2][i], super::cost::nanoseconds),
            &Quantity::new("futex lock", medians[0][i], super::cost::nanoseconds),
            1.5,
        )
        .if_not("the hand-over dominates and swings from run to run; the `RLock`'s own work happens while it holds the lock"),
        None => Claim::fact(
            "with 2 threads competing, the `RLock` stays within 1.5× of the futex lock it is built on",
            false,
            "2 threads were not measured (see --workers)",
        ),
    };
    ctx.claim("rlock-follows-futex", claim);
    Ok(())
}
