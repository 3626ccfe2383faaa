//! `cargo run -p lab-09-true-story`: runs the three versions of the
//! refresher against the local service and prints what each did.

use clap::Parser;
use lab_09_true_story::corpus::Corpus;
use lab_09_true_story::refresh::{pool, queue, sequential};
use lab_09_true_story::service::{Faults, Service};
use labkit::cli::CommonArgs;
use labkit::report::Table;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The notebook's profile refresher rebuilt three ways (sequential with a
/// sleep, chapter 08's pool with imap_unordered, a bounded queue of chunks
/// with sentinels), run against a local HTTP service with failing and
/// slow requests.
#[derive(Parser, Debug)]
#[command(name = "lab-09-true-story", version)]
struct Args {
    #[command(flatten)]
    common: CommonArgs,

    /// Profiles in the corpus, 100 to 100000 (default: 2000, 500 with --quick)
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(100..=100_000))]
    profiles: Option<u32>,

    /// Workers of the pool and queue versions, 1 to 64 (default: 8)
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=64))]
    workers: Option<u16>,
}

fn main() -> ExitCode {
    labkit::cli::run(lab)
}

fn lab(args: Args) -> anyhow::Result<()> {
    let ctx = labkit::LabContext::new("lab-09-true-story", &args.common, (3, 1))?;
    let profiles = args.profiles.map_or(if ctx.quick { 500 } else { 2000 }, |n| n as usize);
    let workers = args.workers.map_or(8, usize::from);
    let corpus = Corpus::write(profiles, 4, ctx.seed)?;
    let faults = Faults {
        latency: Duration::from_millis(2),
        fail_every: 37,
        slow_every: 101,
        timeout: Duration::from_millis(100),
    };
    let service = Arc::new(Service::start(faults)?);
    let mut table = Table::new(
        format!("{profiles} profiles"),
        &["version", "profiles/s", "refreshed", "skipped", "failed", "timed out", "total"],
    );
    let mut results = Vec::new();
    let mut row = |name: &str, took: Duration, t: lab_09_true_story::Tally| {
        results.push((name.to_string(), profiles as f64 / took.as_secs_f64(), t));
        table.row([
            name.to_string(),
            format!("{:.0}", profiles as f64 / took.as_secs_f64()),
            t.refreshed.to_string(),
            t.skipped.to_string(),
            t.failed.to_string(),
            t.timed_out.to_string(),
            t.total().to_string(),
        ]);
    };
    let start = Instant::now();
    let t = sequential::run(&corpus, &service, sequential::PACE)?;
    row("sequential, sleep 1/170 s", start.elapsed(), t);
    let start = Instant::now();
    let s = Arc::clone(&service);
    let t = pool::run(&corpus, Arc::new(move |p| s.refresh(p)), workers, 100)?;
    row(&format!("pool of {workers}, imap_unordered"), start.elapsed(), t);
    let start = Instant::now();
    let s = Arc::clone(&service);
    let t = queue::run(&corpus, Arc::new(move |p| s.refresh(p)), workers, 100, 4)?;
    row(&format!("queue of 4 chunks, {workers} workers"), start.elapsed(), t);
    table.print();
    let mut ctx = ctx;
    for (key, (name, rate, t)) in ["rate-sequential", "rate-pool", "rate-queue"].iter().zip(results)
    {
        ctx.record_result(key, format!("{rate:.0} profiles/s"), &name);
        let adds_up = t.total() == profiles;
        ctx.record_result(
            &format!("{key}-adds-up"),
            format!("{adds_up}: {} of {profiles}", t.total()),
            &format!("{name}: every profile counted"),
        );
    }
    ctx.finish()
}
