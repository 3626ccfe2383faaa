//! Experiment 6: a task that submits to its own fixed pool and waits for
//! the result ([`crate::nested`]): chapter 08's pool deadlocks once every
//! worker waits (the watchdog ends it and says who waits), rayon's `join`
//! inside rayon finishes (a waiting worker runs other tasks), and a second
//! pool for the inner tasks is the fix for the hand-built one.

use crate::nested;
use labkit::LabContext;
use labkit::claim::Claim;
use labkit::report::Table;
use labkit::watchdog::Outcome;
use std::time::Duration;

/// Runs the three cases, prints, records their outcomes and claims them.
pub fn run(ctx: &mut LabContext, workers: usize) {
    let deadline = if ctx.quick { Duration::from_millis(500) } else { Duration::from_secs(1) };
    let (own, deadlocked) = match nested::own_pool(workers, workers, deadline) {
        Outcome::Finished(sum) => (format!("finished ({sum})"), false),
        Outcome::TimedOut(report) => {
            let waiting = report.entries.iter().filter(|e| e.doing.starts_with("waiting")).count();
            println!("{report}");
            (
                format!(
                    "deadlocked: {waiting} of {workers} outer tasks waiting for inner tasks that no worker is free to run"
                ),
                true,
            )
        }
        Outcome::Panicked(why) => (format!("panicked: {why}"), false),
    };
    let rayon = nested::rayon_join(workers, workers * 4);
    let separate = nested::separate_pools(workers, workers * 4);
    let rayon_shown =
        rayon.as_ref().map_or_else(|e| format!("failed: {e}"), |v| format!("finished ({v})"));
    let mut table =
        Table::new(format!("A task that waits on its own pool of {workers}"), &["pool", "outcome"]);
    for (key, name, outcome) in [
        ("nested-own-pool", "chapter 08's pool, inner tasks on the same pool", own),
        ("nested-rayon", "rayon, join inside par_iter", rayon_shown),
        (
            "nested-separate",
            "chapter 08's pool, inner tasks on a second pool",
            format!("finished ({separate})"),
        ),
    ] {
        table.row([name.to_string(), outcome.clone()]);
        ctx.record_result(key, outcome, name);
    }
    table.print();
    println!();
    ctx.claim(
        "nested-deadlocks",
        Claim::fact(
            format!("chapter 08's pool deadlocked when all {workers} workers waited on inner tasks of the same pool"),
            deadlocked,
            format!("still running after {} s", deadline.as_secs_f64()),
        ),
    );
    ctx.claim(
        "nested-fixes-finish",
        Claim::fact(
            "rayon's join inside rayon and the second pool both finished",
            rayon.is_ok(),
            "both returned their sums",
        ),
    );
}
