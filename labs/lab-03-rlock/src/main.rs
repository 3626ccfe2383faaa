//! `cargo run -p lab-03-rlock`: runs the chapter's experiments in turn and
//! writes their CSV and SVG files (see `--help`).

use clap::{Parser, ValueEnum};
use lab_03_rlock::experiments;
use labkit::cli::{CommonArgs, LabRun, Only, WorkerList, parse_workers};
use std::process::ExitCode;

/// Reentrant locks: an RLock built from chapter 02's futex lock, an owner
/// and a count; what reentrancy costs against plain locks and parking_lot's
/// ReentrantMutex, alone and with threads competing; taking the lock with a
/// time limit; and a recursive walk that deadlocks on a plain lock (caught
/// by a watchdog) and finishes with the RLock.
#[derive(Parser, Debug)]
#[command(name = "lab-03-rlock", version)]
struct Args {
    #[command(flatten)]
    common: CommonArgs,

    /// Deepest nesting the cost experiment measures, from 2 to 64.
    #[arg(long, value_name = "N", default_value_t = 8, value_parser = clap::value_parser!(u32).range(2..=64))]
    depth: u32,

    /// Thread counts for the contended experiment, e.g. `1-4` or `1,2,4`
    /// (default: 1, 2 and twice the logical cores, at least 4)
    #[arg(long, value_name = "LIST", value_parser = parse_workers)]
    workers: Option<WorkerList>,

    #[command(flatten)]
    only: Only<Experiment>,
}

/// The experiments, in the order they run.
#[derive(Clone, Copy, Debug, PartialEq, ValueEnum)]
enum Experiment {
    /// Uncontended lock + unlock: plain locks, first and nested acquires, by depth.
    Cost,
    /// Lock + unlock with threads competing for one lock.
    Contended,
    /// try_lock_for: giving up in time, and the lag polling adds.
    Timed,
    /// The recursive walk: the plain lock's self-deadlock under a watchdog, the RLock's finish.
    Deadlock,
}

fn main() -> ExitCode {
    labkit::cli::run(lab)
}

fn lab(args: Args) -> anyhow::Result<()> {
    let run = LabRun::open("lab-03-rlock", &args.common, (9, 3))?;
    let workers = match args.workers {
        Some(WorkerList(list)) => list,
        None => {
            let mut list = vec![1, 2, (2 * run.machine.logical_cores).max(4)];
            list.dedup();
            list
        }
    };

    run.experiments(&args.only, |ctx, experiment| match experiment {
        Experiment::Cost => experiments::cost::run(ctx, args.depth),
        Experiment::Contended => experiments::contended::run(ctx, &workers),
        Experiment::Timed => experiments::timed::run(ctx),
        // Last: it leaves a thread blocked until the process exits.
        Experiment::Deadlock => experiments::deadlock::run(ctx),
    })
}
