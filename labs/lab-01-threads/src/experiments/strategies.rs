//! Experiment 1: N pages fetched six ways, each against the latency model.
//!
//! Sequentially; a thread per URL with `spawn`; a scoped thread per URL; a
//! pool of `POOL` workers keeping the bodies in order (exercise
//! `01-worker-pool`); `POOL` workers writing every page to one shared file
//! (the notebook's pattern, correct); and the same workers written with
//! `while let`, which holds the list's lock while fetching. Then a timeline
//! of the last two, with fewer pages, to see why the last one is slow.

use super::{Settings, ms};
use crate::client::{self, fetch};
use crate::fetchers::{Fetched, scoped_per_url, sequential, thread_per_url};
use crate::model::ideal_wall_time;
use crate::pool::map_with_workers;
use crate::workers::{workers_holding_the_list, workers_to_file};
use labkit::claim::{Claim, Quantity, show};
use labkit::measure::sample;
use labkit::plot::{Axis, BarPlot};
use labkit::report::{Csv, Table};
use labkit::timeline::{Timeline, TimelineChart};
use labkit::{LabContext, progress};
use std::sync::Mutex;
use std::time::Duration;

/// The number of workers of the pool-like strategies.
pub const POOL: usize = 8;

/// One way of fetching the pages: a name, a short name for the figure, its
/// thread count, and a run that returns how many pages it got.
type Strategy<'a> = (&'static str, &'static str, usize, Box<dyn Fn() -> usize + 'a>);

/// Measures, prints, and saves `strategies.csv`, `fetch-strategies.svg` and `fetch-timeline.svg`.
pub fn run(ctx: &mut LabContext, s: &Settings) -> anyhow::Result<()> {
    let server = s.server()?;
    let agent = client::agent(Duration::from_secs(30));
    let urls = s.pages(&server, s.urls);
    let n = urls.len();
    let ok = |results: Vec<Fetched>| results.iter().filter(|r| r.is_ok()).count();
    let to_file = |holding: bool| {
        let file = Mutex::new(tempfile::tempfile().expect("a temporary file")); // deleted when closed
        if holding {
            workers_holding_the_list(&agent, &urls, POOL, &file, None)
                .expect("writing the temporary file")
        } else {
            workers_to_file(&agent, &urls, POOL, &file, None)
                .expect("writing the temporary file")
                .written
        }
    };
    let strategies: Vec<Strategy> = vec![
        ("sequential", "sequential", 1, Box::new(|| ok(sequential(&agent, &urls)))),
        (
            "a thread per URL (spawn)",
            "spawn per URL",
            n,
            Box::new(|| ok(thread_per_url(&agent, &urls))),
        ),
        (
            "a scoped thread per URL",
            "scoped per URL",
            n,
            Box::new(|| ok(scoped_per_url(&agent, &urls))),
        ),
        (
            "pool, bodies in order",
            "pool",
            POOL,
            Box::new(|| ok(map_with_workers(&urls, POOL, |u| fetch(&agent, u)))),
        ),
        ("workers → one file", "→ one file", POOL, Box::new(|| to_file(false))),
        ("workers, list locked while fetching", "lock held", POOL, Box::new(|| to_file(true))),
    ];
    // One untimed round opens a connection per thread; later runs reuse them.
    thread_per_url(&agent, &urls);

    let bar = progress::bar(strategies.len() as u64, "fetch strategies");
    let mut csv = Csv::new(&["strategy", "threads", "run", "seconds", "ideal_seconds"]);
    let mut rows = Vec::new(); // (name, short name, threads, stats, ideal seconds)
    for (name, short, threads, run_once) in &strategies {
        let mut fetched = n;
        let samples = sample(0, ctx.repeat, || fetched = fetched.min(run_once()));
        anyhow::ensure!(fetched == n, "{name}: only {fetched} of {n} pages arrived");
        let ideal = ideal_wall_time(n, *threads, s.latency, Duration::ZERO).as_secs_f64();
        for (i, seconds) in samples.seconds() {
            csv.row(&[name, threads, &i, &seconds, &ideal]);
        }
        rows.push((*name, *short, *threads, samples.stats(), ideal));
        bar.inc(1);
    }
    bar.finish_and_clear();

    let mut table = Table::new(
        format!("{n} pages, {} each, fetched six ways", ms(s.latency.as_secs_f64())),
        &["strategy", "threads", "wall time", "ideal ⌈N/threads⌉·L", "measured / ideal"],
    );
    for (name, _, threads, st, ideal) in &rows {
        table.row([
            name.to_string(),
            threads.to_string(),
            ms(st.median),
            ms(*ideal),
            format!("{:.2}×", st.median / ideal),
        ]);
    }
    table.print();
    ctx.save_csv("strategies", "wall time of N page fetches per strategy and run", &csv)?;

    // A log axis, with room above the tallest bar for the legend.
    let (lo, hi) = rows
        .iter()
        .fold((f64::MAX, 0.0f64), |(lo, hi), r| (lo.min(r.4).min(r.3.min), hi.max(r.3.max)));
    let plot = BarPlot::new(format!(
        "{n} pages of {} latency, fetched six ways",
        ms(s.latency.as_secs_f64())
    ))
    .categories(rows.iter().map(|r| r.1))
    .y(Axis::log("wall time (ms)").range(lo * 1e3 / 1.5, hi * 1e3 * 8.0))
    .group_with_spread(
        "measured (median)",
        rows.iter().map(|r| r.3.median * 1e3).collect(),
        rows.iter().map(|r| (r.3.min * 1e3, r.3.max * 1e3)).collect(),
    )
    .group("ideal: ⌈N / threads⌉ · L", rows.iter().map(|r| r.4 * 1e3).collect());
    let what = format!(
        "{POOL} workers in the pool-like strategies; medians of {} runs, bars from fastest to slowest",
        ctx.repeat
    );
    ctx.save_figure("fetch-strategies", &plot, &what, &["strategies"])?;

    let keys = ["sequential", "spawn", "scoped", "pool", "file", "held"];
    for (key, (name, _, _, st, ideal)) in keys.iter().zip(&rows) {
        ctx.record_result(
            &format!("strategy-{key}-ms"),
            ms(st.median),
            &format!("{name}: wall time"),
        );
        ctx.record_result(
            &format!("strategy-{key}-ideal-ms"),
            ms(*ideal),
            &format!("{name}: ideal"),
        );
    }
    ctx.record_result("pool", POOL.to_string(), "workers in the pool-like strategies");
    let q = |i: usize| Quantity::new(rows[i].0, rows[i].3, show::seconds);
    let others: Vec<Quantity> = [0, 3, 4, 5].into_iter().map(q).collect();
    ctx.claim(
        "per-url-fastest",
        Claim::all(
            "a thread per URL, spawned or scoped, beats every strategy with fewer threads",
            vec![Claim::smallest("spawn", &q(1), &others), Claim::smallest("scoped", &q(2), &others)],
        )
        .if_not("with few pages, starting that many threads can cost more than the extra round of the pool"),
    );
    ctx.claim(
        "held-like-sequential",
        Claim::ratio_at_least(
            "the workers that hold the list while fetching take at least 80 % of the sequential time",
            &q(5),
            &q(0),
            0.8,
        ),
    );
    timeline(ctx, s, &server)
}

/// Draws 4 workers fetching 12 pages, releasing the list's lock before
/// fetching and holding it (`while let`), on one time axis.
fn timeline(
    ctx: &mut LabContext,
    s: &Settings,
    server: &crate::server::LocalServer,
) -> anyhow::Result<()> {
    let (workers, pages) = (4, 12);
    let agent = client::agent(Duration::from_secs(30));
    let urls = s.pages(server, pages);
    let mut runs = Vec::new();
    for held in [false, true] {
        // A timeline's clock starts when it is made: make it just before its run.
        let (timeline, file) = (Timeline::new(), Mutex::new(tempfile::tempfile()?));
        if held {
            workers_holding_the_list(&agent, &urls, workers, &file, Some(&timeline))?;
        } else {
            workers_to_file(&agent, &urls, workers, &file, Some(&timeline))?;
        }
        runs.push(timeline);
    }
    let makespan = |t: &Timeline| t.makespan().as_secs_f64();
    let chart = TimelineChart::new(format!(
        "{workers} workers, {pages} pages: when is the list's lock released?"
    ))
    .panel("released before fetching (workers_to_file)", &runs[0])
    .panel("held while fetching (while let)", &runs[1])
    .state_colour("fetching", 0)
    .state_colour("taking a URL", 1)
    .state_colour("writing", 2);
    ctx.save_figure(
        "fetch-timeline",
        &chart,
        &format!("one run each; {} per page", ms(s.latency.as_secs_f64())),
        &[],
    )?;
    ctx.record_result(
        "timeline-released-ms",
        ms(makespan(&runs[0])),
        "timeline: lock released before fetching",
    );
    ctx.record_result(
        "timeline-held-ms",
        ms(makespan(&runs[1])),
        "timeline: lock held while fetching",
    );
    let (released, held) = (makespan(&runs[0]), makespan(&runs[1]));
    ctx.claim(
        "timeline-held-slower",
        Claim::fact(
            "holding the list while fetching made the four workers take at least twice as long",
            held >= 2.0 * released,
            format!("held {}, released {} (one run each)", ms(held), ms(released)),
        ),
    );
    Ok(())
}
