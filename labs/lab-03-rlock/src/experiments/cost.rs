//! Experiment 1: what reentrancy costs when nobody else wants the lock.
//!
//! One thread takes and releases a lock over and over, in calibrated
//! samples (the kit's `ctx.sample_units`: each sample lasts at least the
//! kit's minimum sample time); the time per lock + unlock is the median
//! sample divided by its count. Each lock + unlock is one call through
//! `black_box`, which the compiler can neither inline into the loop nor
//! hoist work out of (the thread-id read, say), the same shape as the
//! contended experiment's calls: without it the two experiments measured
//! different code for the same lock. Plain locks (chapter
//! 02's futex lock, std's `Mutex`) against the reentrant ones (this
//! chapter's [`RLock`], `parking_lot::ReentrantMutex`), first acquire
//! (from free) and nested acquire (while the same thread already holds
//! `depth - 1` guards). A first acquire does all a plain lock does, plus
//! reading the thread's id and writing the owner; a nested one does no
//! atomic read-modify-write at all.

use crate::RLock;
use lab_02_lock::{FutexLock, Mutex};
use labkit::claim::{Claim, Quantity, show};
use labkit::measure::Stats;
use labkit::plot::{Axis, BarPlot, LinePlot, Series};
use labkit::report::{Csv, Table};
use labkit::{LabContext, progress};
use std::hint::black_box;

/// Times `one` (a lock + unlock) in calibrated samples; adds each sample
/// to `csv` and returns nanoseconds per lock + unlock. `fewest` keeps the
/// smallest count of operations a sample needed, for the caption.
fn measure(
    ctx: &LabContext,
    (csv, fewest): (&mut Csv, &mut u64),
    (lock, depth): (&str, u32),
    mut one: impl FnMut(),
) -> Stats {
    let one: &mut dyn FnMut() = &mut one;
    let per = ctx.sample_units(|n| (0..n).for_each(|_| black_box(&mut *one)()));
    for (run, seconds) in per.per_unit_seconds() {
        csv.row(&[&lock, &depth, &run, &per.units, &(seconds * 1e9)]);
    }
    *fewest = (*fewest).min(per.units);
    per.per_unit().map(|s| s * 1e9)
}

/// Measures, prints, and saves `cost.csv`, `cost.svg` and `cost-depth.svg`.
pub fn run(ctx: &mut LabContext, max_depth: u32) -> anyhow::Result<()> {
    let mut ops = u64::MAX; // the fewest operations in one sample, for captions
    let bar = progress::bar(2 + 2 * u64::from(max_depth), "uncontended cost");
    let mut csv = Csv::new(&["lock", "depth", "run", "operations", "ns_per_lock_unlock"]);
    let m = &mut (&mut csv, &mut ops);

    // ANCHOR: measured
    let futex = Mutex::<u64, FutexLock>::new(0);
    let futex = measure(ctx, (m.0, m.1), ("futex lock", 1), || {
        black_box(&*futex.lock());
    });
    let std_mutex = std::sync::Mutex::new(0u64);
    let std_mutex = measure(ctx, (m.0, m.1), ("std Mutex", 1), || {
        black_box(&*std_mutex.lock().unwrap());
    });
    bar.inc(2);
    let (mut ours, mut theirs) = (Vec::new(), Vec::new());
    for depth in 1..=max_depth {
        // Hold depth - 1 guards, then time the acquire at `depth`.
        let rlock = RLock::new(0u64);
        let outer: Vec<_> = (1..depth).map(|_| rlock.lock()).collect();
        ours.push(measure(ctx, (m.0, m.1), ("RLock", depth), || {
            black_box(&*rlock.lock());
        }));
        drop(outer);
        let remutex = parking_lot::ReentrantMutex::new(0u64);
        let outer: Vec<_> = (1..depth).map(|_| remutex.lock()).collect();
        theirs.push(measure(ctx, (m.0, m.1), ("parking_lot ReentrantMutex", depth), || {
            black_box(&*remutex.lock());
        }));
        drop(outer);
        bar.inc(2);
    }
    // ANCHOR_END: measured
    bar.finish_and_clear();

    let rows = [
        ("futex lock (chapter 02)", "plain", futex),
        ("std::sync::Mutex", "plain", std_mutex),
        ("RLock (this chapter)", "first", ours[0]),
        ("RLock (this chapter)", "nested (depth 2)", ours[1]),
        ("parking_lot::ReentrantMutex", "first", theirs[0]),
        ("parking_lot::ReentrantMutex", "nested (depth 2)", theirs[1]),
    ];
    let mut table = Table::new(
        format!("Uncontended lock + unlock, one thread (samples of {ops} or more in a row)"),
        &["lock", "acquire", "ns per lock+unlock", "× futex lock"],
    );
    for (lock, acquire, s) in &rows {
        let ratio = format!("{:.2}×", s.median / futex.median);
        table.row([lock.to_string(), acquire.to_string(), format!("{:.1}", s.median), ratio]);
    }
    table.print();
    ctx.save_csv("cost", "uncontended ns per lock + unlock, by lock, nesting depth and run", &csv)?;

    let names = [
        "futex lock",
        "std Mutex",
        "RLock first",
        "RLock nested",
        "parking_lot first",
        "parking_lot nested",
    ];
    let bars = BarPlot::new("Uncontended lock + unlock: plain and reentrant locks")
        .categories(names)
        .y(Axis::linear("ns per lock + unlock"))
        .group_with_spread(
            format!("median of {} runs", ctx.repeat),
            rows.iter().map(|r| r.2.median).collect(),
            rows.iter().map(|r| (r.2.min, r.2.max)).collect(),
        );
    let what = format!(
        "one thread, samples of at least {} ms ({ops} or more lock + unlock); nested = depth 2; parking_lot = its ReentrantMutex; bars: fastest to slowest of {} runs",
        ctx.min_sample().as_millis(),
        ctx.repeat
    );
    ctx.save_figure("cost", &bars, &what, &["cost"])?;

    let depths =
        |s: &[Stats]| s.iter().enumerate().map(|(i, &st)| (i as f64 + 1.0, st)).collect::<Vec<_>>();
    let flat =
        |name: &str, y: f64| Series::line(name, vec![(1.0, y), (f64::from(max_depth), y)]).dashed();
    let plot = LinePlot::new("Cost of an acquire against nesting depth")
        .x(Axis::linear("nesting depth (1 = first acquire)"))
        .y(Axis::linear("ns per lock + unlock"))
        .series(Series::measured("RLock (this chapter)", depths(&ours)))
        .series(Series::measured("parking_lot::ReentrantMutex", depths(&theirs)))
        .series(flat("futex lock (plain)", futex.median))
        .series(flat("std Mutex (plain)", std_mutex.median));
    let what = format!(
        "one thread, samples of at least {} ms per point; medians of {} runs, bars fastest to slowest",
        ctx.min_sample().as_millis(),
        ctx.repeat
    );
    ctx.save_figure("cost-depth", &plot, &what, &["cost"])?;

    let ns = |s: &Stats| format!("{:.1} ns", s.median);
    let times = |a: &Stats, b: &Stats| format!("{:.2}×", a.median / b.median);
    ctx.record_result("cost-futex-ns", ns(&futex), "lock + unlock, futex lock (chapter 02)");
    ctx.record_result("cost-std-ns", ns(&std_mutex), "lock + unlock, std::sync::Mutex");
    ctx.record_result("cost-rlock-first-ns", ns(&ours[0]), "lock + unlock, RLock, first acquire");
    ctx.record_result(
        "cost-rlock-nested-ns",
        ns(&ours[1]),
        "lock + unlock, RLock, nested (depth 2)",
    );
    let deepest = ours.last().expect("depth 1 at least");
    ctx.record_result(
        "cost-rlock-deepest-ns",
        ns(deepest),
        &format!("lock + unlock, RLock, at depth {max_depth}"),
    );
    ctx.record_result(
        "cost-pl-first-ns",
        ns(&theirs[0]),
        "lock + unlock, parking_lot ReentrantMutex, first",
    );
    ctx.record_result(
        "cost-pl-nested-ns",
        ns(&theirs[1]),
        "lock + unlock, parking_lot ReentrantMutex, nested",
    );
    ctx.record_result(
        "cost-rlock-first-ratio",
        times(&ours[0], &futex),
        "RLock first acquire ÷ futex lock",
    );
    ctx.record_result(
        "cost-rlock-nested-ratio",
        times(&ours[1], &futex),
        "RLock nested acquire ÷ futex lock",
    );
    ctx.record_result(
        "cost-pl-first-ratio",
        times(&theirs[0], &ours[0]),
        "parking_lot first ÷ RLock first",
    );
    ctx.record_result(
        "cost-pl-nested-ratio",
        times(&theirs[1], &ours[1]),
        "parking_lot nested ÷ RLock nested",
    );
    ctx.record_result("cost-max-depth", max_depth.to_string(), "deepest nesting measured");

    let q = |label: &str, s: &Stats| Quantity::new(label, *s, nanoseconds);
    ctx.claim(
        "first-dearer-than-futex",
        Claim::greater(
            "the `RLock`'s first acquire costs more than the futex lock it is built on",
            &q("RLock first", &ours[0]),
            &q("futex lock", &futex),
        )
        .if_not("the id read and the two owner stores are a few plain instructions, which a processor can overlap with the lock's atomic ones"),
    );
    ctx.claim(
        "nested-cheaper-than-first",
        Claim::less(
            "a nested acquire of the `RLock` costs less than its first acquire",
            &q("RLock nested", &ours[1]),
            &q("RLock first", &ours[0]),
        ),
    );
    ctx.claim(
        "nested-cheaper-than-futex",
        Claim::less(
            "a nested acquire of the `RLock` costs less than a lock + unlock of the plain futex lock",
            &q("RLock nested", &ours[1]),
            &q("futex lock", &futex),
        ),
    );
    ctx.claim(
        "depth-flat",
        Claim::ratio_at_most(
            format!("a nested acquire at depth {max_depth} costs at most 1.25× one at depth 2"),
            &q(&format!("RLock at depth {max_depth}"), deepest),
            &q("RLock at depth 2", &ours[1]),
            1.25,
        )
        .if_not("every nested acquire does the same work; a difference here is the machine's noise between two points measured at different moments"),
    );
    Ok(())
}

/// Nanoseconds, as claims show them, to three digits: `1.23 ns`.
pub fn nanoseconds(ns: f64) -> String {
    format!("{} ns", show::number(ns))
}
