//! Experiment 5: independent units of work, and units that share a lock.
//!
//! The notebook's first tip is to split a job into independent units. Units
//! that share something (a counter, a result list, a file) must take turns
//! on it. Here every piece of work does a share `f` of its steps while
//! holding one lock that all workers share, and the speedup is compared with
//! two models: Amdahl's law with `s = f`, as if nothing could overlap the
//! locked steps, and the limit `min(n, 1/f)`, reached if the other workers
//! always had independent steps to do while one holds the lock.

use super::Settings;
use crate::amdahl;
use crate::runners::pieces_sharing_a_lock;
use labkit::claim::{Claim, Quantity, show};
use labkit::plot::{Axis, LinePlot, Series};
use labkit::report::{Csv, Table};
use labkit::{LabContext, progress};
use std::time::Duration;

/// The shares of each piece done under the shared lock.
const SHARED: [f64; 6] = [0.0, 0.02, 0.05, 0.1, 0.25, 0.5];

/// The best speedup when a share `f` of all work must take turns on one
/// lock: `n` workers, but never faster than the locked work done back to back.
fn overlap_limit(f: f64, workers: usize) -> f64 {
    if f == 0.0 { workers as f64 } else { (workers as f64).min(1.0 / f) }
}

/// Measures, prints, and saves `independence.csv` and `independence.svg`.
pub fn run(ctx: &mut LabContext, s: &Settings) -> anyhow::Result<()> {
    let workers = ctx.machine.logical_cores;
    // Enough pieces of 20 µs for a sample of 5 ms (quick) or 10 ms on two workers.
    let pieces = if ctx.quick { 600 } else { 1500 };
    let piece = s.cal.iterations_for(Duration::from_micros(20));
    let bar = progress::bar(SHARED.len() as u64, "shared locks");
    let mut csv = Csv::new(&["shared_fraction", "workers", "run", "seconds"]);
    let mut speedups = Vec::new();
    for &f in &SHARED {
        let mut median = |n: usize| {
            let samples = ctx.sample(|| {
                pieces_sharing_a_lock(piece, pieces, f, n);
            });
            for (i, seconds) in samples.seconds() {
                csv.row(&[&f, &n, &i, &seconds]);
            }
            samples.stats()
        };
        let one = median(1).median;
        speedups.push((f, median(workers).map(|t| one / t)));
        bar.inc(1);
    }
    bar.finish_and_clear();

    let mut table = Table::new(
        format!(
            "{pieces} pieces of 20 µs on {workers} workers, part of each under one shared lock"
        ),
        &["share under the lock", "speedup", "Amdahl with s = share", "limit min(n, 1/share)"],
    );
    for (f, st) in &speedups {
        table.row([
            format!("{:.0} %", f * 100.0),
            format!("{:.2}×", st.median),
            format!("{:.2}×", amdahl::speedup(*f, workers as f64)),
            format!("{:.2}×", overlap_limit(*f, workers)),
        ]);
    }
    table.print();
    ctx.save_csv("independence", "time per share of work under a shared lock", &csv)?;

    let shares = || (0..=50).map(|i| i as f64 / 100.0);
    let plot = LinePlot::new("Work done under a shared lock: between two models")
        .x(Axis::linear("share of each piece done while holding the shared lock"))
        .y(Axis::linear(format!("speedup on {workers} workers (×)")))
        .series(
            Series::line(
                "limit: others always have their own work, min(n, 1/share)",
                shares().map(|f| (f, overlap_limit(f, workers))).collect(),
            )
            .dashed(),
        )
        .series(
            Series::line(
                "Amdahl's law, s = share: nothing overlaps the locked steps",
                shares().map(|f| (f, amdahl::speedup(f, workers as f64))).collect(),
            )
            .dashed(),
        )
        .series(Series::measured("measured", speedups.iter().copied()));
    ctx.save_figure(
        "independence",
        &plot,
        &format!("{workers} workers; medians of {} runs, bars from fastest to slowest", ctx.repeat),
        &["independence"],
    )?;
    let at = |f: f64| speedups.iter().find(|p| p.0 == f).map_or(f64::NAN, |p| p.1.median);
    ctx.record_result("shared-0", format!("{:.2}×", at(0.0)), "independent pieces: speedup");
    ctx.record_result("shared-10", format!("{:.2}×", at(0.1)), "10 % under a lock: speedup");
    ctx.record_result("shared-25", format!("{:.2}×", at(0.25)), "25 % under a lock: speedup");
    ctx.record_result("shared-50", format!("{:.2}×", at(0.5)), "50 % under a lock: speedup");
    let q = |f: f64| {
        let p = speedups.iter().find(|p| p.0 == f).expect("every share is measured");
        Quantity::new(format!("{:.0} % under the lock", f * 100.0), p.1, show::ratio)
    };
    ctx.claim(
        "small-share-cheap",
        Claim::ratio_at_least(
            "with 10 % of each piece under the lock, the speedup keeps at least 80 % of the independent pieces' speedup",
            &q(0.1),
            &q(0.0),
            0.8,
        )
        .if_not("the workers kept arriving at the lock together, so one waited, and was put to sleep, nearly every time"),
    );
    ctx.claim(
        "half-shared-limits",
        Claim::less(
            "with half of each piece under the lock, the speedup is below the independent pieces' speedup",
            &q(0.5),
            &q(0.0),
        ),
    );
    Ok(())
}
