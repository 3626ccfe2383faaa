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
use labkit::measure::{Stats, timed};
use labkit::report::duration;
use labkit::report::{Csv, Table};
use std::time::Duration;

/// Measures, prints, and saves `timeouts.csv`.
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
    for &us in timeouts {
        let timeout = Duration::from_micros(us);
        let mut late = |op: &str, attempt: &dyn Fn() -> Duration| {
            let runs: Vec<f64> =
                (0..ctx.repeat).map(|_| attempt().saturating_sub(timeout).as_secs_f64()).collect();
            for (run, seconds) in runs.iter().enumerate() {
                csv.row(&[&op, &us, &run, &(seconds * 1e6)]);
            }
            Stats::of(&runs).expect("at least one run").median
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
        let (put, get) = (Duration::from_secs_f64(put), Duration::from_secs_f64(get));
        table.row([
            duration(timeout),
            format!("+{}", duration(put)),
            format!("+{}", duration(get)),
        ]);
        let what = |op: &str| {
            format!("{op}({}) on a queue that stays full/empty: late by", duration(timeout))
        };
        ctx.record_result(&format!("late-put-{us}us"), duration(put), &what("put_timeout"));
        ctx.record_result(&format!("late-get-{us}us"), duration(get), &what("get_timeout"));
    }
    table.print();
    println!();
    ctx.save_csv(
        "timeouts",
        "how late failing timed operations return, per timeout and run",
        &csv,
    )?;
    Ok(())
}
