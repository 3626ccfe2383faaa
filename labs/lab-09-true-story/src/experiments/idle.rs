//! Experiment 5, "don't do this at home": workers that quit when
//! `get(timeout=0.1)` finds the queue empty ([`crate::timeout_exit`]),
//! fed by a producer that pauses longer than that once; then the fix,
//! a sentinel per worker.

use crate::timeout_exit::{self, Ending};
use labkit::LabContext;
use labkit::claim::Claim;
use labkit::report::Table;
use std::time::Duration;

/// Runs both endings, prints, records the items left and claims them.
pub fn run(ctx: &mut LabContext, workers: usize) {
    let (items, pause) = (2000, Duration::from_millis(150));
    let mut table = Table::new(
        format!(
            "Workers that quit on an empty queue: {items} items, the producer pauses {} once",
            labkit::report::duration(pause)
        ),
        &["ending", "processed", "left unprocessed"],
    );
    let mut left_by = Vec::new();
    for (key, name, ending) in [
        (
            "timeout-exit",
            "get(timeout=0.1) finds it empty",
            Ending::EmptyForTimeout(Duration::from_millis(100)),
        ),
        ("sentinel-exit", "a sentinel per worker", Ending::Sentinel),
    ] {
        let (done, left) = timeout_exit::run(ending, workers, items, pause);
        table.row([name.to_string(), done.to_string(), left.to_string()]);
        ctx.record_result(
            &format!("{key}-left"),
            left.to_string(),
            &format!("{name}: items left unprocessed of {items}"),
        );
        left_by.push((done, left));
    }
    table.print();
    println!();
    let (quit, fixed) = (left_by[0], left_by[1]);
    ctx.claim(
        "idle-workers-leave-items",
        Claim::fact(
            "the workers that quit on an empty get(timeout=0.1) left items unprocessed",
            quit.1 > 0,
            format!("{} of {items} left, {} done", quit.1, quit.0),
        ),
    );
    ctx.claim(
        "sentinels-leave-none",
        Claim::fact(
            "with a sentinel per worker every item was processed",
            fixed.1 == 0 && fixed.0 == items,
            format!("{} of {items} done, {} left", fixed.0, fixed.1),
        ),
    );
}
