//! `queue.Queue` in CPython beside this chapter's queue, one producer and
//! one consumer, in the same run.
//!
//! `python/queue_handoff.py` streams items through `queue.Queue(maxsize=c)`
//! from the main thread to one consumer thread and times each run; the
//! Rust side streams the same number of items through [`crate::Queue`]
//! at the same capacity (`pipeline::stream`). CPython's `Queue` is Python
//! code on `threading.Condition`, run one bytecode at a time under the GIL,
//! so the ratio is the cost of that, per item. Without python3 the series
//! is skipped with a note.

use super::Settings;
use crate::pipeline::stream;
use crate::rivals::Rival;
use labkit::LabContext;
use labkit::measure::{Samples, Stats, timed};
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
        let script = Script::new(ctx.lab, "queue_handoff.py")
            .args(["--capacity", &capacity.to_string(), "--items", &items.to_string()])
            .args(["--runs", &ctx.repeat.to_string()])
            .deadline(Duration::from_secs(60));
        let runs = match s.python.run::<Runs>(&script) {
            Ok(runs) => runs,
            Err(skipped) => {
                skipped.print();
                return Ok(());
            }
        };
        let python = Stats::of(&runs.seconds).expect("the script ran").median / runs.items as f64;
        let rust = Samples(
            (0..=ctx.repeat)
                .map(|_| timed(|| stream(Rival::QueueNoSpin, capacity, 1, 1, runs.items)).1)
                .skip(1)
                .collect(),
        );
        let rust = rust.stats().median / runs.items as f64;
        let key = format!("python-{capacity}");
        let what = format!("1p/1c, capacity {capacity}, {} items", runs.items);
        ctx.record_result(
            &format!("{key}-per-item"),
            duration(Duration::from_secs_f64(python)),
            &format!("{what}: Python queue.Queue, per item"),
        );
        ctx.record_result(
            &format!("{key}-rust-per-item"),
            duration(Duration::from_secs_f64(rust)),
            &format!("{what}: Queue, no spin, per item"),
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
