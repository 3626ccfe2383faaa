//! Experiment 2: the same locks when threads compete for them.
//!
//! `n` threads each add 1 to a counter behind one lock, as fast as they
//! can, for a window of time at least twice the kit's minimum sample (as
//! chapter 02's contended runs do): a window of time rather than a fixed
//! number of additions, so that every thread runs for the whole window and
//! the threads really compete, where a fixed count lets the first thread
//! finish much of its share before the last one has started. The time per
//! lock + unlock is the window's length divided by all the threads'
//! additions. With competition, a lock's cost can be mostly the hand-over:
//! the cache line with the lock moving between cores, and the sleeping and
//! waking of a waiter; the claims say whether it was. The reentrant lock's
//! extra work (reading the thread's id, writing the owner) happens while it
//! holds the lock, on the line it just took, so it should add little. The
//! final count is checked: no addition may be lost.

use crate::RLock;
use lab_02_lock::{FutexLock, Mutex};
use labkit::claim::{Claim, Quantity};
use labkit::plot::{Axis, LinePlot, Series};
use labkit::report::{Csv, Table};
use labkit::{LabContext, Stats, progress};
use std::cell::Cell;
use std::sync::Barrier;
use std::sync::atomic::{AtomicBool, Ordering::Relaxed};
use std::time::{Duration, Instant};

/// The locks compared, in the order shown.
const LOCKS: [&str; 4] =
    ["futex lock", "std::sync::Mutex", "RLock (this chapter)", "parking_lot::ReentrantMutex"];

/// One lock's pair of closures: add 1 under the lock, read the count.
type AddAndCount<'a> = (&'a (dyn Fn() + Sync), &'a dyn Fn() -> u64);

/// Runs `add` on each of `threads` threads, released together, until
/// `length` has passed; returns the window's measured length and the
/// additions all threads made.
fn window(threads: usize, length: Duration, add: &(dyn Fn() + Sync)) -> (Duration, u64) {
    let go = Barrier::new(threads + 1);
    let stop = AtomicBool::new(false);
    std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| {
                    go.wait();
                    let mut mine = 0u64;
                    while !stop.load(Relaxed) {
                        // Through `black_box`, as the cost experiment calls
                        // its closures: one indirect call per addition in both.
                        std::hint::black_box(add)();
                        mine += 1;
                    }
                    mine
                })
            })
            .collect();
        go.wait();
        let start = Instant::now();
        std::thread::sleep(length);
        stop.store(true, Relaxed);
        let took = start.elapsed();
        let made = workers.into_iter().map(|w| w.join().expect("no panic")).sum();
        (took, made)
    })
}

/// Times one lock at one thread count (one warm-up window, then the lab's
/// repetitions); `count` reads its counter, which must have lost nothing.
/// Returns nanoseconds per addition: over the windows, and each window's.
fn point(
    ctx: &LabContext,
    threads: usize,
    length: Duration,
    add: &(dyn Fn() + Sync),
    count: &dyn Fn() -> u64,
) -> anyhow::Result<(Stats, Vec<f64>)> {
    let before = count();
    let (_, warm) = window(threads, length, add);
    let windows: Vec<(Duration, u64)> =
        (0..ctx.repeat).map(|_| window(threads, length, add)).collect();
    let expected = before + warm + windows.iter().map(|w| w.1).sum::<u64>();
    anyhow::ensure!(count() == expected, "lost updates: {} instead of {expected}", count());
    let each: Vec<f64> =
        windows.iter().map(|(t, made)| t.as_secs_f64() * 1e9 / (*made).max(1) as f64).collect();
    Ok((Stats::of(&each).expect("at least one window"), each))
}

/// Measures, prints, and saves `contended.csv` and `contended.svg`.
pub fn run(ctx: &mut LabContext, workers: &[usize]) -> anyhow::Result<()> {
    let length = 2 * ctx.min_sample();
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
            let (stats, each) = point(ctx, n, length, *add, *count)?;
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
        format!("ns per lock + unlock, threads competing ({} ms windows)", length.as_millis()),
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
        "{} ms windows; medians of {} windows, bars fastest to slowest; {} logical cores",
        length.as_millis(),
        ctx.repeat,
        ctx.machine.logical_cores
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
        None => Claim::not_measured(
            "with 2 threads competing, the `RLock` stays within 1.5× of the futex lock it is built on",
            "2 threads were not measured (see --workers)",
        ),
    };
    ctx.claim("rlock-follows-futex", claim);
    let dearer = "with 2 threads competing, the futex lock takes more time per addition than with one thread alone";
    let claim = match (workers.iter().position(|&n| n == 1), workers.iter().position(|&n| n == 2)) {
        (Some(one), Some(two)) => Claim::greater(
            dearer,
            &Quantity::new("futex lock, 2 threads", medians[0][two], super::cost::nanoseconds),
            &Quantity::new("futex lock, 1 thread", medians[0][one], super::cost::nanoseconds),
        )
        .if_not("the thread that had just unlocked mostly took the lock straight back, before the other one woke up, so the lock seldom changed hands and the counter stayed in one core's cache"),
        _ => Claim::not_measured(dearer, "1 and 2 threads were not both measured (see --workers)"),
    };
    ctx.claim("futex-contended-dearer", claim);
    ctx.record_result(
        "contended-window-ms",
        length.as_millis().to_string(),
        "milliseconds per contended window",
    );
    Ok(())
}
