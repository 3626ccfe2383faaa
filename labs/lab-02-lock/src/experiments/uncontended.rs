//! Experiment 3: what one lock + unlock costs when nobody else wants it.
//!
//! One thread increments a counter behind each lock a few million times;
//! the time per increment is the cost of the lock's fast paths (for the
//! futex lock: one compare-exchange to lock, one swap to unlock), plus the
//! increment itself, which every lock pays alike. The chapter's target:
//! the futex lock within 1.5× of std's `Mutex`.
//!
//! A few nanoseconds are easily drowned by a single interruption (another
//! program, a timer), so each repetition is cut into [`BATCHES`] short
//! batches and keeps its fastest batch: the time per increment when nothing
//! else got in the way. The figure shows the median over repetitions.

use super::{repeated, slug, times, verdict};
use crate::contenders::{Contender, FUTEX, STD, Visit, each_lock};
use labkit::LabContext;
use labkit::measure::Stats;
use labkit::plot::{Axis, BarPlot};
use labkit::report::{Csv, Table};
use std::hint::black_box;
use std::time::Instant;

/// The chapter's target for the futex lock, as a ratio to std's `Mutex`.
pub const TARGET: f64 = 1.5;

/// Short batches per repetition; the fastest one counts.
pub const BATCHES: u64 = 20;

/// Times each lock in turn.
struct Measure<'a> {
    /// Where repetitions come from.
    ctx: &'a LabContext,
    /// Increments per timed run.
    iterations: u64,
    /// One row per run: lock, run, nanoseconds per lock + unlock.
    csv: Csv,
    /// Each lock's name and its cost in ns over the runs.
    costs: Vec<(&'static str, Stats)>,
}

impl Visit for Measure<'_> {
    fn visit<C: Contender>(&mut self) {
        let lock = C::new(0);
        let batch = self.iterations / BATCHES;
        let ns = repeated(self.ctx, || {
            let fastest = (0..BATCHES).map(|_| {
                let start = Instant::now();
                for _ in 0..batch {
                    black_box(&lock).increment();
                }
                start.elapsed().as_nanos() as f64 / batch as f64
            });
            fastest.fold(f64::INFINITY, f64::min)
        });
        for (run, ns) in ns.iter().enumerate() {
            self.csv.row(&[&C::NAME, &run, ns]);
        }
        self.costs.push((C::NAME, Stats::of(&ns).expect("at least one run")));
    }
}

/// Measures, prints, and saves `uncontended.csv` and `uncontended.svg`.
pub fn run(ctx: &mut LabContext) -> anyhow::Result<()> {
    let iterations = if ctx.quick { 300_000 } else { 3_000_000 };
    let mut m = Measure {
        ctx,
        iterations,
        csv: Csv::new(&["lock", "run", "ns_per_lock_unlock"]),
        costs: Vec::new(),
    };
    each_lock(&mut m);
    let Measure { csv, costs, .. } = m;
    let of = |name: &str| costs.iter().find(|c| c.0 == name).expect("every lock was measured").1;
    let std_ns = of(STD).median;

    let mut table = Table::new(
        format!(
            "One lock + increment + unlock, no other thread (fastest of {BATCHES} batches, {iterations} per run)"
        ),
        &["lock", "ns (median)", "fastest run", "slowest run", "ratio to std"],
    );
    for (name, st) in &costs {
        let ratio = st.median / std_ns;
        table.row([
            name.to_string(),
            format!("{:.1}", st.median),
            format!("{:.1}", st.min),
            format!("{:.1}", st.max),
            times(ratio),
        ]);
        ctx.record_result(
            &format!("uncontended-{}-ns", slug(name)),
            format!("{:.1} ns", st.median),
            &format!("one lock + unlock, uncontended: {name}"),
        );
        ctx.record_result(
            &format!("uncontended-{}-ratio", slug(name)),
            times(ratio),
            &format!("uncontended cost of the {name}, as a ratio to std's Mutex"),
        );
    }
    table.print();
    ctx.save_csv("uncontended", "nanoseconds per lock + increment + unlock, one thread", &csv)?;

    let plot = BarPlot::new("What one lock + unlock costs when nobody else wants it")
        .categories(costs.iter().map(|c| c.0))
        .y(Axis::linear("time per lock + increment + unlock (ns)"))
        .group_with_spread(
            "median",
            costs.iter().map(|c| c.1.median).collect(),
            costs.iter().map(|c| (c.1.min, c.1.max)).collect(),
        )
        .size(900, 500);
    ctx.save_figure(
        "uncontended",
        &plot,
        &format!(
            "one thread, {iterations} increments per run in {BATCHES} batches, the fastest batch counts; medians of {} runs, bars from fastest to slowest",
            ctx.repeat
        ),
        &["uncontended"],
    )?;

    let ratio = of(FUTEX).median / std_ns;
    ctx.record_result(
        "uncontended-target",
        verdict(ratio, TARGET),
        "the futex lock's uncontended cost against std's Mutex, and the 1.5× target",
    );
    println!("futex lock against std's Mutex, uncontended: {}\n", verdict(ratio, TARGET));
    Ok(())
}
