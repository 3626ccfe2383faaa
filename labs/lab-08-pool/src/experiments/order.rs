//! Experiment 2: ordered results against results as they finish, on
//! skewed tasks.
//!
//! The batch: `tasks` tasks of `short` work each, except two of 16×
//! `short`: the first and the one in the middle. Read through `imap`
//! (input order, as `map` returns them) the caller waits for the long first
//! task while the short ones finish and are held; through `imap_unordered`
//! it gets each result as it comes. Each run measures the time to the first
//! result, the most results held at once and the total time; the caller
//! spends a little time on each result (`USE`), as a real caller would.
//! One more run of each is recorded as a thread timeline.

use super::{Settings, time};
use crate::pool::Pool;
use labkit::LabContext;
use labkit::claim::{Claim, Quantity, show};
use labkit::measure::Stats;
use labkit::plot::{Axis, BarPlot};
use labkit::report::{Csv, Table};
use labkit::timeline::{TimeUnit, Timeline, TimelineChart};
use labkit::work::{Calibration, spin};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How long the caller works on each result it gets.
const USE: Duration = Duration::from_micros(300);

/// What one task reports: which thread ran it, from when to when.
type Ran = (String, Instant, Instant);

/// One run through one way of reading results.
struct Run {
    first: Duration,
    held: usize,
    total: Duration,
}

/// The two ways of reading the results.
#[derive(Clone, Copy, PartialEq)]
enum Way {
    Ordered,
    Unordered,
}

impl Way {
    fn name(self) -> &'static str {
        match self {
            Way::Ordered => "imap (input order)",
            Way::Unordered => "imap_unordered",
        }
    }
}

/// The work of each task, in spin iterations: long ones at 0 and tasks / 2.
fn sizes(tasks: usize, short: u64) -> Vec<u64> {
    (0..tasks).map(|i| if i == 0 || i == tasks / 2 { 16 * short } else { short }).collect()
}

/// Runs the batch once, reading it `way`; `timeline` records the threads.
fn once(
    pool: &Pool,
    way: Way,
    work: &[u64],
    use_iters: u64,
    timeline: Option<&Arc<Timeline>>,
) -> Run {
    let task = |iters: u64| {
        let start = Instant::now();
        spin(iters);
        let name = std::thread::current().name().unwrap_or("worker").to_string();
        (name, start, Instant::now())
    };
    let mut caller = timeline.map(|t| t.recorder("caller"));
    let start = Instant::now();
    let (mut first, mut held, mut ran) = (None, 0, Vec::<Ran>::new());
    let mut take = |outcome: crate::Outcome<Ran>, waited: Instant| {
        let got = Instant::now();
        first.get_or_insert(got - start);
        if let Some(c) = caller.as_mut() {
            c.record("waiting", waited, got);
        }
        ran.push(outcome.expect("spin does not panic"));
        let used = Instant::now();
        spin(use_iters);
        if let Some(c) = caller.as_mut() {
            c.record("using a result", used, Instant::now());
        }
    };
    match way {
        Way::Ordered => {
            let mut results = pool.imap(task, work.to_vec(), 1).expect("open");
            loop {
                let waited = Instant::now();
                let Some(outcome) = results.next() else { break };
                take(outcome, waited);
            }
            held = results.most_held();
        }
        Way::Unordered => {
            let mut results = pool.imap_unordered(task, work.to_vec(), 1).expect("open");
            loop {
                let waited = Instant::now();
                let Some((_, outcome)) = results.next() else { break };
                take(outcome, waited);
            }
        }
    }
    let total = start.elapsed();
    drop(caller);
    if let Some(t) = timeline {
        for (name, from, to) in ran {
            t.recorder(name).record("running a task", from, to);
        }
    }
    Run { first: first.unwrap_or(total), held, total }
}

pub fn run(ctx: &mut LabContext, s: &Settings) -> anyhow::Result<()> {
    let cal = Calibration::measure();
    let tasks = if ctx.quick { 16 } else { 32 };
    let short = cal.iterations_for(Duration::from_millis(1));
    let work = sizes(tasks, short);
    let use_iters = cal.iterations_for(USE);
    let pool = Pool::new(s.workers);
    let mut csv = Csv::new(&["way", "run", "first_s", "most_held", "total_s"]);
    let mut measured = Vec::new();
    for way in [Way::Ordered, Way::Unordered] {
        once(&pool, way, &work, use_iters, None); // warm-up
        let runs: Vec<Run> =
            (0..ctx.repeat).map(|_| once(&pool, way, &work, use_iters, None)).collect();
        for (i, r) in runs.iter().enumerate() {
            csv.row(&[&way.name(), &i, &r.first.as_secs_f64(), &r.held, &r.total.as_secs_f64()]);
        }
        let stats =
            |f: fn(&Run) -> f64| Stats::of(&runs.iter().map(f).collect::<Vec<_>>()).expect("runs");
        measured.push((
            way,
            stats(|r| r.first.as_secs_f64()),
            stats(|r| r.held as f64),
            stats(|r| r.total.as_secs_f64()),
        ));
    }
    ctx.save_csv(
        "order",
        "time to first result, most results held, total, by way of reading and run",
        &csv,
    )?;

    let mut table = Table::new(
        format!("{tasks} skewed tasks on {} workers", s.workers),
        &["reading", "first result", "most held", "total"],
    );
    for (way, first, held, total) in &measured {
        table.row([
            way.name().to_string(),
            time(first.median),
            format!("{:.0}", held.median),
            time(total.median),
        ]);
    }
    table.print();

    let ms = |st: &Stats| st.map(|v| v * 1e3);
    let mut bars = BarPlot::new("Ordered against unordered results, skewed tasks")
        .categories(["first result", "all results"])
        .y(Axis::linear("time (ms)"));
    for (way, first, _, total) in &measured {
        bars = bars.group_measured(way.name(), vec![ms(first), ms(total)]);
    }
    ctx.save_figure("order", &bars, &format!("{tasks} tasks of 1 ms, two of 16 ms (the first and the middle one), {} workers; medians of {} runs, bars from fastest to slowest", s.workers, ctx.repeat), &["order"])?;
    let held = BarPlot::new("Finished results held waiting for their turn")
        .categories(measured.iter().map(|m| m.0.name()))
        .y(Axis::linear("most results held at once"))
        .group_measured("most held at once", measured.iter().map(|m| m.2).collect());
    ctx.save_figure(
        "order-held",
        &held,
        &format!("the same runs: {tasks} tasks, {} workers; medians of {} runs, bars from fewest to most (imap_unordered hands each result over as it comes and holds none)", s.workers, ctx.repeat),
        &["order"],
    )?;

    let (ordered, unordered) = (Timeline::new(), Timeline::new());
    once(&pool, Way::Ordered, &work, use_iters, Some(&ordered));
    once(&pool, Way::Unordered, &work, use_iters, Some(&unordered));
    let chart = TimelineChart::new("Who does what: ordered and unordered reading")
        .panel("imap (input order)", &ordered)
        .panel("imap_unordered", &unordered)
        .time_unit(TimeUnit::Millis);
    ctx.save_figure(
        "order-timeline",
        &chart,
        &format!(
            "one run of each, {tasks} tasks, {} workers; the caller spends {} on each result",
            s.workers,
            time(USE.as_secs_f64())
        ),
        &[],
    )?;

    let (o, u) = (&measured[0], &measured[1]);
    ctx.record_result("order-tasks", tasks.to_string(), "tasks in the skewed batch");
    ctx.record_result(
        "order-first-ordered",
        time(o.1.median),
        "time to the first result, in input order",
    );
    ctx.record_result(
        "order-first-unordered",
        time(u.1.median),
        "time to the first result, unordered",
    );
    ctx.record_result(
        "order-held",
        format!("{:.0}", o.2.median),
        "most results held waiting for their turn, in input order",
    );
    ctx.record_result("order-total-ordered", time(o.3.median), "total time, in input order");
    ctx.record_result("order-total-unordered", time(u.3.median), "total time, unordered");
    let q = |label: &str, st: &Stats| Quantity::new(label, *st, show::seconds);
    ctx.claim(
        "unordered-first-sooner",
        Claim::less(
            "imap_unordered hands over its first result sooner than the ordered imap",
            &q("unordered, first result", &u.1),
            &q("ordered, first result", &o.1),
        ),
    );
    ctx.claim(
        "ordered-holds",
        Claim::fact(
            "the ordered imap held finished results while it waited for the long first task",
            o.2.median >= 1.0,
            format!("at most {:.0} held at once, median of {} runs", o.2.median, ctx.repeat),
        ),
    );
    ctx.claim(
        "totals-close",
        Claim::ratio_at_most("reading in input order makes the whole batch at most 1.5× longer than reading it unordered", &q("ordered, total", &o.3), &q("unordered, total", &u.3), 1.5)
            .if_not("the caller's own work on each result is bunched at the end when it reads in order, instead of overlapping with the workers"),
    );
    Ok(())
}
