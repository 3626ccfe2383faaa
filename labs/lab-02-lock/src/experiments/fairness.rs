//! Experiment 4, continued: how evenly the threads shared the lock.
//!
//! The contended windows also count each thread's own increments. For the
//! most threads measured, this draws one group of bars per lock: the
//! busiest thread's share, the next one's, down to the least busy. A fair
//! lock gives every thread the same share.

use super::contended::Point;
use super::slug;
use labkit::LabContext;
use labkit::plot::{Axis, BarPlot};

/// Each thread's share at the most threads: one bar per rank, per lock.
pub(super) fn run(
    ctx: &mut LabContext,
    points: &[Point],
    locks: &[&str],
    n: usize,
) -> anyhow::Result<()> {
    let at_most: Vec<&Point> = locks
        .iter()
        .map(|l| points.iter().find(|p| p.lock == *l && p.threads == n).expect("measured"))
        .collect();
    let mut plot = BarPlot::new(format!("How {n} threads shared the lock"))
        .categories(locks.iter().copied())
        .y(Axis::linear("share of the increments (%)"))
        .value_labels(false)
        .size(900, 500);
    for rank in 0..n {
        let name = match rank {
            0 => "busiest thread".to_string(),
            r if r + 1 == n => "least busy thread".to_string(),
            r => format!("{} busiest", ordinal(r + 1)),
        };
        plot = plot.group(name, at_most.iter().map(|p| p.shares[rank]).collect());
    }
    ctx.save_figure(
        "fairness",
        &plot,
        &format!(
            "{n} threads; an even split gives each {:.0} %; medians over the windows",
            100.0 / n as f64
        ),
        &["contended"],
    )?;
    for p in &at_most {
        ctx.record_result(
            &format!("fairness-{}", slug(p.lock)),
            format!("{:.0} % to {:.0} %", p.shares[n - 1], p.shares[0]),
            &format!(
                "least and most busy thread's share of the increments, {n} threads: {}",
                p.lock
            ),
        );
    }
    Ok(())
}

/// `2` -> `2nd`.
fn ordinal(k: usize) -> String {
    let suffix = match (k % 10, k % 100) {
        (1, r) if r != 11 => "st",
        (2, r) if r != 12 => "nd",
        (3, r) if r != 13 => "rd",
        _ => "th",
    };
    format!("{k}{suffix}")
}
