//! `cargo run -p lab-06-event`: runs the chapter's experiments in turn and
//! writes their CSV and SVG files (see `--help`).

use clap::{Parser, ValueEnum};
use lab_06_event::experiments::{self, Settings};
use labkit::cli::{CommonArgs, LabRun, Only};
use labkit::work::Calibration;
use std::process::ExitCode;
use std::time::Duration;

/// An event built by hand, measured: how quickly an event stops a service
/// of workers and a heartbeat (sleeping, waiting on the event, or busy),
/// and how many wake-ups the notebook's set() followed by clear() loses,
/// before and after the fix.
#[derive(Parser, Debug)]
#[command(name = "lab-06-event", version)]
struct Args {
    #[command(flatten)]
    common: CommonArgs,

    /// Worker threads in the shutdown experiments, 1 to 64; a heartbeat
    /// thread runs beside them.
    #[arg(long, value_name = "N", default_value_t = 4, value_parser = parse_workers)]
    workers: usize,

    /// Producer rounds per run in the missed wake-up experiment, 100 to
    /// 100000 (default: 600, 300 with --quick).
    #[arg(long, value_name = "N", value_parser = parse_rounds)]
    rounds: Option<usize>,

    /// The producer's mean gap between rounds, in microseconds, 20 to 10000.
    #[arg(long, value_name = "MICROSECONDS", default_value_t = 100, value_parser = parse_gap)]
    gap_us: u64,

    #[command(flatten)]
    only: Only<Experiment>,
}

/// The experiments, in the order they run and the chapter tells them.
#[derive(Clone, Copy, Debug, PartialEq, ValueEnum)]
enum Experiment {
    /// Shutdown time against the idle period, three ways of idling.
    Shutdown,
    /// One shutdown of each kind, drawn thread by thread.
    Timeline,
    /// Signals missed per 1,000 rounds by set()+clear(), and by the fixes.
    Missed,
}

/// A whole number within `lo..=hi`, or a message saying why not.
fn number_in(text: &str, lo: u64, hi: u64, what: &str) -> Result<u64, String> {
    match text.trim().parse::<u64>() {
        Ok(n) if (lo..=hi).contains(&n) => Ok(n),
        Ok(n) => Err(format!("{n} {what} is out of range ({lo} to {hi})")),
        Err(_) => Err(format!("`{text}` is not a whole number")),
    }
}

fn parse_workers(text: &str) -> Result<usize, String> {
    number_in(text, 1, 64, "workers").map(|n| n as usize)
}

fn parse_rounds(text: &str) -> Result<usize, String> {
    number_in(text, 100, 100_000, "rounds").map(|n| n as usize)
}

fn parse_gap(text: &str) -> Result<u64, String> {
    number_in(text, 20, 10_000, "µs")
}

fn main() -> ExitCode {
    labkit::cli::run(lab)
}

fn lab(args: Args) -> anyhow::Result<()> {
    let run = LabRun::open("lab-06-event", &args.common, (5, 2))?;
    let settings = Settings {
        cal: Calibration::measure(),
        workers: args.workers,
        rounds: args.rounds.unwrap_or(if run.quick { 300 } else { 600 }),
        gap: Duration::from_micros(args.gap_us),
    };
    println!(
        "calibration: {:.0} iterations of busy work per µs on one core\n",
        settings.cal.iterations_per_us
    );

    run.experiments(&args.only, |ctx, experiment| match experiment {
        Experiment::Shutdown => experiments::shutdown::run(ctx, &settings),
        Experiment::Timeline => experiments::timeline::run(ctx, &settings),
        Experiment::Missed => experiments::missed::run(ctx, &settings),
    })
}
