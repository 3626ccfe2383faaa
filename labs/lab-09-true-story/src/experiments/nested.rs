//! Experiment 6: a task that submits to its own fixed pool and waits for
//! the result ([`crate::nested`]): chapter 08's pool deadlocks once every
//! worker waits (the watchdog ends it and says who waits on what), rayon's
//! `join` inside rayon finishes (a waiting worker runs queued jobs, and the
//! lab records which thread ran each inner job), and a second pool for the
//! inner tasks is the fix for the hand-built one. Each case holds one
//! outer task on every worker before any inner task is asked for, and
//! runs under the kit's watchdog.

use crate::nested::{self, RayonRun};
use labkit::LabContext;
use labkit::claim::Claim;
use labkit::report::Table;
use labkit::watchdog::{Outcome, Report};
use std::time::Duration;

/// The board at the deadline, one "who: doing what (for how long)" per line.
fn board(report: &Report) -> Vec<String> {
    let now = report.entries.iter().map(|e| e.since).max().unwrap_or_default().max(report.deadline);
    report
        .entries
        .iter()
        .map(|e| {
            format!(
                "{}: {} (for {:.1} s)",
                e.name,
                e.doing,
                now.saturating_sub(e.since).as_secs_f64()
            )
        })
        .collect()
}

/// An outcome in a word or a few, and whether it finished with `want`.
fn shown<T>(outcome: &Outcome<T>, sum: impl Fn(&T) -> u64, want: u64) -> (String, bool) {
    match outcome {
        Outcome::Finished(v) => {
            let got = sum(v);
            (format!("finished, sum {got} (expected {want})"), got == want)
        }
        Outcome::TimedOut(r) => {
            (format!("did not finish within {:.1} s", r.deadline.as_secs_f64()), false)
        }
        Outcome::Panicked(why) => (format!("panicked: {why}"), false),
    }
}

/// Runs the three cases, prints, records their outcomes and claims them.
pub fn run(ctx: &mut LabContext, workers: usize) {
    let deadline = if ctx.quick { Duration::from_millis(500) } else { Duration::from_secs(1) };
    let want = nested::expected_sum(workers);
    let (own, deadlocked) = match nested::own_pool(workers, workers, deadline) {
        Outcome::Finished(sum) => (format!("finished ({sum})"), false),
        Outcome::TimedOut(report) => {
            let waiting = report.entries.iter().filter(|e| e.doing.starts_with("waiting")).count();
            println!("{report}");
            ctx.record_result(
                "nested-board",
                board(&report).join("; "),
                "the watchdog's board at the deadline: each outer task and what it waits on",
            );
            (
                format!(
                    "deadlocked: {waiting} of {workers} outer tasks waiting for inner tasks that no worker is free to run"
                ),
                true,
            )
        }
        Outcome::Panicked(why) => (format!("panicked: {why}"), false),
    };
    let rayon = nested::rayon_join(workers, deadline * 10)
        .unwrap_or_else(|e| Outcome::Panicked(format!("no rayon pool: {e}")));
    let separate = nested::separate_pools(workers, deadline * 10);
    let (rayon_shown, rayon_ok) = shown(&rayon, |r: &RayonRun| r.sum, want);
    let (separate_shown, separate_ok) = shown(&separate, |s: &u64| *s, want);
    if let Outcome::Finished(r) = &rayon {
        let lines: Vec<String> = r
            .placements
            .iter()
            .enumerate()
            .map(|(i, p)| {
                format!(
                    "outer task {} ran on thread {}, its inner job on thread {}",
                    i + 1,
                    p.outer,
                    p.inner
                )
            })
            .collect();
        let own_thread = r.placements.iter().filter(|p| p.inner == p.outer).count();
        println!("rayon, where each inner job ran:\n  {}", lines.join("\n  "));
        ctx.record_result(
            "nested-rayon-placements",
            lines.join("; "),
            "rayon: the thread of each outer task and of its inner job",
        );
        ctx.claim(
            "nested-rayon-waiter-runs-inner",
            Claim::fact(
                "in rayon every inner job was run by the thread that waited in join for it",
                own_thread == r.placements.len(),
                format!("{own_thread} of {} inner jobs", r.placements.len()),
            ),
        );
        ctx.record_result(
            "nested-rayon-own-thread",
            format!("{own_thread} of {}", r.placements.len()),
            "rayon: inner jobs run by the very thread that waited for them",
        );
    }
    let mut table = Table::new(
        format!("A task that waits on its own pool of {workers}, every worker holding one"),
        &["pool", "outcome"],
    );
    for (key, name, outcome) in [
        ("nested-own-pool", "chapter 08's pool, inner tasks on the same pool", own),
        ("nested-rayon", "rayon, join inside an outer task on every worker", rayon_shown.clone()),
        (
            "nested-separate",
            "chapter 08's pool, inner tasks on a second pool",
            separate_shown.clone(),
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
            format!(
                "rayon's join inside rayon and the second pool both finished under the watchdog with every worker holding an outer task, each with the expected sum ({want})"
            ),
            rayon_ok && separate_ok,
            format!("rayon: {rayon_shown}; second pool: {separate_shown}"),
        ),
    );
}
