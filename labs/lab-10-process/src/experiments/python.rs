//! Python's start methods (`fork`, `forkserver`, `spawn`) at the smallest
//! and largest parent size, beside this lab's fork and posix_spawn.
//!
//! `python/start_methods.py` makes the parent hold a written `bytes`
//! object of each size and times `Process(target=noop).start(); join()`
//! with each method. Without python3 the series is skipped with a note.

use super::Settings;
use super::cost::Point;
use labkit::LabContext;
use labkit::claim::{Claim, Quantity, show};
use labkit::measure::Stats;
use labkit::plot::{Axis, LinePlot, Series};
use labkit::python::{Script, record_ratio};
use labkit::report::{Csv, Table, duration};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::time::Duration;

/// What the script prints.
#[derive(Deserialize)]
struct Runs {
    /// The parent sizes, MiB.
    sizes: Vec<usize>,
    /// Per method, per size, each run's seconds.
    methods: BTreeMap<String, Vec<Vec<f64>>>,
}

const METHODS: [&str; 3] = ["fork", "forkserver", "spawn"];

/// Runs the script at the two ends of the Rust sizes.
/// `rust` is the cost experiment's points, when it ran (`--only` may skip it).
pub fn run(ctx: &mut LabContext, s: &Settings, rust: Option<&[Point]>) -> anyhow::Result<()> {
    s.python.record(ctx);
    let ends = rust.map(|r| (&r[0], &r[r.len() - 1]));
    let sizes = format!("{},{}", s.sizes_mib[0], s.sizes_mib[s.sizes_mib.len() - 1]);
    let script = Script::new(ctx.lab, "start_methods.py")
        .args(["--sizes", &sizes, "--runs", &ctx.repeat.max(3).to_string()])
        .deadline(Duration::from_secs(120));
    let runs = match s.python.run::<Runs>(&script) {
        Ok(runs) => runs,
        Err(skipped) => {
            skipped.print();
            return Ok(());
        }
    };
    let stats = |m: &str, i: usize| Stats::of(&runs.methods[m][i]).expect("the script ran");
    let mut table = Table::new(
        "Python's start methods: start a child that does nothing and join it",
        &["parent", "fork", "forkserver", "spawn", "Rust fork", "Rust posix_spawn"],
    );
    let mut csv = Csv::new(&["touched_mib", "method", "median_s", "min_s", "max_s"]);
    for (i, &mib) in runs.sizes.iter().enumerate() {
        let show = |st: Stats| duration(Duration::from_secs_f64(st.median));
        let mut cells = vec![format!("{mib} MiB")];
        for m in METHODS {
            let st = stats(m, i);
            csv.row(&[&mib, &format!("python {m}"), &st.median, &st.min, &st.max]);
            cells.push(show(st));
        }
        if let Some((first, last)) = ends {
            let rust_point = if i == 0 { first } else { last };
            cells.push(show(rust_point.cost[0]));
            cells.push(show(rust_point.cost[1]));
        }
        table.row(cells);
    }
    table.print();
    ctx.save_csv("python-start", "Python's start methods against the parent's size", &csv)?;

    let mut plot = LinePlot::new("Python's start methods and Rust's")
        .x(Axis::log("memory the parent has touched (MiB)"))
        .y(Axis::log("time per start and wait (s)"));
    for m in METHODS {
        let curve = runs.sizes.iter().enumerate().map(|(i, &mib)| (mib as f64, stats(m, i)));
        plot = plot.series(Series::measured(format!("Python {m}"), curve));
    }
    for (j, name) in ["Rust fork", "Rust posix_spawn"].iter().enumerate() {
        if let Some((first, last)) = ends {
            let curve = [first, last].map(|p| (p.mib as f64, p.cost[j]));
            plot = plot.series(Series::measured(*name, curve).dashed());
        }
    }
    ctx.save_figure(
        "python-start",
        &plot,
        "Python's multiprocessing start methods (solid) and this lab's fork and posix_spawn (dashed); log axes",
        &["python-start", "start-cost"],
    )?;

    let q = |m: &str, i: usize| {
        Quantity::new(format!("Python {m} at {} MiB", runs.sizes[i]), stats(m, i), show::seconds)
    };
    let last_i = runs.sizes.len() - 1;
    ctx.claim(
        "py-spawn-slowest",
        Claim::largest(
            "Python's spawn is the slowest start method with a small parent",
            &q("spawn", 0),
            &[q("fork", 0), q("forkserver", 0)],
        ),
    );
    ctx.claim(
        "py-fork-rises",
        Claim::greater(
            "Python's fork costs more with the large parent than with the small one",
            &q("fork", last_i),
            &q("fork", 0),
        ),
    );
    ctx.claim(
        "py-forkserver-flat",
        Claim::ratio_at_most(
            "Python's forkserver costs at most twice as much with the large parent as with the small one",
            &q("forkserver", last_i),
            &q("forkserver", 0),
            2.0,
        )
        .if_not("the server is a separate small process, so the parent's size should not reach it; noise on a shared machine can"),
    );
    ctx.claim(
        "py-forkserver-slower-small",
        Claim::greater(
            "with a small parent, Python's forkserver is slower than its fork",
            &q("forkserver", 0),
            &q("fork", 0),
        ),
    );
    ctx.claim(
        "py-forkserver-beats-fork-large",
        Claim::less(
            "with the large parent, Python's forkserver is faster than its fork",
            &q("forkserver", last_i),
            &q("fork", last_i),
        )
        .if_not("the large parent may be too small here for fork's page-table copy to outgrow a fork from the server"),
    );
    for m in METHODS {
        ctx.record_result(
            &format!("py-{m}-smallest"),
            duration(Duration::from_secs_f64(stats(m, 0).median)),
            &format!("Python {m} at {} MiB", runs.sizes[0]),
        );
        ctx.record_result(
            &format!("py-{m}-largest"),
            duration(Duration::from_secs_f64(stats(m, last_i).median)),
            &format!("Python {m} at {} MiB", runs.sizes[last_i]),
        );
    }
    if let Some((first, _)) = ends {
        let (fork, spawn) = (first.cost[0].median, first.cost[1].median);
        let what = "Python's fork start over Rust's fork, small parent";
        record_ratio(ctx, "py-fork-vs-rust", fork, stats("fork", 0).median, what);
        let what = "Python's spawn start over Rust's posix_spawn, small parent";
        record_ratio(ctx, "py-spawn-vs-rust", spawn, stats("spawn", 0).median, what);
    }
    Ok(())
}
