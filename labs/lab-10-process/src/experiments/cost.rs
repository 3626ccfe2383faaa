//! The cost of starting a child and waiting for it, against how much
//! memory the parent has touched: fork, posix_spawn and Command, with the
//! parent's page-table size (`VmPTE`) read alongside.
//!
//! Each point is `ctx.sample_units`: n starts-and-waits per sample, n
//! calibrated so a sample lasts at least the kit's minimum. The children do
//! nothing: a forked child returns 0 at once, a spawned one is this binary
//! with `--child exit`. So the time is the start, the child's exit and the
//! reaping; for fork, mostly copying the page tables (and, at the child's
//! exit, tearing its copy down).

use super::Settings;
use crate::memory::Touched;
use crate::starts;
use crate::status;
use labkit::LabContext;
use labkit::claim::{Claim, Quantity, show};
use labkit::measure::Stats;
use labkit::plot::{Axis, LinePlot, Series};
use labkit::report::{Csv, Table, duration, marked};
use std::time::Duration;

/// One MiB.
pub const MIB: usize = 1 << 20;

/// The start methods, in the order of the table and the figure.
const METHODS: [&str; 3] = ["fork", "posix_spawn", "Command"];

/// One start-and-wait by `method`.
fn start_and_wait(method: &str) {
    let ok = match method {
        "fork" => starts::fork(|| 0).map(|s| s.success()),
        "posix_spawn" => starts::posix_spawn(&starts::self_exe(), &["--child", "exit"], &[], None)
            .and_then(|mut c| c.wait())
            .map(|s| s.success()),
        _ => {
            starts::command(&starts::self_exe(), &["--child", "exit"]).status().map(|s| s.success())
        }
    };
    assert!(matches!(ok, Ok(true)), "a {method} child failed: {ok:?}");
}

/// Measured per size: the three methods' costs and the page tables.
pub struct Point {
    /// Parent memory touched, MiB.
    pub mib: usize,
    /// Cost per start-and-wait, per method (in `METHODS` order).
    pub cost: Vec<Stats>,
    /// The parent's `VmPTE` in bytes at this size.
    pub page_tables: u64,
}

/// Measures every size in `s.sizes_mib`, prints, saves, draws and claims.
pub fn run(ctx: &mut LabContext, s: &Settings) -> anyhow::Result<Vec<Point>> {
    let largest = *s.sizes_mib.last().expect("at least one size");
    let mut memory = Touched::map(largest * MIB)?;
    let mut points = Vec::new();
    let mut table = Table::new(
        "Start a child and wait for it, against the parent's touched memory",
        &["touched", "VmPTE", "fork", "posix_spawn", "Command"],
    );
    for &mib in &s.sizes_mib {
        memory.touch_up_to(mib * MIB);
        let page_tables = status::page_tables_bytes(&status::own_status()).unwrap_or(0);
        let cost: Vec<Stats> = METHODS
            .iter()
            .map(|m| {
                ctx.sample_units(|n| {
                    for _ in 0..n {
                        start_and_wait(m);
                    }
                })
                .per_unit()
            })
            .collect();
        let cells = cost
            .iter()
            .map(|c| marked(duration(Duration::from_secs_f64(c.median)), c.rel_spread() > 0.5));
        table.row(
            [format!("{mib} MiB"), format!("{} KiB", page_tables / 1024)].into_iter().chain(cells),
        );
        points.push(Point { mib, cost, page_tables });
    }
    drop(memory);
    table.print();
    save(ctx, &points)?;
    claim(ctx, &points);
    Ok(points)
}

fn save(ctx: &mut LabContext, points: &[Point]) -> anyhow::Result<()> {
    let mut csv =
        Csv::new(&["touched_mib", "vm_pte_bytes", "method", "median_s", "min_s", "max_s"]);
    for p in points {
        for (m, c) in METHODS.iter().zip(&p.cost) {
            csv.row(&[&p.mib, &p.page_tables, m, &c.median, &c.min, &c.max]);
        }
    }
    ctx.save_csv(
        "start-cost",
        "start-and-wait cost per method against the parent's touched memory",
        &csv,
    )?;
    let mut plot = LinePlot::new("Starting a child and waiting for it")
        .x(Axis::log("memory the parent has touched (MiB)"))
        .y(Axis::log("time per start and wait (s)"));
    for (i, m) in METHODS.iter().enumerate() {
        plot = plot.series(Series::measured(*m, points.iter().map(|p| (p.mib as f64, p.cost[i]))));
    }
    ctx.save_figure(
        "start-cost",
        &plot,
        "median of the runs, bars from fastest to slowest; log axes",
        &["start-cost"],
    )?;
    let pte = LinePlot::new("fork's cost and the parent's page tables")
        .x(Axis::log("the parent's page tables, VmPTE (KiB)"))
        .y(Axis::log("time per fork and wait (s)"))
        .series(Series::measured(
            "fork",
            points.iter().map(|p| (p.page_tables as f64 / 1024.0, p.cost[0])),
        ));
    ctx.save_figure(
        "fork-page-tables",
        &pte,
        "fork's cost against VmPTE at each size; log axes",
        &["start-cost"],
    )?;
    Ok(())
}

fn claim(ctx: &mut LabContext, points: &[Point]) {
    let (first, last) = (&points[0], &points[points.len() - 1]);
    let q = |p: &Point, i: usize| {
        Quantity::new(format!("{} at {} MiB", METHODS[i], p.mib), p.cost[i], show::seconds)
    };
    ctx.claim(
        "fork-grows",
        Claim::greater(
            format!("fork costs more with {} MiB touched than with {} MiB", last.mib, first.mib),
            &q(last, 0),
            &q(first, 0),
        ),
    );
    let pte_curve: Vec<Quantity> = points
        .iter()
        .map(|p| {
            Quantity::exact(format!("VmPTE at {} MiB", p.mib), p.page_tables as f64 / 1024.0, |k| {
                format!("{k:.0} KiB")
            })
        })
        .collect();
    ctx.claim(
        "pte-rises",
        Claim::rises("the parent's page tables grow with the memory it has touched", &pte_curve),
    );
    ctx.claim(
        "fork-beats-spawn-small",
        Claim::less("with little memory touched, fork is cheaper than posix_spawn", &q(first, 0), &q(first, 1))
            .if_not("a fresh program has to be loaded and linked, which usually costs more than copying a small process"),
    );
    ctx.claim(
        "spawn-beats-fork-large",
        Claim::less(format!("with {} MiB touched, posix_spawn is cheaper than fork", last.mib), &q(last, 1), &q(last, 0))
            .if_not("the largest size may be too small here for fork's page-table copy to outgrow a program start"),
    );
    // A fresh program's start does not depend on the parent's size.
    for (i, key) in [(1, "spawn-flat"), (2, "command-flat")] {
        let statement = format!(
            "{}'s cost at the largest size is at most twice its cost at the smallest",
            METHODS[i]
        );
        let why = "on a busy machine one end can be slow by chance; the figure shows whether the line is flat";
        ctx.claim(key, Claim::ratio_at_most(statement, &q(last, i), &q(first, i), 2.0).if_not(why));
    }
    let show_cost = |p: &Point, i: usize| duration(Duration::from_secs_f64(p.cost[i].median));
    for (i, m) in ["fork", "posix-spawn", "command"].iter().enumerate() {
        ctx.record_result(
            &format!("{m}-smallest"),
            show_cost(first, i),
            &format!("{} at {} MiB", METHODS[i], first.mib),
        );
        ctx.record_result(
            &format!("{m}-largest"),
            show_cost(last, i),
            &format!("{} at {} MiB", METHODS[i], last.mib),
        );
    }
    ctx.record_result("smallest-mib", format!("{} MiB", first.mib), "the smallest parent size");
    ctx.record_result("largest-mib", format!("{} MiB", last.mib), "the largest parent size");
    ctx.record_result(
        "pte-largest",
        format!("{} KiB", last.page_tables / 1024),
        "VmPTE at the largest size",
    );
    ctx.record_result(
        "pte-smallest",
        format!("{} KiB", first.page_tables / 1024),
        "VmPTE at the smallest size",
    );
    // fork's extra cost per page the parent touched, from the two ends.
    let extra = last.cost[0].median - first.cost[0].median;
    let pages = ((last.mib - first.mib) * MIB / crate::memory::PAGE) as f64;
    if pages > 0.0 {
        ctx.record_result(
            "fork-per-page",
            duration(Duration::from_secs_f64(extra.max(0.0) / pages)),
            "fork's extra cost per 4 KiB page the parent touched",
        );
    }
    let crossover = points.iter().find(|p| p.cost[0].median > p.cost[1].median).map(|p| p.mib);
    ctx.record_result(
        "crossover",
        crossover.map_or("none in the sizes measured".into(), |m| format!("{m} MiB")),
        "the smallest size at which fork costs more than posix_spawn",
    );
}
