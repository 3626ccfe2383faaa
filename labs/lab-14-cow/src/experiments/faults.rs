//! What a copy costs: the minor faults and the time per copied page.
//!
//! A child writes one byte in every page of the inherited cache twice. The
//! first pass takes a copy-on-write fault on each page (the kernel
//! allocates a page, copies 4 KiB into it, remaps); the second writes
//! pages already its own, with no fault. Beside them, the parent writes one
//! byte in every page of a fresh mapping: a zero-fill fault per page (a
//! page allocated and cleared, nothing copied).

use super::{Settings, mib, stats};
use crate::behaviour::Behaviour;
use crate::cache::{Cache, Huge, PAGE};
use crate::family::{Family, Plan, thread_minor_faults};
use labkit::LabContext;
use labkit::claim::{Claim, Quantity, show};
use labkit::plot::{Axis, BarPlot};
use labkit::report::{Csv, Table};
use std::time::{Duration, Instant};

pub fn run(ctx: &mut LabContext, s: &Settings) -> anyhow::Result<()> {
    let cache = Cache::new(s.cache as usize, Huge::Off)?;
    let pages = cache.pages() as f64;
    let plan =
        Plan { delay: Duration::ZERO, passes: vec![Behaviour::Write(1.0), Behaviour::Write(1.0)] };
    let mut csv =
        Csv::new(&["run", "kind", "ns_per_page", "faults_per_page", "private_dirty_share"]);
    let (mut cow, mut private, mut zero) = (Vec::new(), Vec::new(), Vec::new());
    let (mut cow_faults, mut zero_faults, mut dirty) = (Vec::new(), Vec::new(), Vec::new());
    for run in 0..ctx.repeat {
        let family = Family::fork(&cache, std::slice::from_ref(&plan))?;
        family.wait_done(Duration::from_secs(60))?;
        let rollup = family.rollups()?[0];
        let (first, second) = (family.pass(0, 0), family.pass(0, 1));
        family.finish()?;
        let share = rollup.private_dirty as f64 / cache.len() as f64;
        let row = |kind: &str, seconds: f64, faults: u64, csv: &mut Csv| {
            csv.row(&[&run, &kind, &(seconds / pages * 1e9), &(faults as f64 / pages), &share]);
        };
        row("copy-on-write", first.seconds, first.minor_faults, &mut csv);
        row("already private", second.seconds, second.minor_faults, &mut csv);
        cow.push(first.seconds / pages);
        private.push(second.seconds / pages);
        cow_faults.push(first.minor_faults as f64 / pages);
        dirty.push(share);

        let blank = Cache::blank(cache.len(), Huge::Off)?;
        let faults_before = thread_minor_faults();
        let start = Instant::now();
        std::hint::black_box(Behaviour::Write(1.0).run(&blank));
        let seconds = start.elapsed().as_secs_f64();
        let faults = thread_minor_faults() - faults_before;
        row("zero-fill", seconds, faults, &mut csv);
        zero.push(seconds / pages);
        zero_faults.push(faults as f64 / pages);
    }
    ctx.save_csv("faults", "time and minor faults per page written", &csv)?;
    let kinds = [
        ("copy-on-write fault (child, inherited page)", stats(&cow)),
        ("zero-fill fault (fresh page)", stats(&zero)),
        ("no fault (page already private)", stats(&private)),
    ];
    let plot = BarPlot::new("Time per page written")
        .categories(kinds.iter().map(|(k, _)| *k))
        .y(Axis::linear("time per page (µs)"))
        .group_measured(
            "one byte written per 4 KiB page",
            kinds.iter().map(|(_, st)| st.map(|s| s * 1e6)).collect(),
        )
        .value_labels(true);
    ctx.save_figure(
        "faults",
        &plot,
        &format!(
            "one byte written in each page of a {} mapping; median of {} runs",
            mib(cache.len() as f64),
            ctx.repeat
        ),
        &["faults"],
    )?;
    let mut table = Table::new(
        "Time and faults per page written",
        &["write", "time per page", "faults per page"],
    );
    table.row([
        kinds[0].0.to_string(),
        show::seconds(kinds[0].1.median),
        format!("{:.3}", stats(&cow_faults).median),
    ]);
    table.row([
        kinds[1].0.to_string(),
        show::seconds(kinds[1].1.median),
        format!("{:.3}", stats(&zero_faults).median),
    ]);
    table.row([kinds[2].0.to_string(), show::seconds(kinds[2].1.median), "0".into()]);
    table.print();

    let [cow_q, zero_q, private_q] = kinds.map(|(k, st)| Quantity::new(k, st, show::seconds));
    let faults_per_page = stats(&cow_faults).median;
    ctx.record_result(
        "cow-per-page",
        show::seconds(cow_q.stats.median),
        "time per page of a copy-on-write fault",
    );
    ctx.record_result(
        "zero-per-page",
        show::seconds(zero_q.stats.median),
        "time per page of a zero-fill fault",
    );
    ctx.record_result(
        "private-per-page",
        show::seconds(private_q.stats.median),
        "time per page of a write without a fault",
    );
    ctx.record_result(
        "cow-faults-per-page",
        format!("{faults_per_page:.3}"),
        "minor faults per page copied",
    );
    ctx.record_result(
        "cow-rate",
        format!("{:.0} MiB/s", PAGE as f64 / cow_q.stats.median / (1u64 << 20) as f64),
        "how fast a child copies the pages it writes",
    );
    ctx.record_result(
        "cow-vs-private",
        show::ratio(cow_q.stats.median / private_q.stats.median),
        "a copy-on-write write against a write to a page already private",
    );
    ctx.claim(
        "one-fault-per-page",
        Claim::fact(
            "the child takes one minor fault per page it copies (0.98 to 1.02 per page)",
            (0.98..=1.02).contains(&faults_per_page) && stats(&dirty).median >= 0.99,
            format!(
                "{faults_per_page:.3} faults per page; {} of the cache private and dirty after",
                show::percent(stats(&dirty).median)
            ),
        ),
    );
    ctx.claim(
        "cow-costs-more-than-a-write",
        Claim::ratio_at_least(
            "a write that takes a copy-on-write fault costs at least 10 times a write to a page already private",
            &cow_q,
            &private_q,
            10.0,
        ),
    );
    ctx.claim(
        "cow-costs-more-than-zero-fill",
        Claim::greater("a copy-on-write fault costs more than a zero-fill fault", &cow_q, &zero_q).if_not(
            "both allocate a page and map it; copying 4 KiB that are already in the cache can cost about as much as clearing 4 KiB, and a shared machine's noise can hide the difference",
        ),
    );
    Ok(())
}
