//! `cargo run -p lab-12-pipe`: runs the chapter's experiments in turn and
//! writes their CSV and SVG files (see `--help`).

use clap::{Parser, ValueEnum};
use lab_12_pipe::experiments::{self, Settings};
use labkit::cli::{CommonArgs, LabRun, Only};
use labkit::python::PythonArgs;
use std::process::ExitCode;
use std::time::Duration;

/// Pipes probed and measured: how much one holds, when several writers'
/// messages stay whole, round trips to a child (pipe, Unix socket pair,
/// shared futex, the notebook's busy poll, Python's multiprocessing.Pipe),
/// throughput against chunk size up to vmsplice/splice with memcpy as the
/// ceiling, and the full-pipe hang of a child shown under a deadline, with
/// the draining thread that fixes it.
#[derive(Parser, Debug)]
#[command(name = "lab-12-pipe", version)]
struct Args {
    #[command(flatten)]
    common: CommonArgs,

    /// Round trips timed one by one per channel in the latency experiment,
    /// 1000 to 1000000 (default: 50000, 3000 with --quick)
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1000..=1_000_000))]
    rounds: Option<u32>,

    /// Writers sharing one pipe in the atomicity experiment, 2 to 16 (default: 4)
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(2..=16))]
    writers: Option<u8>,

    /// MiB each writer writes per message size in the atomicity experiment,
    /// 1 to 256 (default: 8, 2 with --quick)
    #[arg(long, value_name = "MIB", value_parser = clap::value_parser!(u16).range(1..=256))]
    volume: Option<u16>,

    /// How long the hang experiment waits before it calls a child stuck,
    /// in milliseconds, 50 to 10000 (default: 1000, 300 with --quick)
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
    /// How much a pipe holds, by default and resized to the system's limit.
    Capacity,
    /// Several writers on one pipe: messages at and above PIPE_BUF, interleavings counted.
    Atomicity,
    /// Round trips to a child process, as distributions, with Python's Pipe.
    Latency,
    /// GiB/s against chunk size: default and enlarged pipes, vmsplice/splice, memcpy.
    Throughput,
    /// The full-pipe hang under a deadline; the draining thread; a never-ending child.
    Hang,
}

fn main() -> ExitCode {
    if let Some(code) = experiments::hang::child_mode() {
        return ExitCode::from(code as u8);
    }
    labkit::cli::run(lab)
}

fn lab(args: Args) -> anyhow::Result<()> {
    let run = LabRun::open("lab-12-pipe", &args.common, (7, 3))?;
    let quick = run.quick;
    let python = args.python.find();
    python.announce();
    let settings = Settings {
        rounds: args.rounds.map_or(if quick { 3_000 } else { 50_000 }, |r| r as usize),
        writers: args.writers.map_or(4, usize::from),
        volume: args.volume.map_or(if quick { 2 } else { 8 }, usize::from) << 20,
        deadline: Duration::from_millis(
            args.deadline.map_or(if quick { 300 } else { 1000 }, u64::from),
        ),
        python,
    };
    run.experiments(&args.only, |ctx, experiment| match experiment {
        Experiment::Capacity => experiments::capacity::run(ctx),
        Experiment::Atomicity => experiments::atomicity::run(ctx, &settings),
        Experiment::Latency => {
            settings.python.record(ctx);
            experiments::latency::run(ctx, &settings)
        }
        Experiment::Throughput => experiments::throughput::run(ctx),
        Experiment::Hang => experiments::hang::run(ctx, &settings),
    })
}
