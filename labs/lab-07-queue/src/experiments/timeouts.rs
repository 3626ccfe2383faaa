//! Experiment 4: how late a timed wait gives up.
//!
//! `put_timeout` on a full queue and `get_timeout` on an empty one, each
//! with nobody on the other side, through the deadline loop of exercise
//! `07-timed-wait`: both
//! must fail, hand back what they could not deliver, and return soon after
//! the timeout. How soon is up to the operating system's timers and
//! scheduler; the notebook's Python 2 `Condition.wait(timeout)` instead
//! polled, sleeping up to 50 ms between looks (chapter 04 measures that).

use crate::errors::{Empty, Full};
use crate::queue::Queue;
use labkit::LabContext;
use labkit::claim::{Claim, Quantity, show};
use labkit::measure::{Stats, timed};
use labkit::plot::{Axis, BarPlot};
use labkit::report::duration;
use labkit::report::{Csv, Table};
use std::time::Duration;

/// Runs of each timed operation per timeout, as a multiple of `--repeat`:
/// each run is short (the timeout and a little more).
const RUNS_PER_REPEAT: u32 = 4;

/// Measures, prints, and saves `timeouts.csv` and `timeouts.svg`; claims
/// that every failed wait returned within a millisecond of its timeout.
pub fn run(ctx: &mut LabContext) -> anyhow::Result<()> {
    let timeouts: &[u64] = if ctx.quick { &[100, 1_000] } else { &[100, 1_000, 10_000] };
    let mut csv = Csv::new(&["operation", "timeout_us", "run", "late_us"]);
    let mut table = Table::new(
        "Timed operations that fail: how long after the timeout they return (median)",
        &["timeout", "put_timeout, full queue", "get_timeout, empty queue"],
    );
    let full = Queue::bounded(1);
    full.put(0u64);
    let empty = Queue::<u64>::bounded(1);
    // Warm up: the first few timed waits of a process were seen to return
    // milliseconds late, whatever the timeout; they are not the point here.
    for _ in 0..3 {
        let _ = full.put_timeout(7, Duration::from_micros(100));
        let _ = empty.get_timeout(Duration::from_micros(100));
    }
    let (mut puts, mut gets, mut parts) = (Vec::new(), Vec::new(), Vec::new());
    for &us in timeouts {
        let timeout = Duration::from_micros(us);
        let mut late = |op: &str, attempt: &dyn Fn() -> Duration| {
            let runs: Vec<f64> = (0..ctx.repeat * RUNS_PER_REPEAT)
                .map(|_| attempt().saturating_sub(timeout).as_secs_f64())
                .collect();
            for (run, seconds) in runs.iter().enumerate() {
                csv.row(&[&op, &us, &run, &(seconds * 1e6)]);
            }
            Stats::of(&runs).expect("at least one run")
        };
        let put = late("put_timeout", &|| {
            let (result, took) = timed(|| full.put_timeout(7, timeout));
            assert_eq!(result, Err(Full(7)), "a full queue must give the item back");
            took
        });
        let get = late("get_timeout", &|| {
            let (result, took) = timed(|| empty.get_timeout(timeout));
            assert_eq!(result, Err(Empty));
            took
        });
        let shown = |s: &Stats| duration(Duration::from_secs_f64(s.median));
        table.row([duration(timeout), format!("+{}", shown(&put)), format!("+{}", shown(&get))]);
        let what = |op: &str| {
            format!("{op}({}) on a queue that stays full/empty: late by", duration(timeout))
        };
        ctx.record_result(&format!("late-put-{us}us"), shown(&put), &what("put_timeout"));
        ctx.record_result(&format!("late-get-{us}us"), shown(&get), &what("get_timeout"));
        let ms = Quantity::exact("1 ms", 1e-3, show::seconds);
        for (op, stats) in [("put_timeout", put), ("get_timeout", get)] {
            let q = Quantity::new(format!("{op}({})", duration(timeout)), stats, show::seconds);
            parts.push(Claim::less(
                format!("{op}({}) returns within 1 ms of its timeout", duration(timeout)),
                &q,
                &ms,
            ));
        }
        puts.push(put.map(|s| s * 1e6));
        gets.push(get.map(|s| s * 1e6));
    }
    table.print();
    println!();
    ctx.save_csv(
        "timeouts",
        "how late failing timed operations return, per timeout and run",
        &csv,
    )?;
    let plot = BarPlot::new("How late a timed put or get gives up")
        .categories(
            timeouts.iter().map(|&us| format!("timeout {}", duration(Duration::from_micros(us)))),
        )
        .y(Axis::linear("returned after the timeout by (µs)"))
        .group_measured("put_timeout, full queue", puts)
        .group_measured("get_timeout, empty queue", gets);
    ctx.save_figure(
        "timeouts",
        &plot,
        &format!(
            "nobody on the other side; medians of {} runs, bars from earliest to latest",
            ctx.repeat * RUNS_PER_REPEAT
        ),
        &["timeouts"],
    )?;
    ctx.claim(
        "timeouts-prompt",
        Claim::all("every failed timed wait returned within 1 ms of its timeout", parts)
            .if_not("the thread must be scheduled again once its timer fires, and on a busy machine a core may not be free for a while"),
    );
    Ok(())
}
