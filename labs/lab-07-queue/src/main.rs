//! `cargo run -p lab-07-queue`: runs the chapter's experiments in turn and
//! writes their CSV and SVG files (see `--help`).

use clap::{Parser, ValueEnum};
use lab_07_queue::experiments::{self, Settings};
use labkit::cli::{CommonArgs, LabRun, Only};
use labkit::python::PythonArgs;
use std::process::ExitCode;

/// A blocking queue built from one mutex and three conditions, with
/// Python's task_done/join, raced against std's and crossbeam's channels:
/// throughput against capacity, hand-off latency, timeouts, stores, and
/// the bugs of two broken versions, shown under a watchdog.
#[derive(Parser, Debug)]
#[command(name = "lab-07-queue", version)]
struct Args {
    #[command(flatten)]
    common: CommonArgs,

    /// Thread counts for the throughput experiment: each n runs n producers
    /// and n consumers, e.g. `1,2,4` (1 to 16; default: 1,2)
    #[arg(long, value_name = "LIST", value_parser = parse_threads)]
    threads: Option<Counts>,

    /// Queue capacities for the throughput experiment, e.g. `1,16,1024`
    /// (1 to 1000000; default: 1,4,16,64,256,1024; 1,16,1024 with --quick)
    #[arg(long, value_name = "LIST", value_parser = parse_capacities)]
    capacities: Option<Counts>,

    /// Round trips per queue in the latency experiment, 100 to 1000000
    /// (default: 5000, 1000 with --quick)
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(100..=1_000_000))]
    rounds: Option<u32>,

    #[command(flatten)]
    python: PythonArgs,

    #[command(flatten)]
    only: Only<Experiment>,
}

/// The experiments, in the order they run and the chapter tells them.
#[derive(Clone, Copy, Debug, PartialEq, ValueEnum)]
enum Experiment {
    /// Throughput against capacity for every queue, and where the time goes.
    Throughput,
    /// queue.Queue in CPython against this chapter's queue, 1 producer / 1 consumer.
    Python,
    /// One thread putting and getting: the cost without contention.
    Solo,
    /// Round-trip latency of one item between two threads.
    Latency,
    /// How late a timed put or get gives up.
    Timeouts,
    /// FIFO, LIFO and priority stores.
    Stores,
    /// The notebook's producer/consumer demo, ported so that it ends.
    Demo,
    /// The two broken versions on real threads, under a watchdog.
    Broken,
    /// A worker panics: join with task_done by hand, and with the Task guard.
    PanicJoin,
}

/// A list of counts, ascending, without repeats.
#[derive(Clone, Debug)]
struct Counts(Vec<usize>);

fn parse_threads(text: &str) -> Result<Counts, String> {
    labkit::cli::parse_list(text, 16, "threads").map(Counts)
}

fn parse_capacities(text: &str) -> Result<Counts, String> {
    labkit::cli::parse_list(text, 1_000_000, "items of capacity").map(Counts)
}

fn main() -> ExitCode {
    labkit::cli::run(lab)
}

fn lab(args: Args) -> anyhow::Result<()> {
    let mut run = LabRun::open("lab-07-queue", &args.common, (5, 3))?;
    let settings = Settings {
        threads: args.threads.map_or(vec![1, 2], |c| c.0),
        capacities: args.capacities.map_or(
            if run.quick { vec![1, 16, 1024] } else { vec![1, 4, 16, 64, 256, 1024] },
            |c| c.0,
        ),
        rounds: args.rounds.map_or(if run.quick { 1_000 } else { 5_000 }, |r| r as usize),
        python: args.python.find(),
    };
    settings.python.announce();
    settings.python.record(&mut run);

    run.experiments(&args.only, |ctx, experiment| match experiment {
        Experiment::Throughput => experiments::throughput::run(ctx, &settings),
        Experiment::Python => experiments::python::run(ctx, &settings),
        Experiment::Solo => experiments::solo::run(ctx),
        Experiment::Latency => experiments::latency::run(ctx, settings.rounds),
        Experiment::Timeouts => experiments::timeouts::run(ctx),
        Experiment::Stores => experiments::stores::run(ctx),
        Experiment::Demo => experiments::demo::run(ctx),
        Experiment::Broken => experiments::broken::run(ctx),
        Experiment::PanicJoin => experiments::panic_join::run(ctx),
    })
}
