//! `cargo run -p lab-05-semaphore`: runs the chapter's experiments in turn
//! and writes their CSV and SVG files (see `--help`).

use clap::{Parser, ValueEnum};
use lab_05_semaphore::experiments::{self, Settings};
use labkit::cli::{CommonArgs, LabRun, Only, WorkerList, parse_workers};
use std::process::ExitCode;
use std::time::Duration;

/// A counting semaphore built from a mutex and a condition variable, and
/// what bounding concurrency with it does: a download pool's timeline;
/// throughput and latency against the number of permits, in front of a
/// simulated service that queues or degrades past its capacity; who gets
/// the permits (the notebook's semaphore against the chapter's); the cost
/// of a permit; and the two classic bugs (`if` for `while`, a release that
/// wakes nobody) shown safely.
#[derive(Parser, Debug)]
#[command(name = "lab-05-semaphore", version)]
struct Args {
    #[command(flatten)]
    common: CommonArgs,

    /// Permit counts k for the throughput sweep, e.g. `1-8,12,16` (default:
    /// 1 to twice the capacity, then 3, 4, 6 and 8 times it, up to the
    /// number of clients; fewer with --quick)
    #[arg(long, value_name = "LIST", value_parser = parse_workers)]
    permits: Option<WorkerList>,

    /// Client threads sending requests back to back, from 1 to 256.
    #[arg(long, value_name = "N", default_value_t = 32,
          value_parser = clap::value_parser!(u16).range(1..=256))]
    clients: u16,

    /// The simulated service's capacity C: requests it serves at full speed
    /// at once, from 1 to 64.
    #[arg(long, value_name = "N", default_value_t = 4,
          value_parser = clap::value_parser!(u16).range(1..=64))]
    capacity: u16,

    /// The simulated service's time per request T within its capacity, in
    /// milliseconds, from 0.5 to 50.
    #[arg(long, value_name = "MS", default_value_t = 2.0, value_parser = parse_service_ms)]
    service_ms: f64,

    /// How much each request beyond capacity slows every request of the
    /// degrading service, as a fraction of T, from 0 to 2.
    #[arg(long, value_name = "FRACTION", default_value_t = 0.1, value_parser = parse_overload)]
    overload: f64,

    #[command(flatten)]
    only: Only<Experiment>,
}

/// The experiments, in the order they run and the chapter tells them.
#[derive(Clone, Copy, Debug, PartialEq, ValueEnum)]
enum Experiment {
    /// A download pool: one thread per download, k downloading at a time.
    Pool,
    /// Throughput and latency against permits, for both kinds of service.
    Throughput,
    /// Who gets the permits: the notebook's semaphore against the chapter's.
    Fairness,
    /// What a permit costs when nobody waits.
    Cost,
    /// `if` instead of `while`, and a release that wakes nobody.
    Flaws,
}

fn parse_service_ms(text: &str) -> Result<f64, String> {
    parse_in(text, 0.5, 50.0)
}

fn parse_overload(text: &str) -> Result<f64, String> {
    parse_in(text, 0.0, 2.0)
}

fn parse_in(text: &str, lo: f64, hi: f64) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(x) if (lo..=hi).contains(&x) => Ok(x),
        Ok(x) => Err(format!("{x} is outside {lo} to {hi}")),
        Err(_) => Err(format!("`{text}` is not a number")),
    }
}

/// The default permit counts: every k up to 2C, then a few multiples of C,
/// never more than the clients (quick: powers of two and C).
fn default_permits(capacity: usize, clients: usize, quick: bool) -> Vec<usize> {
    let mut ks: Vec<usize> = if quick {
        [1, 2, 4, 8, 16, 32, capacity].to_vec()
    } else {
        (1..=2 * capacity).chain([3, 4, 6, 8].map(|m| m * capacity)).collect()
    };
    ks.retain(|&k| k <= clients);
    ks.push(clients.min(8 * capacity)); // the largest k, with room to degrade
    ks.sort_unstable();
    ks.dedup();
    ks
}

fn main() -> ExitCode {
    labkit::cli::run(lab)
}

fn lab(args: Args) -> anyhow::Result<()> {
    let run = LabRun::open("lab-05-semaphore", &args.common, (3, 1))?;
    let (clients, capacity) = (usize::from(args.clients), usize::from(args.capacity));
    let settings = Settings {
        permits: match args.permits {
            Some(WorkerList(list)) => list,
            None => default_permits(capacity, clients, run.quick),
        },
        clients,
        capacity,
        service_time: Duration::from_secs_f64(args.service_ms / 1e3),
        overload: args.overload,
    };

    run.experiments(&args.only, |ctx, experiment| match experiment {
        Experiment::Pool => experiments::pool::run(ctx),
        Experiment::Throughput => {
            let points = experiments::throughput::run(ctx, &settings)?;
            experiments::latency::run(ctx, &settings, &points)
        }
        Experiment::Fairness => experiments::fairness::run(ctx, &settings),
        Experiment::Cost => experiments::cost::run(ctx),
        Experiment::Flaws => experiments::flaws::run(ctx),
    })
}
