//! `cargo run -p lab-02-lock`: runs the chapter's experiments in turn and
//! writes their CSV and SVG files (see `--help`).

use clap::{Parser, ValueEnum};
use lab_02_lock::experiments::{self, Settings};
use labkit::LabContext;
use labkit::cli::{CommonArgs, WorkerList, parse_workers};
use labkit::work::Calibration;
use std::process::ExitCode;

/// Why locks, and how a lock is built: increments lost and lines broken
/// without a lock; spin, futex and semaphore locks built by hand and
/// measured against std's and parking_lot's Mutex (cost alone, throughput
/// and fairness under contention, a timeline of hand-overs); and an unlock
/// that forgets to wake, caught by a watchdog.
#[derive(Parser, Debug)]
#[command(name = "lab-02-lock", version)]
struct Args {
    #[command(flatten)]
    common: CommonArgs,

    /// Thread counts for the lost updates and the contended runs, e.g.
    /// `1-4` or `1,2,8` (default: 1-4; 1,2,4 with --quick)
    #[arg(long, value_name = "LIST", value_parser = parse_workers)]
    workers: Option<WorkerList>,

    /// Run only these experiments (comma-separated).
    #[arg(long, value_enum, value_delimiter = ',', value_name = "LIST")]
    only: Vec<Experiment>,
}

/// The experiments, in the order they run and the chapter tells them.
#[derive(Clone, Copy, Debug, PartialEq, ValueEnum)]
enum Experiment {
    /// Increments lost by a load-then-store counter, against threads.
    LostUpdates,
    /// Lines written in two pieces by four threads, with and without a lock.
    Lines,
    /// One lock + unlock with nobody else wanting the lock, per lock.
    Uncontended,
    /// Throughput and fairness of each lock fought over by n threads.
    Contended,
    /// A timeline of three threads sharing one lock.
    Timeline,
    /// An unlock that forgets to wake its waiter, under a watchdog.
    LostWake,
}

fn main() -> ExitCode {
    labkit::cli::run(lab)
}

fn lab(args: Args) -> anyhow::Result<()> {
    let mut ctx = LabContext::new("lab-02-lock", &args.common, (5, 2))?;
    let wanted = |e: Experiment| args.only.is_empty() || args.only.contains(&e);
    let threads = match args.workers {
        Some(WorkerList(list)) => list,
        None if ctx.quick => vec![1, 2, 4],
        None => (1..=4).collect(),
    };
    let settings = Settings { threads };

    if wanted(Experiment::LostUpdates) {
        experiments::lost_updates::run(&mut ctx, &settings)?;
    }
    if wanted(Experiment::Lines) {
        experiments::lines::run(&mut ctx)?;
    }
    if wanted(Experiment::Uncontended) {
        experiments::uncontended::run(&mut ctx)?;
    }
    if wanted(Experiment::Contended) {
        experiments::contended::run(&mut ctx, &settings)?;
    }
    if wanted(Experiment::Timeline) {
        experiments::timeline::run(&mut ctx, &Calibration::measure())?;
    }
    // Last: it abandons a thread stuck forever, on purpose.
    if wanted(Experiment::LostWake) {
        experiments::lost_wake::run(&mut ctx)?;
    }
    ctx.finish()
}
