//! Do transparent huge pages change the unit of copying?
//!
//! The parent maps a cache advised `MADV_HUGEPAGE` and checks in its own
//! `smaps_rollup` how much of it the kernel backed with 2 MiB pages
//! (`AnonHugePages`). A child then writes one byte in each 2 MiB region;
//! beside it an idle child is the baseline. What the writer gained in
//! `Private_Dirty`, divided by its writes, is the unit the kernel copies.
//! The same pair over a cache of base pages is the control.

use super::{Settings, mib, stats};
use crate::behaviour::Behaviour;
use crate::cache::{Cache, HUGE_PAGE, Huge, PAGE, thp_mode};
use crate::family::{Family, Plan};
use crate::smaps::Rollup;
use labkit::LabContext;
use labkit::claim::{Claim, Quantity, show};
use labkit::plot::{Axis, BarPlot};
use labkit::report::{Csv, Table};
use std::time::Duration;

/// What one kind of cache showed.
struct Found {
    /// The share of the cache the parent had in huge pages.
    backed: f64,
    /// Bytes copied per write (median over runs).
    unit: f64,
    /// KiB copied per write, over runs (for the figure).
    unit_kib: labkit::Stats,
    /// Time per write, over runs.
    seconds: labkit::Stats,
    /// The writer's `AnonHugePages` after its writes, and the idle child's.
    huge_after: (f64, f64),
}

pub fn run(ctx: &mut LabContext, s: &Settings) -> anyhow::Result<()> {
    let mode = thp_mode();
    let mut csv = Csv::new(&[
        "cache",
        "run",
        "parent_huge_share",
        "unit_kib",
        "us_per_write",
        "writer_anon_huge_mib",
        "idle_anon_huge_mib",
    ]);
    let mut found = Vec::new();
    for (name, huge) in [("huge pages", Huge::On), ("base pages", Huge::Off)] {
        let before = Rollup::of(0)?.anon_huge_pages;
        let cache = Cache::new(s.cache as usize, huge)?;
        let backed =
            Rollup::of(0)?.anon_huge_pages.saturating_sub(before) as f64 / cache.len() as f64;
        let stride = HUGE_PAGE / PAGE;
        let writes = cache.pages().div_ceil(stride) as f64;
        let plans = [Behaviour::Idle, Behaviour::Stride(stride)]
            .map(|b| Plan { delay: Duration::ZERO, passes: vec![b] });
        let (mut units, mut times, mut after) = (Vec::new(), Vec::new(), Vec::new());
        for run in 0..ctx.repeat {
            let family = Family::fork(&cache, &plans)?;
            family.wait_done(Duration::from_secs(60))?;
            let [idle, writer] = [0, 1].map(|i| family.rollups().map(|r| r[i]));
            let (idle, writer) = (idle?, writer?);
            let pass = family.pass(1, 0);
            family.finish()?;
            let unit = writer.private_dirty.saturating_sub(idle.private_dirty) as f64 / writes;
            let us = pass.seconds / writes * 1e6;
            let mib_of = |b: u64| b as f64 / (1u64 << 20) as f64;
            csv.row(&[
                &name,
                &run,
                &backed,
                &(unit / 1024.0),
                &us,
                &mib_of(writer.anon_huge_pages),
                &mib_of(idle.anon_huge_pages),
            ]);
            units.push(unit);
            times.push(pass.seconds / writes);
            after.push((writer.anon_huge_pages as f64, idle.anon_huge_pages as f64));
        }
        let median = |v: Vec<f64>| stats(&v).median;
        found.push(Found {
            backed,
            unit_kib: stats(&units.iter().map(|u| u / 1024.0).collect::<Vec<_>>()),
            unit: median(units),
            seconds: stats(&times),
            huge_after: (
                median(after.iter().map(|a| a.0).collect()),
                median(after.iter().map(|a| a.1).collect()),
            ),
        });
    }
    ctx.save_csv("huge", "the unit of copying with and without transparent huge pages", &csv)?;
    let mut table = Table::new(
        format!("One byte written per 2 MiB in a child (THP mode: {mode})"),
        &[
            "cache",
            "parent's share in huge pages",
            "copied per write",
            "time per write",
            "writer / idle child AnonHugePages",
        ],
    );
    for (name, f) in ["advised MADV_HUGEPAGE", "advised MADV_NOHUGEPAGE"].iter().zip(&found) {
        table.row([
            name.to_string(),
            show::percent(f.backed),
            format!("{:.0} KiB", f.unit / 1024.0),
            show::seconds(f.seconds.median),
            format!("{} / {}", mib(f.huge_after.0), mib(f.huge_after.1)),
        ]);
    }
    table.print();

    let (huge, base) = (&found[0], &found[1]);
    let plot = BarPlot::new("What a child's first write to a page copies")
        .categories(["cache advised MADV_HUGEPAGE", "cache advised MADV_NOHUGEPAGE"])
        .y(Axis::linear("memory copied per write (KiB)"))
        .group_measured("copied per write", vec![huge.unit_kib, base.unit_kib])
        .value_labels(true);
    ctx.save_figure(
        "huge",
        &plot,
        &format!(
            "one byte written per 2 MiB; THP mode {mode}; {} of the advised cache was in huge pages in the parent; median of {} runs",
            show::percent(huge.backed),
            ctx.repeat
        ),
        &["huge"],
    )?;
    ctx.record_result("thp-mode", mode.clone(), "the system's transparent huge page mode");
    ctx.record_result(
        "thp-backed",
        show::percent(huge.backed),
        "the share of the MADV_HUGEPAGE cache the kernel backed with huge pages",
    );
    ctx.record_result(
        "thp-unit",
        format!("{:.0} KiB", huge.unit / 1024.0),
        "memory copied per write in a child, huge-page cache",
    );
    ctx.record_result(
        "base-unit",
        format!("{:.0} KiB", base.unit / 1024.0),
        "memory copied per write in a child, base-page cache",
    );
    ctx.record_result(
        "thp-write-time",
        show::seconds(huge.seconds.median),
        "time of a child's first write to a huge page",
    );
    ctx.record_result(
        "base-write-time",
        show::seconds(base.seconds.median),
        "time of a child's first write to a base page",
    );
    ctx.record_result(
        "thp-writer-huge-after",
        mib(huge.huge_after.0),
        "the writing child's AnonHugePages after its writes",
    );
    ctx.record_result(
        "thp-idle-huge-after",
        mib(huge.huge_after.1),
        "the idle child's AnonHugePages",
    );
    let used = huge.backed >= 0.5;
    ctx.claim(
        "thp-split-costs",
        Claim::greater(
            "a child's first write to a huge page takes longer than its first write to a base page",
            &Quantity::new("first write, huge page", huge.seconds, show::seconds),
            &Quantity::new("first write, base page", base.seconds, show::seconds),
        )
        .if_not("without huge pages in use both writes are the same kind of fault"),
    );
    ctx.claim(
        "thp-used",
        Claim::fact(
            "the kernel backed at least half of the cache advised MADV_HUGEPAGE with huge pages",
            used,
            format!("{} in huge pages; THP mode {mode}", show::percent(huge.backed)),
        )
        .if_not("transparent huge pages are off on this machine (`never`), or no 2 MiB blocks of free memory were at hand"),
    );
    ctx.claim(
        "thp-copies-4k",
        Claim::fact(
            "with huge pages, a child's first write to a 2 MiB page still copied only a 4 KiB page, as with base pages",
            used && huge.unit <= 8.0 * 1024.0 && base.unit <= 8.0 * 1024.0,
            format!(
                "{:.0} KiB per write with huge pages ({} of the cache in them), {:.0} KiB with base pages",
                huge.unit / 1024.0,
                show::percent(huge.backed),
                base.unit / 1024.0
            ),
        )
        .if_not("without huge pages in use there is nothing to compare; an older kernel (before 5.8) copied the whole 2 MiB page"),
    );
    Ok(())
}
