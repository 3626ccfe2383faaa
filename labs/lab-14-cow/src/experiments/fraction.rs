//! The whole family's memory against the fraction f of pages each child
//! writes. Five children each write one byte in the fraction f of the
//! cache's pages; then the parent adds up the proportional set size (`Pss`)
//! of itself and its children, which counts every resident page once,
//! however many processes share it. What the family holds beyond the
//! parent alone, in caches, should be 5·f: one copy of each written page
//! per child, and nothing for the pages only read.

use super::{Settings, mib, stats};
use crate::behaviour::Behaviour;
use crate::cache::{Cache, Huge};
use crate::family::{CHILDREN, Family, Plan};
use crate::smaps::Rollup;
use labkit::LabContext;
use labkit::claim::{Claim, Quantity, show};
use labkit::plot::{Axis, LinePlot, Series};
use labkit::report::{Csv, Table};
use std::time::Duration;

pub fn run(ctx: &mut LabContext, s: &Settings) -> anyhow::Result<()> {
    let cache = Cache::new(s.cache as usize, Huge::Off)?;
    let size = cache.len() as f64;
    let mut csv = Csv::new(&[
        "fraction",
        "run",
        "extra_caches",
        "child_private_share",
        "parent_pss_before_mib",
        "family_pss_mib",
    ]);
    let mut table = Table::new(
        format!("The family's memory against f ({} children, cache {})", CHILDREN, mib(size)),
        &["f", "extra (caches)", "expected", "each child's private"],
    );
    let mut curve = Vec::new();
    let mut quantities = Vec::new();
    let mut worst_gap: f64 = 0.0;
    for &f in &s.fractions {
        let plans =
            vec![Plan { delay: Duration::ZERO, passes: vec![Behaviour::Write(f)] }; CHILDREN];
        let (mut extras, mut privates) = (Vec::new(), Vec::new());
        for run in 0..ctx.repeat {
            let before = Rollup::of(0)?.pss as f64;
            let family = Family::fork(&cache, &plans)?;
            family.wait_done(Duration::from_secs(60))?;
            let children = family.rollups()?;
            let parent = Rollup::of(0)?.pss as f64;
            family.finish()?;
            let total = parent + children.iter().map(|r| r.pss as f64).sum::<f64>();
            let extra = (total - before) / size;
            let private =
                children.iter().map(|r| r.private() as f64).sum::<f64>() / CHILDREN as f64 / size;
            csv.row(&[
                &f,
                &run,
                &extra,
                &private,
                &(before / (1u64 << 20) as f64),
                &(total / (1u64 << 20) as f64),
            ]);
            extras.push(extra);
            privates.push(private);
        }
        let (extra, private) = (stats(&extras), stats(&privates));
        let expected = CHILDREN as f64 * f;
        worst_gap = worst_gap.max((extra.median - expected).abs());
        table.row([
            format!("{f:.2}"),
            format!("{:.2}", extra.median),
            format!("{expected:.2}"),
            show::percent(private.median),
        ]);
        curve.push((f, extra));
        quantities.push(Quantity::new(format!("f = {f:.2}"), extra, |x| format!("{x:.2} caches")));
    }
    table.print();
    ctx.save_csv("fraction", "the family's memory beyond the parent's, against f", &csv)?;
    let ideal: Vec<(f64, f64)> = s.fractions.iter().map(|&f| (f, CHILDREN as f64 * f)).collect();
    let plot = LinePlot::new("What the family holds beyond the parent, against f")
        .x(Axis::linear("fraction of pages each child writes").range(0.0, 1.0))
        .y(Axis::linear("extra memory (caches)"))
        .series(Series::measured("measured: ΣPss − parent's before fork", curve.clone()))
        .series(
            Series::line(format!("{CHILDREN}·f: one copy of each written page per child"), ideal)
                .dashed(),
        );
    ctx.save_figure(
        "fraction",
        &plot,
        &format!("{CHILDREN} children, a {} cache; median of {} runs", mib(size), ctx.repeat),
        &["fraction"],
    )?;

    ctx.claim(
        "total-rises",
        Claim::rises("the family's memory rises with the fraction of pages written", &quantities),
    );
    ctx.claim(
        "total-is-5f",
        Claim::fact(
            "at every f the family holds 5·f caches beyond the parent, within 0.1 of a cache",
            worst_gap <= 0.1,
            format!("largest gap from 5·f: {worst_gap:.3} caches"),
        ),
    );
    // At f = 1 only: with a --fractions list that leaves 1 out, there is no such point.
    match curve.iter().find(|(f, _)| *f == 1.0) {
        Some((_, at_1)) => ctx.record_result(
            "total-at-1",
            format!("{:.2}", at_1.median),
            "the family's extra memory at f = 1, in caches",
        ),
        None => ctx.record_result(
            "total-at-1",
            "not measured (f = 1 was not among the fractions)",
            "the family's extra memory at f = 1, in caches",
        ),
    }
    ctx.record_result(
        "total-worst-gap",
        format!("{worst_gap:.3}"),
        "the largest gap between the family's extra memory and 5·f, in caches",
    );
    Ok(())
}
