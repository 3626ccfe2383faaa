//! `queue.Queue` in CPython beside this chapter's queue, one producer and
//! one consumer, in the same run.
//!
//! `python/queue_handoff.py` streams items through `queue.Queue(maxsize=c)`
//! from the main thread to one consumer thread and times each run; the
//! Rust side streams items through [`crate::Queue`] without spinning at the
//! same capacity (`pipeline::stream`), in samples calibrated to the kit's
//! minimum length as the throughput figure's points are, and first, so that
//! its figures are there without Python. CPython's `Queue` is Python
//! code on `threading.Condition`, run one bytecode at a time under the GIL,
//! so the ratio is the cost of that, per item. Without python3 the series
//! is skipped with a note.

use super::Settings;
use crate::pipeline::stream;
use crate::rivals::Rival;
use labkit::LabContext;
use labkit::measure::Stats;
use labkit::python::{Script, record_ratio};
use labkit::report::{Table, duration};
use serde::Deserialize;
use std::time::Duration;

/// What the script prints.
#[derive(Deserialize)]
struct Runs {
    /// The items each run moved.
    items: u64,
    /// Each run's time.
    seconds: Vec<f64>,
}

/// Runs the script at capacity 1 and at capacity 1024 and records the
/// per-item times and their ratios.
pub fn run(ctx: &mut LabContext, s: &Settings) -> anyhow::Result<()> {
    let mut table = Table::new(
        "queue.Queue against this chapter's queue, 1 producer and 1 consumer: time per item",
        &["capacity", "Python queue.Queue", "Queue, no spin", "Python / Rust"],
    );
    for (capacity, items) in [
        (1usize, if ctx.quick { 2_000 } else { 10_000 }),
        (1024, if ctx.quick { 20_000 } else { 100_000 }),
    ] {
        // Rust first, so its figure is there with or without Python; timed
        // as the throughput figure's points are, in samples calibrated to
        // the kit's minimum length.
        let rust = ctx
            .sample_units(|units| {
                stream(Rival::QueueNoSpin, capacity, 1, 1, units.max(1));
            })
            .per_unit()
            .median;
        let key = format!("python-{capacity}");
        let what = format!("1p/1c, capacity {capacity}");
        ctx.record_result(
            &format!("{key}-rust-per-item"),
            duration(Duration::from_secs_f64(rust)),
            &format!("{what}: Queue, no spin, per item (calibrated samples)"),
        );
        let script = Script::new(ctx.lab, "queue_handoff.py")
            .args(["--capacity", &capacity.to_string(), "--items", &items.to_string()])
            .args(["--runs", &ctx.repeat.to_string()])
            .deadline(Duration::from_secs(60));
        let runs = match s.python.run::<Runs>(&script) {
            Ok(runs) => runs,
            Err(skipped) => {
                skipped.print();
                let why = format!("not measured: {skipped}");
                for suffix in ["per-item", "ratio"] {
                    ctx.record_result(
                        &format!("{key}-{suffix}"),
                        why.clone(),
                        "Python series (skipped)",
                    );
                }
                table.row([
                    capacity.to_string(),
                    why,
                    duration(Duration::from_secs_f64(rust)),
                    String::new(),
                ]);
                continue;
            }
        };
        anyhow::ensure!(!runs.seconds.is_empty(), "queue_handoff.py: no runs");
        let python = Stats::of(&runs.seconds).expect("the script ran").median / runs.items as f64;
        ctx.record_result(
            &format!("{key}-per-item"),
            duration(Duration::from_secs_f64(python)),
            &format!("{what}, {} items per run: Python queue.Queue, per item", runs.items),
        );
        let ratio = record_ratio(
            ctx,
            &format!("{key}-ratio"),
            rust,
            python,
            &format!("{what}: Python's time per item over Rust's"),
        );
        table.row([
            capacity.to_string(),
            duration(Duration::from_secs_f64(python)),
            duration(Duration::from_secs_f64(rust)),
            labkit::python::format_ratio(ratio),
        ]);
    }
    table.print();
    println!();
    Ok(())
}
