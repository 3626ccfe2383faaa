//! `cargo run -p lab-03-rlock`: runs the chapter's experiments in turn and
//! writes their CSV and SVG files (see `--help`).

use clap::{Parser, ValueEnum};
use lab_03_rlock::experiments;
use labkit::LabContext;
use labkit::cli::{CommonArgs, WorkerList, parse_workers};
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

    /// Run only these experiments (comma-separated).
    #[arg(long, value_enum, value_delimiter = ',', value_name = "LIST")]
    only: Vec<Experiment>,
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
    let mut ctx = LabContext::new("lab-03-rlock", &args.common, (9, 3))?;
    let wanted = |e: Experiment| args.only.is_empty() || args.only.contains(&e);
    let workers = match args.workers {
        Some(WorkerList(list)) => list,
        None => {
            let mut list = vec![1, 2, (2 * ctx.machine.logical_cores).max(4)];
            list.dedup();
            list
        }
    };

    if wanted(Experiment::Cost) {
        experiments::cost::run(&mut ctx, args.depth)?;
    }
    if wanted(Experiment::Contended) {
        experiments::contended::run(&mut ctx, &workers)?;
    }
    if wanted(Experiment::Timed) {
        experiments::timed::run(&mut ctx)?;
    }
    // Last: it leaves a thread blocked until the process exits.
    if wanted(Experiment::Deadlock) {
        experiments::deadlock::run(&mut ctx)?;
    }

    ctx.finish()
}
