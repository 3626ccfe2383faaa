//! `cargo run -p lab-09-true-story`: runs the chapter's experiments in turn
//! and writes their CSV and SVG files (see `--help`).

use clap::{Parser, ValueEnum};
use lab_09_true_story::experiments::{self, Settings};
use lab_09_true_story::service::Service;
use labkit::cli::{CommonArgs, LabRun, Only};
use std::process::ExitCode;
use std::sync::Arc;

/// The notebook's profile refresher rebuilt three ways (sequential with a
/// sleep of 1/170 s, chapter 08's pool with imap_unordered, a bounded queue
/// of chunks with sentinels), run against chapter 01's local HTTP server
/// with failing and slow requests: throughput against workers, memory in
/// flight, how fast a dead worker is noticed, the cost of ending with
/// qsize() polling, workers that quit on an empty queue, a nested pool.
#[derive(Parser, Debug)]
#[command(name = "lab-09-true-story", version)]
struct Args {
    #[command(flatten)]
    common: CommonArgs,

    /// Profiles in the corpus of the throughput experiment, 100 to 100000
    /// (default: 600, 200 with --quick); the in-flight experiment uses 4×
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(100..=100_000))]
    profiles: Option<u32>,

    /// Worker counts for the throughput experiment, e.g. `1,4,16` (1 to 64;
    /// default: 1,2,4,8,16; 1,4 with --quick)
    #[arg(long, value_name = "LIST", value_parser = parse_workers)]
    workers: Option<labkit::cli::WorkerList>,

    #[command(flatten)]
    only: Only<Experiment>,
}

/// The experiments, in the order they run and the chapter tells them.
#[derive(Clone, Copy, Debug, PartialEq, ValueEnum)]
enum Experiment {
    /// Profiles per second against workers, for each version.
    Throughput,
    /// Profiles read but not done: bounded queue, unbounded queue, pool.
    InFlight,
    /// From a worker's panic to the feeder noticing.
    Notice,
    /// while qsize(): sleep() against join: time wasted at the end.
    Ending,
    /// Workers that quit on an empty get(timeout=0.1), and the fix.
    Idle,
    /// A task that waits on its own pool; rayon's join; a second pool.
    Nested,
    /// A service that refuses more than 170 requests a second: pacing against the pool.
    Limit,
}

/// The kit's worker list, at most 64 each.
fn parse_workers(text: &str) -> Result<labkit::cli::WorkerList, String> {
    let list = labkit::cli::parse_workers(text)?;
    match list.0.iter().find(|&&w| w > 64) {
        Some(w) => Err(format!("{w} workers is out of range (1 to 64)")),
        None => Ok(list),
    }
}

fn main() -> ExitCode {
    labkit::cli::run(lab)
}

fn lab(args: Args) -> anyhow::Result<()> {
    let run = LabRun::open("lab-09-true-story", &args.common, (3, 1))?;
    let settings = Settings {
        profiles: args.profiles.map_or(if run.quick { 200 } else { 600 }, |n| n as usize),
        workers: match args.workers {
            Some(list) => list.0,
            None if run.quick => vec![1, 4],
            None => vec![1, 2, 4, 8, 16],
        },
        faults: experiments::faults(),
    };
    let service = Arc::new(Service::start(settings.faults)?);
    run.experiments(&args.only, |ctx, experiment| match experiment {
        Experiment::Throughput => experiments::throughput::run(ctx, &settings),
        Experiment::InFlight => experiments::in_flight::run(ctx, &service, settings.profiles * 4),
        Experiment::Notice => experiments::notice::run(ctx),
        Experiment::Ending => experiments::ending::run(ctx),
        Experiment::Idle => {
            experiments::idle::run(ctx, 4);
            Ok(())
        }
        Experiment::Nested => {
            experiments::nested::run(ctx, 4);
            Ok(())
        }
        Experiment::Limit => {
            let profiles = if ctx.quick { 120 } else { 240 };
            experiments::limit::run(ctx, settings.faults, profiles, 8)
        }
    })
}
