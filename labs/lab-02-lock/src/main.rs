//! `cargo run -p lab-02-lock`: runs the chapter's experiments in turn and
//! writes their CSV and SVG files (see `--help`).

use clap::{Parser, ValueEnum};
use lab_02_lock::experiments::{self, Settings};
use labkit::cli::{CommonArgs, LabRun, Only, WorkerList, parse_workers};
use labkit::python::PythonArgs;
use labkit::work::Calibration;
use std::process::ExitCode;

/// Why locks, and how a lock is built: increments lost and lines broken
/// without a lock; spin, futex and semaphore locks built by hand and
/// measured against std's and parking_lot's Mutex (cost alone, throughput
/// and fairness under contention, a timeline of hand-overs); CPython's
/// lock and `counter += 1` beside them; and an unlock that forgets to wake,
/// caught by a watchdog.
#[derive(Parser, Debug)]
#[command(name = "lab-02-lock", version)]
struct Args {
    #[command(flatten)]
    common: CommonArgs,

    /// Thread counts for the lost updates and the contended runs, e.g.
    /// `1-4` or `1,2,8` (default: 1-4; 1,2,4 with --quick)
    #[arg(long, value_name = "LIST", value_parser = parse_workers)]
    workers: Option<WorkerList>,

    #[command(flatten)]
    python: PythonArgs,

    #[command(flatten)]
    only: Only<Experiment>,
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
    /// CPython's threading.Lock and `counter += 1` under the GIL, beside Rust.
    Python,
    /// An unlock that forgets to wake its waiter, under a watchdog.
    LostWake,
}

fn main() -> ExitCode {
    labkit::cli::run(lab)
}

fn lab(args: Args) -> anyhow::Result<()> {
    let mut run = LabRun::open("lab-02-lock", &args.common, (5, 2))?;
    let python = args.python.find();
    if args.only.wants(&Experiment::Python) {
        python.announce();
        python.record(&mut run);
    }
    let threads = match args.workers {
        Some(WorkerList(list)) => list,
        None if run.quick => vec![1, 2, 4],
        None => (1..=4).collect(),
    };
    let settings = Settings { threads };

    run.experiments(&args.only, |ctx, experiment| match experiment {
        Experiment::LostUpdates => experiments::lost_updates::run(ctx, &settings),
        Experiment::Lines => experiments::lines::run(ctx),
        Experiment::Uncontended => experiments::uncontended::run(ctx),
        Experiment::Contended => experiments::contended::run(ctx, &settings),
        Experiment::Timeline => experiments::timeline::run(ctx, &Calibration::measure()),
        Experiment::Python => experiments::python::run(ctx, &python),
        // Last: it abandons a thread stuck forever, on purpose.
        Experiment::LostWake => experiments::lost_wake::run(ctx),
    })
}
