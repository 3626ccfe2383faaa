//! Experiment 4: what a permit costs when nobody has to wait.
//!
//! One thread takes and gives back a permit many times, with nobody else
//! around; the time per pair is compared with locking and unlocking a std
//! `Mutex`, the floor (an acquire and a release each lock the semaphore's
//! mutex once). The notebook's version notifies on every release, even with
//! nobody asleep; the chapter's counts its sleepers and does not.

use crate::minimal::MinimalSemaphore;
use crate::semaphore::Semaphore;
use labkit::LabContext;
use labkit::claim::{Claim, Quantity, show};
use labkit::plot::{Axis, BarPlot};
use labkit::report::{Csv, Table};
use std::hint::black_box;
use std::sync::Mutex;

/// Measures, prints, and saves `cost.csv` and `cost.svg`.
pub fn run(ctx: &mut LabContext) -> anyhow::Result<()> {
    let mutex = Mutex::new(0u64);
    let minimal = MinimalSemaphore::new(1);
    let semaphore = Semaphore::new(1);
    // ANCHOR: variants
    let variants: [(&str, &dyn Fn()); 4] = [
        ("std Mutex", &|| *black_box(&mutex).lock().unwrap() += 1),
        ("notebook's semaphore", &|| {
            minimal.acquire();
            minimal.release();
        }),
        ("Semaphore, acquire", &|| drop(black_box(semaphore.acquire()))),
        ("Semaphore, try_acquire", &|| drop(black_box(semaphore.try_acquire()))),
    ];
    // ANCHOR_END: variants
    let mut csv = Csv::new(&["variant", "pairs", "run", "ns_per_pair"]);
    let mut measured = Vec::new();
    for (name, pair) in variants {
        // Calibrated: each sample lasts at least 10 ms (5 ms with --quick).
        let per = ctx.sample_units(|pairs| (0..pairs).for_each(|_| pair()));
        for (i, seconds) in per.per_unit_seconds() {
            csv.row(&[&name, &per.units, &i, &(seconds * 1e9)]);
        }
        measured.push((name, per.per_unit().map(|s| s * 1e9), per.units));
    }
    let mut table = Table::new(
        "One thread, nobody waiting: the cost of a permit",
        &["variant", "ns per acquire + release", "× the mutex"],
    );
    let floor = measured[0].1.median;
    for (name, stats, _) in &measured {
        table.row([
            name.to_string(),
            format!("{:.1}", stats.median),
            format!("{:.1}×", stats.median / floor),
        ]);
    }
    table.print();
    ctx.save_csv("cost", "ns per acquire + release, one thread, nobody waiting", &csv)?;
    let plot = BarPlot::new("The cost of a permit when nobody waits")
        .categories(measured.iter().map(|m| m.0))
        .y(Axis::linear("time per acquire + release (ns)"))
        .group_measured("median", measured.iter().map(|m| m.1).collect());
    ctx.save_figure(
        "cost",
        &plot,
        &format!(
            "at least {} pairs per run, calibrated; medians of {} runs, bars from fastest to slowest",
            measured.iter().map(|m| m.2).min().unwrap_or(0),
            ctx.repeat
        ),
        &["cost"],
    )?;
    let ns = |i: usize| format!("{:.0} ns", measured[i].1.median);
    ctx.record_result("cost-mutex", ns(0), "std Mutex lock + unlock");
    ctx.record_result("cost-minimal", ns(1), "the notebook's semaphore, acquire + release");
    ctx.record_result("cost-semaphore", ns(2), "the chapter's Semaphore, acquire + drop");
    ctx.record_result("cost-try", ns(3), "the chapter's Semaphore, try_acquire + drop");
    ctx.record_result(
        "cost-saved",
        format!("{:.1}×", measured[1].1.median / measured[2].1.median),
        "the notebook's semaphore / the chapter's, nobody waiting",
    );
    let q =
        |i: usize| Quantity::new(measured[i].0, measured[i].1.map(|ns| ns * 1e-9), show::seconds);
    ctx.claim(
        "cost-minimal-dearer",
        Claim::greater(
            "the notebook's semaphore, which notifies on every release, costs more per acquire and release than the chapter's when nobody waits",
            &q(1),
            &q(2),
        ),
    );
    Ok(())
}
