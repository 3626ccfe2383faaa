//! `cargo run -p lab-00-amdahl`: runs the chapter's experiments in turn and
//! writes their CSV and SVG files (see `--help`).

use clap::{Parser, ValueEnum};
use lab_00_amdahl::experiments::{self, Settings};
use labkit::cli::{CommonArgs, LabRun, Only, WorkerList, parse_workers};
use labkit::work::Calibration;
use std::process::ExitCode;

/// Amdahl's law measured on this machine, and the notebook's tips for
/// splitting work put to the test: speedup against workers with the fitted
/// serial fraction; independent units against units sharing a lock; chunk
/// size; the order tasks are handed out in; workers against physical cores.
#[derive(Parser, Debug)]
#[command(name = "lab-00-amdahl", version)]
struct Args {
    #[command(flatten)]
    common: CommonArgs,

    /// Worker counts for the speedup and cores experiments, e.g. `1-4` or
    /// `1,2,4,8` (default: 1 to twice the logical cores, at least 1-4)
    #[arg(long, value_name = "LIST", value_parser = parse_workers)]
    workers: Option<WorkerList>,

    /// The serial fraction the Amdahl job is built with, from 0 to 0.9.
    #[arg(long, value_name = "FRACTION", default_value_t = 0.1, value_parser = parse_fraction)]
    serial: f64,

    #[command(flatten)]
    only: Only<Experiment>,
}

/// The experiments, in the order they run and the chapter tells them.
#[derive(Clone, Copy, Debug, PartialEq, ValueEnum)]
enum Experiment {
    /// Speedup against workers, with Amdahl's law and the fitted serial fraction.
    Speedup,
    /// Independent units against units that share a lock.
    Independence,
    /// Chunk size: communication overhead against imbalance.
    Chunks,
    /// The order skewed tasks are handed out in.
    Order,
    /// Workers against physical cores, and hyperthreading.
    Cores,
}

fn parse_fraction(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(f) if (0.0..=0.9).contains(&f) => Ok(f),
        Ok(f) => Err(format!("{f} is outside 0 to 0.9")),
        Err(_) => Err(format!("`{text}` is not a number")),
    }
}

fn main() -> ExitCode {
    labkit::cli::run(lab)
}

fn lab(args: Args) -> anyhow::Result<()> {
    let run = LabRun::open("lab-00-amdahl", &args.common, (7, 3))?;
    let workers = match args.workers {
        Some(WorkerList(list)) => list,
        None => (1..=(2 * run.machine.logical_cores).max(4)).collect(),
    };
    let settings = Settings { cal: Calibration::measure(), workers, serial: args.serial };
    println!(
        "calibration: {:.0} iterations of busy work per µs on one core\n",
        settings.cal.iterations_per_us
    );

    run.experiments(&args.only, |ctx, experiment| match experiment {
        Experiment::Speedup => experiments::speedup::run(ctx, &settings),
        Experiment::Independence => experiments::independence::run(ctx, &settings),
        Experiment::Chunks => experiments::chunks::run(ctx, &settings),
        Experiment::Order => experiments::order::run(ctx, &settings),
        Experiment::Cores => experiments::cores::run(ctx, &settings),
    })
}
