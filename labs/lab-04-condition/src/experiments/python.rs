//! `threading.Condition` in CPython beside std's `Condvar`: the wake-up
//! latency of a blocked waiter, in the same run.
//!
//! `python/condition_wakeup.py` plays the rounds of [`crate::wakeup::wakeups`]
//! (one waiter, one notifier, the notify a random 1 to 5 ms after the wait
//! began) with Python 3's `Condition`, whose `wait()` blocks on a lock; the
//! Rust side plays the same delays on std's untimed `Condvar::wait`. The
//! ratio of the medians is what CPython adds to a wake-up: the interpreter,
//! and the GIL the woken thread must take back. Without python3 the series
//! is skipped with a note.

use super::Settings;
use crate::monitor::{Monitor, StdMonitor};
use crate::wakeup::{Phase, wakeups};
use labkit::LabContext;
use labkit::claim::{Claim, Quantity, show};
use labkit::measure::{Stats, percentile};
use labkit::python::{Script, format_ratio, record_ratio};
use labkit::report::{Table, duration};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::Deserialize;
use std::time::Duration;

/// The claim's statement, one place for the measured and the skipped case.
const SLOWER: &str = "a thread woken from Python's `threading.Condition.wait` runs again later after the notify than one woken from std's `Condvar::wait` (wake-up latencies over the rounds)";

/// What the script prints.
#[derive(Deserialize)]
struct Latencies {
    /// One latency per round, in seconds.
    latencies: Vec<f64>,
}

/// Measures both, prints them, and records the medians and their ratio.
pub fn run(ctx: &mut LabContext, s: &Settings) -> anyhow::Result<()> {
    let rounds = if ctx.quick { 60 } else { 250 };
    let mut rng = StdRng::seed_from_u64(ctx.seed ^ 0x5059);
    let delays: Vec<Duration> =
        (0..rounds).map(|_| Duration::from_micros(rng.random_range(1_000..=5_000))).collect();
    let list = delays.iter().map(|d| d.as_micros().to_string()).collect::<Vec<_>>().join(",");
    let script = Script::new(ctx.lab, "condition_wakeup.py")
        .arg("--delays-us")
        .arg(list)
        .deadline(Duration::from_secs(60));
    // Rust first, so its figure is there with or without Python.
    let mut rust: Vec<Duration> =
        wakeups::<StdMonitor<Phase>>(&delays).into_iter().map(|w| w.latency).collect();
    rust.sort_unstable();
    let rs = percentile(&rust, 0.5);
    ctx.record_result(
        "python-wakeup-rust-median",
        duration(rs),
        "wake-up latency, median: std Condvar, same delays",
    );
    ctx.record_result(
        "python-wakeup-rounds",
        rounds.to_string(),
        "wake-ups measured in Python and in Rust",
    );
    let python = match s.python.run::<Latencies>(&script) {
        Ok(p) => p.latencies,
        Err(skipped) => {
            skipped.print();
            let why = format!("not measured: {skipped}");
            for key in ["python-wakeup-ratio", "python-wakeup-median"] {
                ctx.record_result(key, why.clone(), "Python series (skipped)");
            }
            ctx.claim("python-wakeup-slower", Claim::not_measured(SLOWER, skipped.note()));
            return Ok(());
        }
    };
    let mut python: Vec<Duration> = python.into_iter().map(Duration::from_secs_f64).collect();
    python.sort_unstable();
    anyhow::ensure!(!python.is_empty(), "condition_wakeup.py: no latencies");
    let py = percentile(&python, 0.5);
    let ratio = record_ratio(
        ctx,
        "python-wakeup-ratio",
        rs.as_secs_f64(),
        py.as_secs_f64(),
        "wake-up latency, median: Python's Condition over std's Condvar",
    );
    ctx.record_result(
        "python-wakeup-median",
        duration(py),
        "wake-up latency, median: Python threading.Condition",
    );
    let stats = |v: &[Duration]| {
        Stats::of(&v.iter().map(Duration::as_secs_f64).collect::<Vec<_>>()).expect("rounds")
    };
    ctx.claim(
        "python-wakeup-slower",
        Claim::greater(
            SLOWER,
            &Quantity::new("Python threading.Condition", stats(&python), show::seconds),
            &Quantity::new("std Condvar", stats(&rust), show::seconds),
        ),
    );
    let mut table = Table::new(
        format!("Wake-up latency of a blocked waiter, {rounds} rounds each"),
        &["wait", "median", "p90", "Python / Rust"],
    );
    table.row([
        StdMonitor::<Phase>::NAME.to_string(),
        duration(rs),
        duration(percentile(&rust, 0.9)),
        String::new(),
    ]);
    table.row([
        "Python threading.Condition".to_string(),
        duration(py),
        duration(percentile(&python, 0.9)),
        format_ratio(ratio),
    ]);
    table.print();
    println!();
    Ok(())
}
