//! `cargo run -p lab-13-process-queue`: runs the chapter's experiments in
//! turn and writes their CSV and SVG files (see `--help`).

use clap::{Parser, ValueEnum};
use lab_13_process_queue::experiments::{self, Settings};
use labkit::cli::{CommonArgs, LabRun, Only};
use labkit::python::PythonArgs;
use std::process::ExitCode;
use std::time::Duration;

/// A queue between processes built the way multiprocessing.Queue is (a
/// pipe, length-prefixed postcard frames, a feeder thread, a lock shared by
/// the producers): results in completion order, the cost per message
/// against its size (against chapter 07's thread queue and Python's
/// mp.Queue), the task duration from which a second process pays, and two
/// pitfalls shown under a deadline.
#[derive(Parser, Debug)]
#[command(name = "lab-13-process-queue", version)]
struct Args {
    #[command(flatten)]
    common: CommonArgs,

    /// Worker processes in the completion-order experiment, 2 to 12 (default: 6)
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(2..=12))]
    tasks: Option<u8>,

    /// How long the pitfalls experiment waits before it calls a producer
    /// stuck, in milliseconds, 50 to 10000 (default: 1000, 300 with --quick)
    #[arg(long, value_name = "MS", value_parser = clap::value_parser!(u16).range(50..=10000))]
    deadline: Option<u16>,

    #[command(flatten)]
    python: PythonArgs,

    #[command(flatten)]
    only: Only<Experiment>,
}

/// The experiments, in the order they run and the chapter tells them.
#[derive(Clone, Copy, Debug, PartialEq, ValueEnum)]
enum Experiment {
    /// The notebook's rand_string workers: results in completion order.
    Order,
    /// Cost per message against payload size, with chapter 07's queue and Python's.
    Cost,
    /// The task duration from which sending half the work to a second process pays.
    Breakeven,
    /// Joining a producer before getting its items; a producer dying mid-message.
    Pitfalls,
}

fn main() -> ExitCode {
    labkit::cli::run(lab)
}

fn lab(args: Args) -> anyhow::Result<()> {
    let run = LabRun::open("lab-13-process-queue", &args.common, (7, 3))?;
    let quick = run.quick;
    let python = args.python.find();
    python.announce();
    let settings = Settings {
        tasks: args.tasks.map_or(6, usize::from),
        deadline: Duration::from_millis(
            args.deadline.map_or(if quick { 300 } else { 1000 }, u64::from),
        ),
        python,
    };
    run.experiments(&args.only, |ctx, experiment| match experiment {
        Experiment::Order => experiments::order::run(ctx, &settings),
        Experiment::Cost => {
            settings.python.record(ctx);
            experiments::cost::run(ctx, &settings)
        }
        Experiment::Breakeven => experiments::breakeven::run(ctx),
        Experiment::Pitfalls => experiments::pitfalls::run(ctx, &settings),
    })
}
