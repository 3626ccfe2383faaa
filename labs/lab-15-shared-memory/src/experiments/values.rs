//! Value and Array across processes: the notebook's square_list; two
//! processes adding to one shared counter with a plain load-then-store,
//! an atomic add, and the process lock; and chapter 02's lock, whose
//! private futex strands a sleeper in the other process (caught by a
//! deadline, diagnosed from `/proc`, killed).

use super::Settings;
use crate::counter::{LockedCounter, add_atomic, add_locked, add_plain};
use crate::shared::Shared;
use crate::square::in_a_child;
use crate::team::{Outcome, processes_with_deadline};
use labkit::LabContext;
use labkit::claim::{Claim, Quantity, show};
use labkit::plot::{Axis, BarPlot};
use labkit::report::{Csv, Table};
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering::SeqCst};
use std::time::{Duration, Instant};

/// Both children spin until both are ready, so their loops overlap.
fn start_together(ready: &AtomicU32, k: u32) {
    ready.fetch_add(1, SeqCst);
    while ready.load(SeqCst) < k {
        std::hint::spin_loop();
    }
}

pub fn run(ctx: &mut LabContext, s: &Settings) -> anyhow::Result<()> {
    let (squares, sum) = in_a_child(&[1, 2, 3, 4])?;
    println!(
        "square_list in a child; the parent reads: result {squares:?}, sum of squares {sum}\n"
    );
    ctx.record_result(
        "square-list",
        format!("{squares:?}, sum {sum}"),
        "square_list's Array and Value, read by the parent",
    );
    ctx.claim(
        "square-list",
        Claim::fact(
            "the parent reads the child's squares [1, 4, 9, 16] and their sum 30 from the shared Array and Value",
            squares == [1, 4, 9, 16] && sum == 30,
            format!("{squares:?}, {sum}"),
        ),
    );

    let n = s.increments;
    let mut csv = Csv::new(&["method", "run", "expected", "counted", "lost", "ns_per_increment"]);
    let mut table = Table::new(
        format!("Two processes add 1, {n} times each, to one shared counter"),
        &["method", "lost (median)", "time per increment"],
    );
    let mut lost_of = Vec::new();
    let mut lost_percent = Vec::new();
    let mut times = Vec::new();
    for method in ["plain load, then store", "atomic fetch_add", "process lock"] {
        let (mut lost, mut ns) = (Vec::new(), Vec::new());
        for run in 0..ctx.repeat {
            let plain = Shared::new(AtomicU64::new(0))?;
            let locked = Shared::new(LockedCounter::new(0))?;
            let ready = Shared::new(AtomicU32::new(0))?;
            // Each child times its own loop, from the moment both are ready
            // (so neither fork nor the wait for the other is in it); the
            // longer of the two is the time both took together.
            let took_ns = Shared::new(AtomicU64::new(0))?;
            let outcome = processes_with_deadline(2, Duration::from_secs(60), |_| {
                start_together(&ready, 2);
                let start = Instant::now();
                match method {
                    "plain load, then store" => add_plain(&plain, n),
                    "atomic fetch_add" => add_atomic(&plain, n),
                    _ => add_locked(&locked, n),
                }
                took_ns.fetch_max(start.elapsed().as_nanos() as u64, SeqCst);
                0
            })?;
            let seconds = took_ns.load(SeqCst) as f64 * 1e-9;
            anyhow::ensure!(matches!(outcome, Outcome::Exited(_)), "{method}: {outcome:?}");
            let counted =
                if method == "process lock" { *locked.lock() } else { plain.load(SeqCst) };
            let l = 2 * n - counted;
            csv.row(&[&method, &run, &(2 * n), &counted, &l, &(seconds / (2 * n) as f64 * 1e9)]);
            lost.push(l as f64);
            ns.push(seconds / (2 * n) as f64);
        }
        let percent: Vec<f64> = lost.iter().map(|l| 100.0 * l / (2 * n) as f64).collect();
        lost_percent.push(labkit::Stats::of(&percent).unwrap());
        let (lost, ns) = (labkit::Stats::of(&lost).unwrap(), labkit::Stats::of(&ns).unwrap());
        table.row([
            method.to_string(),
            format!("{:.0} of {}", lost.median, 2 * n),
            show::seconds(ns.median),
        ]);
        lost_of.push(lost);
        times.push(Quantity::new(method, ns, show::seconds));
    }
    table.print();
    ctx.save_csv("lost-updates", "two processes adding to one shared counter", &csv)?;
    let plot = BarPlot::new(format!("Two processes add 1, {n} times each, to one shared counter"))
        .categories(["plain load, then store", "atomic fetch_add", "process lock"])
        .y(Axis::linear("updates lost (% of all increments)").range(0.0, 100.0))
        .group_measured("updates lost", lost_percent);
    ctx.save_figure(
        "lost-updates",
        &plot,
        &format!("median of {} runs, with the runs' spread", ctx.repeat),
        &["lost-updates"],
    )?;
    let share = |st: &labkit::Stats| show::percent(st.median / (2 * n) as f64);
    ctx.record_result(
        "lost-plain",
        share(&lost_of[0]),
        "updates lost with a plain load, then store, in two processes",
    );
    ctx.record_result("lost-atomic", share(&lost_of[1]), "updates lost with fetch_add");
    ctx.record_result("lost-locked", share(&lost_of[2]), "updates lost under the process lock");
    ctx.record_result(
        "increment-atomic",
        show::seconds(times[1].stats.median),
        "time per increment, fetch_add, two processes",
    );
    ctx.record_result(
        "increment-locked",
        show::seconds(times[2].stats.median),
        "time per increment, process lock, two processes",
    );
    ctx.claim(
        "plain-loses",
        Claim::fact(
            "two processes adding with a plain load and store lose updates",
            lost_of[0].median > 0.0,
            format!("{:.0} of {} lost (median of {} runs)", lost_of[0].median, 2 * n, ctx.repeat),
        )
        .if_not("the two processes never ran at the same time (a busy or single-core machine)"),
    );
    ctx.claim(
        "atomic-and-lock-lose-nothing",
        Claim::fact(
            "with fetch_add or the process lock no update is lost, in any run",
            lost_of[1].max == 0.0 && lost_of[2].max == 0.0,
            format!("lost at most {:.0} and {:.0}", lost_of[1].max, lost_of[2].max),
        ),
    );
    ctx.claim(
        "lock-costs-more-than-atomic",
        Claim::greater(
            "an increment under the process lock costs more than a fetch_add",
            &times[2],
            &times[1],
        )
        .if_not("the lock is not fair: the process that unlocks usually locks again before the other wakes, so it adds many times in a row with the counter's cache line in its own cache, while two processes doing fetch_add pull the line back and forth at every increment"),
    );

    // Chapter 02's lock across processes: up to three tries for one sleeper.
    type Chapter02 = lab_02_lock::Mutex<u64, lab_02_lock::FutexLock>;
    let mut verdict = None;
    for _ in 0..3 {
        let counter = Shared::new(Chapter02::new(0))?;
        let ready = Shared::new(AtomicU32::new(0))?;
        let outcome =
            processes_with_deadline(2, Duration::from_secs(if ctx.quick { 1 } else { 2 }), |_| {
                start_together(&ready, 2);
                for _ in 0..2_000_000 {
                    *counter.lock() += 1;
                }
                0
            })?;
        if let Outcome::Stuck(what) = outcome {
            verdict = Some(what.join("; "));
            break;
        }
    }
    let stranded = verdict.is_some();
    let what = verdict
        .unwrap_or_else(|| "both processes finished (no process ever slept on the lock)".into());
    println!("chapter 02's futex lock in a shared mapping, two processes: {what}\n");
    ctx.record_result(
        "chapter02-across-processes",
        what.clone(),
        "chapter 02's lock across two processes, under a deadline",
    );
    ctx.claim(
        "chapter02-strands",
        Claim::fact(
            "chapter 02's futex lock, put in a shared mapping, leaves a process asleep for ever: its private futex is never woken from the other process",
            stranded,
            what,
        )
        .if_not("in three tries no process had to sleep on the lock (the two never contended)"),
    );
    Ok(())
}
