//! The notebook's picture, measured: a parent fills a cache and forks five
//! children, which start one after the other and do different things with
//! it: nothing, read every page, write half the pages, write all of them,
//! read like a reference-counting runtime. The parent reads each child's
//! private memory (`Private_Clean + Private_Dirty` of `smaps_rollup`) every
//! few milliseconds until all are done.

use super::{Settings, mib, stats};
use crate::behaviour::Behaviour;
use crate::cache::{Cache, Huge};
use crate::family::{Family, Plan};
use labkit::LabContext;
use labkit::claim::{Claim, Quantity, show};
use labkit::plot::{Axis, LinePlot, Series};
use labkit::report::{Csv, Table};
use std::time::Duration;

/// The five children, in the order they start.
pub const CHILDREN: [Behaviour; 5] = [
    Behaviour::Idle,
    Behaviour::Read,
    Behaviour::Write(0.5),
    Behaviour::Write(1.0),
    Behaviour::Refcount,
];

pub fn run(ctx: &mut LabContext, s: &Settings) -> anyhow::Result<()> {
    let cache = Cache::new(s.cache as usize, Huge::Off)?;
    let size = cache.len() as f64;
    let stagger = Duration::from_millis(if ctx.quick { 40 } else { 120 });
    let tick = Duration::from_millis(if ctx.quick { 5 } else { 10 });
    let plans: Vec<Plan> = CHILDREN
        .iter()
        .enumerate()
        .map(|(i, &b)| Plan { delay: stagger * (i as u32 + 1), passes: vec![b] })
        .collect();
    // Per run: per child, (seconds, private bytes) samples; and the final private bytes.
    let mut curves: Vec<Vec<Vec<(f64, f64)>>> = vec![Vec::new(); CHILDREN.len()];
    let mut finals: Vec<Vec<f64>> = vec![Vec::new(); CHILDREN.len()];
    for _ in 0..ctx.repeat {
        let family = Family::fork(&cache, &plans)?;
        let samples = family.watch(tick, Duration::from_secs(60))?;
        std::thread::sleep(stagger); // a flat stretch after the last child, as in the notebook
        let last = family.rollups()?;
        let end = family.started.elapsed().as_secs_f64();
        family.finish()?;
        for c in 0..CHILDREN.len() {
            let mut curve: Vec<(f64, f64)> =
                samples.iter().map(|(t, r)| (*t, r[c].private() as f64)).collect();
            curve.push((end, last[c].private() as f64));
            curves[c].push(curve);
            finals[c].push(last[c].private() as f64);
        }
    }

    // The median over runs at each tick: each run's last sample at or before it.
    let end = curves.iter().flatten().map(|c| c.last().unwrap().0).fold(f64::INFINITY, f64::min);
    let ticks: Vec<f64> =
        (0..).map(|k| k as f64 * tick.as_secs_f64()).take_while(|&t| t <= end).collect();
    let mut csv = Csv::new(&[
        "child",
        "behaviour",
        "seconds",
        "private_mib_median",
        "private_mib_min",
        "private_mib_max",
    ]);
    let mut plot = LinePlot::new("Each child's private memory after fork")
        .x(Axis::linear("time since fork (s)"))
        .y(Axis::linear("private memory (MiB)"));
    for (c, behaviour) in CHILDREN.iter().enumerate() {
        let points: Vec<(f64, labkit::Stats)> = ticks
            .iter()
            .map(|&t| {
                let at: Vec<f64> =
                    curves[c].iter().map(|run| value_at(run, t) / (1u64 << 20) as f64).collect();
                (t, stats(&at))
            })
            .collect();
        for (t, st) in &points {
            csv.row(&[
                &(c + 1),
                &behaviour.name(),
                &format!("{t:.3}"),
                &st.median,
                &st.min,
                &st.max,
            ]);
        }
        plot =
            plot.series(Series::measured(format!("child {}: {}", c + 1, behaviour.name()), points));
    }
    ctx.save_csv("timeline", "each child's private memory over time", &csv)?;
    ctx.save_figure(
        "timeline",
        &plot,
        &format!(
            "a {} cache, five children started {} ms apart; median of {} runs at each tick",
            mib(size),
            stagger.as_millis(),
            ctx.repeat
        ),
        &["timeline"],
    )?;

    let mut table = Table::new(
        format!("Private memory of each child at the end (cache {})", mib(size)),
        &["child", "private", "share of the cache"],
    );
    let keys = ["idle", "read", "write-half", "write-all", "refcount"];
    let mut shares = Vec::new();
    for (c, behaviour) in CHILDREN.iter().enumerate() {
        let st = stats(&finals[c]).map(|b| b / size);
        table.row([behaviour.name(), mib(st.median * size), show::percent(st.median)]);
        ctx.record_result(
            &format!("private-{}", keys[c]),
            show::percent(st.median),
            &format!(
                "private memory of the child that does `{}`, as a share of the cache",
                behaviour.name()
            ),
        );
        shares.push(Quantity::new(behaviour.name(), st, show::percent));
    }
    table.print();
    ctx.record_result("cache", mib(size), "the cache the parent filled before forking");

    let [idle, read, half, all, refcount] = [0, 1, 2, 3, 4].map(|i| shares[i].clone());
    ctx.claim(
        "read-stays-shared",
        Claim::fact(
            "a child that reads every page of the cache copies less than 1 % of it",
            read.stats.median < 0.01,
            read.shown(),
        ),
    );
    ctx.claim(
        "idle-stays-shared",
        Claim::fact(
            "a child that does nothing copies less than 1 % of the cache",
            idle.stats.median < 0.01,
            idle.shown(),
        ),
    );
    ctx.claim(
        "write-copies",
        Claim::fact(
            "a child that writes one byte in every page ends with a private copy of at least 99 % of the cache, and one that writes every other page with about half (45 to 55 %)",
            all.stats.median >= 0.99 && (0.45..=0.55).contains(&half.stats.median),
            format!("{}; {}", all.shown(), half.shown()),
        ),
    );
    ctx.claim(
        "refcount-copies",
        Claim::fact(
            "a child that only reads, but bumps a reference count inside each object it reads, copies at least 99 % of the cache, like a child that writes every page",
            refcount.stats.median >= 0.99,
            format!("{}; {}", refcount.shown(), all.shown()),
        ),
    );
    Ok(())
}

/// The value of `run` at time `t`: its last sample at or before `t` (0 before the first).
fn value_at(run: &[(f64, f64)], t: f64) -> f64 {
    run.iter().take_while(|(at, _)| *at <= t).last().map_or(0.0, |&(_, v)| v)
}
