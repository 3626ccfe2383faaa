//! Experiment 2: how many profiles a run holds in memory at once, read
//! from the snapshots but not yet done.
//!
//! Reading a profile takes microseconds, refreshing it a millisecond or
//! more, so a reader that is never made to wait runs ahead of the workers
//! and holds the corpus. Version 3's bounded queue makes it wait: at most
//! `bound` chunks queued, one in each worker's hands and one being filled.
//! The unbounded queue and the pool (whose `imap_unordered` cuts the whole
//! iterable into jobs before the first one runs) do not.

use super::asking;
use super::throughput::CHUNK;
use crate::corpus::{Corpus, Profile};
use crate::refresh::{Run, pool, queue};
use crate::service::Service;
use labkit::LabContext;
use labkit::claim::Claim;
use labkit::measure::Stats;
use labkit::plot::{Axis, BarPlot};
use labkit::report::{Csv, Table};
use std::sync::Arc;

/// Workers of every run here.
const WORKERS: usize = 4;
/// Chunks the bounded queue holds.
const BOUND: usize = 4;

/// One way to run the refresher, to be measured.
type Design<'a> = Box<dyn Fn() -> anyhow::Result<Run> + 'a>;

/// Measures the peak in flight of each design over a few runs, prints,
/// saves `in-flight.csv` and `in-flight.svg`, and claims the bound.
pub fn run(ctx: &mut LabContext, service: &Arc<Service>, profiles: usize) -> anyhow::Result<()> {
    let corpus = Corpus::write(profiles, 4, ctx.seed)?;
    let designs: [(&str, &str, Design); 3] = [
        (
            "bounded",
            "bounded queue (4 chunks)",
            Box::new(|| {
                queue::run(
                    &corpus,
                    asking(service),
                    queue::Options { bound: Some(BOUND), ..queue::Options::new(WORKERS, CHUNK) },
                )
                .map_err(|e| anyhow::anyhow!("{e}"))
            }),
        ),
        (
            "unbounded",
            "unbounded queue",
            Box::new(|| {
                queue::run(
                    &corpus,
                    asking(service),
                    queue::Options { bound: None, ..queue::Options::new(WORKERS, CHUNK) },
                )
                .map_err(|e| anyhow::anyhow!("{e}"))
            }),
        ),
        (
            "pool",
            "pool, imap_unordered",
            Box::new(|| pool::run(&corpus, asking(service), WORKERS, CHUNK)),
        ),
    ];
    let mut csv = Csv::new(&["design", "run", "peak_in_flight_profiles"]);
    let mut table = Table::new(
        format!(
            "Profiles held in flight, {} profiles, {WORKERS} workers, {CHUNK} a chunk (median of {})",
            corpus.len(),
            ctx.repeat
        ),
        &["design", "most in flight", "bytes (profiles × size)"],
    );
    let mut peaks = Vec::new();
    for (key, name, design) in &designs {
        let mut runs = Vec::new();
        for run in 0..ctx.repeat {
            let done = design()?;
            anyhow::ensure!(done.tally.total() == corpus.len(), "{name}: a profile was lost");
            csv.row(&[key, &run, &done.peak_in_flight]);
            runs.push(done.peak_in_flight as f64);
        }
        let stats = Stats::of(&runs).expect("runs");
        let bytes = stats.median * std::mem::size_of::<Profile>() as f64;
        table.row([name.to_string(), format!("{:.0}", stats.median), format!("{bytes:.0}")]);
        ctx.record_result(
            &format!("in-flight-{key}"),
            format!("{:.0}", stats.median),
            &format!("{name}: most profiles in flight"),
        );
        peaks.push(stats);
    }
    table.print();
    println!();
    ctx.save_csv("in-flight", "most profiles read but not done at once, per design and run", &csv)?;
    let plot = BarPlot::new("Profiles read but not yet done, at most")
        .categories(designs.iter().map(|d| d.1))
        .y(Axis::linear("profiles in flight"))
        .group_measured("most in flight", peaks.clone());
    ctx.save_figure(
        "in-flight",
        &plot,
        &format!(
            "{} profiles, {WORKERS} workers, {CHUNK} a chunk; medians of {} runs",
            corpus.len(),
            ctx.repeat
        ),
        &["in-flight"],
    )?;
    let limit = (BOUND + WORKERS + 1) * CHUNK;
    ctx.record_result(
        "in-flight-limit",
        limit.to_string(),
        "the bounded queue's limit, (bound + workers + 1) × chunk",
    );
    let most = peaks[0].max;
    ctx.claim(
        "bounded-holds-bound",
        Claim::fact(
            format!("the bounded queue never held more than (4 chunks + {WORKERS} workers + 1) × {CHUNK} = {limit} profiles"),
            most <= limit as f64,
            format!("at most {most:.0} in any run"),
        ),
    );
    let least = peaks[1].min.min(peaks[2].min);
    let half = corpus.len() / 2;
    ctx.claim(
        "unbounded-holds-most",
        Claim::fact(
            "the unbounded queue and the pool each held at least half the corpus at once",
            least >= half as f64,
            format!("at least {least:.0} of {} in every run (half is {half})", corpus.len()),
        )
        .if_not("the workers kept up with the reader: the service answered faster than the files were read"),
    );
    Ok(())
}
