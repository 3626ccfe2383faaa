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
    let t = pool::run(&corpus, Arc::new(move |p| s.refresh(p)), workers, 100)?.tally;
    row(&format!("pool of {workers}, imap_unordered"), start.elapsed(), t);
    let start = Instant::now();
    let s = Arc::clone(&service);
    let t = queue::run(&corpus, Arc::new(move |p| s.refresh(p)), queue::Options::new(workers, 100))
        .map_err(|e| anyhow::anyhow!("{e}"))?
        .tally;
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
    faults_and_deadlocks(&mut ctx, workers.min(4));
    ctx.finish()
}

/// The timeout-exit workers and the nested-pool deadlock, with their fixes.
fn faults_and_deadlocks(ctx: &mut labkit::LabContext, workers: usize) {
    use lab_09_true_story::nested;
    use lab_09_true_story::timeout_exit::{self, Ending};
    use labkit::watchdog::Outcome;
    let (items, pause) = (2000, Duration::from_millis(150));
    let mut table = Table::new(
        "Workers that quit on an empty queue",
        &["ending", "processed", "left unprocessed"],
    );
    for (key, name, ending) in [
        (
            "timeout-exit",
            "get(timeout=0.1) finds it empty",
            Ending::EmptyForTimeout(Duration::from_millis(100)),
        ),
        ("sentinel-exit", "a sentinel per worker", Ending::Sentinel),
    ] {
        let (done, left) = timeout_exit::run(ending, workers, items, pause);
        table.row([name.to_string(), done.to_string(), left.to_string()]);
        ctx.record_result(
            &format!("{key}-left"),
            left.to_string(),
            &format!("{name}: items left unprocessed of {items}"),
        );
    }
    table.print();

    let deadline = if ctx.quick { Duration::from_millis(500) } else { Duration::from_secs(1) };
    let own = match nested::own_pool(workers, workers, deadline) {
        Outcome::Finished(sum) => format!("finished ({sum})"),
        Outcome::TimedOut(report) => {
            let waiting = report.entries.iter().filter(|e| e.doing.starts_with("waiting")).count();
            format!(
                "deadlocked: {waiting} of {workers} outer tasks waiting for inner tasks that no worker is free to run"
            )
        }
        Outcome::Panicked(why) => format!("panicked: {why}"),
    };
    let rayon = nested::rayon_join(workers, workers * 4)
        .map_or_else(|e| format!("failed: {e}"), |v| format!("finished ({v})"));
    let separate = format!("finished ({})", nested::separate_pools(workers, workers * 4));
    let mut table =
        Table::new(format!("A task that waits on its own pool of {workers}"), &["pool", "outcome"]);
    for (key, name, outcome) in [
        ("nested-own-pool", "chapter 08's pool, inner tasks on the same pool", own),
        ("nested-rayon", "rayon, join inside par_iter", rayon),
        ("nested-separate", "chapter 08's pool, inner tasks on a second pool", separate),
    ] {
        table.row([name.to_string(), outcome.clone()]);
        ctx.record_result(key, outcome, name);
    }
    table.print();
}
