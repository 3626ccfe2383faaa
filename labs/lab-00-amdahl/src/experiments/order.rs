//! Experiment 3: the order tasks are handed out in.
//!
//! Skewed tasks (most short, a few long) arrive shortest first, as a listing
//! sorted by size would give them. Workers pull them one at a time. Three
//! orders are compared: as given, shuffled (a new shuffle each run), and
//! slowest first. The longest-task-first plan from [`crate::lpt`] and the
//! lower bound say how close each order gets to the best possible makespan.
//! One run of each order is drawn as a timeline.

use super::Settings;
use crate::lpt;
use crate::runners::{Recording, rayon_pool, tasks_pulled, tasks_rayon};
use crate::workload::skewed_tasks;
use labkit::claim::{Claim, Quantity, show};
use labkit::plot::{Axis, BarPlot};
use labkit::report::{Csv, Table};
use labkit::timeline::{Timeline, TimelineChart};
use labkit::{LabContext, progress};
use rand::SeedableRng;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use std::time::Duration;

/// The orders compared, in the order they are shown.
const ORDERS: [&str; 3] = ["as given (shortest first)", "shuffled", "slowest first"];

/// The runners compared, and the short names of their results.
const RUNNERS: [(&str, &str); 3] = [
    ("workers pulling one task at a time", "pulled"),
    ("rayon, adaptive splitting", "rayon"),
    ("rayon, one task per piece", "rayon-1"),
];

/// The tasks in the given order: 0 as given, 1 shuffled, 2 slowest first.
fn arrange(tasks: &[u64], order: usize, rng: &mut StdRng) -> Vec<u64> {
    let mut t = tasks.to_vec();
    match order {
        0 => {}
        1 => t.shuffle(rng),
        _ => t.reverse(),
    }
    t
}

/// Measures, prints, and saves `task-order.csv`, `task-order.svg` and `task-order-timeline.svg`.
pub fn run(ctx: &mut LabContext, s: &Settings) -> anyhow::Result<()> {
    let (count, mean) =
        if ctx.quick { (24, Duration::from_millis(1)) } else { (40, Duration::from_millis(2)) };
    let tasks = skewed_tasks(&s.cal, count, mean, 100.0, ctx.seed);
    let workers = ctx.machine.logical_cores;
    let to_secs = |iterations: u64| iterations as f64 / s.cal.iterations_per_us / 1e6;
    let lower_bound = to_secs(lpt::lower_bound(&tasks, workers));
    let lpt_plan = to_secs(lpt::makespan(&tasks, &lpt::plan(&tasks, workers)));

    let pool = rayon_pool(workers)?;
    let mut rng = StdRng::seed_from_u64(ctx.seed);
    let mut csv = Csv::new(&["order", "runner", "run", "makespan_seconds"]);
    let bar = progress::bar(9, "task orders");
    let mut medians = [[0.0; 3]; 3]; // [runner][order]
    let mut stats = Vec::new(); // (runner, order, Stats), for the claims
    for (o, order) in ORDERS.iter().enumerate() {
        for (r, (runner, _)) in RUNNERS.iter().enumerate() {
            // A new arrangement for every run (only the shuffle differs), made
            // before the clock starts.
            let arranged: Vec<Vec<u64>> =
                (0..=ctx.repeat).map(|_| arrange(&tasks, o, &mut rng)).collect();
            let mut next = arranged.iter();
            let samples = ctx.sample(|| {
                let tasks = next.next().expect("one arrangement per run");
                match r {
                    0 => tasks_pulled(tasks, workers, 1, None),
                    1 => tasks_rayon(tasks, &pool, usize::MAX),
                    _ => tasks_rayon(tasks, &pool, 1),
                };
            });
            for (i, seconds) in samples.seconds() {
                csv.row(&[order, runner, &i, &seconds]);
            }
            medians[r][o] = samples.stats().median;
            stats.push((r, o, samples.stats()));
            bar.inc(1);
        }
    }
    bar.finish_and_clear();

    let mut headers = vec!["order"];
    headers.extend(RUNNERS.iter().map(|r| r.0));
    let mut table = Table::new(
        format!(
            "Makespan (ms) of {count} skewed tasks (mean {} ms, longest {:.1} ms) on {workers} workers",
            mean.as_millis(),
            to_secs(tasks[count - 1]) * 1e3
        ),
        &headers,
    );
    for (o, order) in ORDERS.iter().enumerate() {
        let mut row = vec![order.to_string()];
        row.extend(medians.iter().map(|m| format!("{:.1}", m[o] * 1e3)));
        table.row(row);
    }
    table.print();
    println!(
        "lower bound {:.1} ms; longest-first plan {:.1} ms\n",
        lower_bound * 1e3,
        lpt_plan * 1e3
    );
    ctx.save_csv("task-order", "makespan per task order, runner and run", &csv)?;

    let mut bars = BarPlot::new("Makespan of skewed tasks by the order they are handed out")
        .categories(ORDERS)
        .y(Axis::linear("makespan (ms)"));
    for ((runner, _), m) in RUNNERS.iter().zip(&medians) {
        bars = bars.group(*runner, m.iter().map(|x| x * 1e3).collect());
    }
    let bars = bars.group("lower bound", vec![lower_bound * 1e3; 3]);
    ctx.save_figure(
        "task-order",
        &bars,
        &format!("{count} tasks on {workers} workers; medians of {} runs", ctx.repeat),
        &["task-order"],
    )?;

    // One more run of each order, recorded, for the timeline.
    let long_from = tasks[count * 3 / 4];
    let mut chart = TimelineChart::new("Who runs what, and when the last worker finishes");
    for (o, order) in ORDERS.iter().enumerate() {
        let timeline = Timeline::new();
        tasks_pulled(
            &arrange(&tasks, o, &mut rng),
            workers,
            1,
            Some(&Recording { timeline: &timeline, long_from }),
        );
        chart = chart.panel(*order, &timeline);
    }
    ctx.save_figure(
        "task-order-timeline",
        &chart,
        "one run of each order; long = the longest quarter of the tasks",
        &[],
    )?;
    let ms = |t: f64| format!("{:.1} ms", t * 1e3);
    for (o, order) in ["given", "shuffled", "slowest"].iter().enumerate() {
        for ((runner, key), m) in RUNNERS.iter().zip(&medians) {
            let what = format!("task order: {}, {runner}", ORDERS[o]);
            ctx.record_result(&format!("order-{order}-{key}-ms"), ms(m[o]), &what);
        }
    }
    ctx.record_result(
        "order-lower-bound-ms",
        ms(lower_bound),
        "task order: lower bound on the makespan",
    );
    ctx.record_result(
        "order-lpt-ms",
        ms(lpt_plan),
        "task order: the longest-first plan's makespan",
    );
    ctx.record_result("order-tasks", count.to_string(), "task order: number of tasks");
    let q = |r: usize, o: usize| {
        let s = stats.iter().find(|s| s.0 == r && s.1 == o).expect("every pair is measured").2;
        Quantity::new(format!("{}, {}", ORDERS[o], RUNNERS[r].0), s, show::seconds)
    };
    ctx.claim(
        "reorder-helps-pulled",
        Claim::all(
            "with workers pulling one task at a time, both shuffling and slowest first finish sooner than the given order",
            vec![
                Claim::less("shuffled", &q(0, 1), &q(0, 0)),
                Claim::less("slowest first", &q(0, 2), &q(0, 0)),
            ],
        )
        .if_not("other programs took the cores during these short runs, and a worker that waits for a core moves a makespan of a few tens of milliseconds by more than the order does"),
    );
    ctx.claim(
        "rayon-slowest-suffers",
        Claim::greater(
            "left to its own splitting, rayon takes longer on the list sorted slowest first than on the shuffled one",
            &q(1, 2),
            &q(1, 1),
        )
        .if_not("rayon's first split fell so that both threads got a share of the long tasks"),
    );
    ctx.claim(
        "rayon-one-per-piece-fixes",
        Claim::less(
            "with one task per piece, rayon finishes the slowest-first list sooner than with its own splitting",
            &q(2, 2),
            &q(1, 2),
        ),
    );
    Ok(())
}
