//! `cargo run -p lab-01-threads`: runs the chapter's experiments in turn and
//! writes their CSV and SVG files (see `--help`).

use clap::{Parser, ValueEnum};
use lab_01_threads::experiments::{self, Settings};
use labkit::cli::{CommonArgs, LabRun, Only, WorkerList, parse_workers, workers_up_to};
use labkit::python::PythonArgs;
use std::process::ExitCode;
use std::time::Duration;

/// Threads, measured: pages fetched from a local HTTP server sequentially,
/// a thread per URL, and by a fixed number of workers sharing one list and
/// one output file (the notebook's FetchUrls, made correct); wall time
/// against workers next to the latency model; failed requests handled;
/// CPU-bound work in Rust threads and in Python threads.
#[derive(Parser, Debug)]
#[command(name = "lab-01-threads", version)]
struct Args {
    #[command(flatten)]
    common: CommonArgs,

    /// Pages fetched per run, N, from 1 to 1024 (default: 32, 16 with --quick).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=1024))]
    urls: Option<u32>,

    /// The server's answer time for each page, L, in milliseconds, from 0 to
    /// 1000 (default: 15, 5 with --quick).
    #[arg(long, value_name = "MS", value_parser = parse_latency)]
    latency: Option<f64>,

    /// The size of each page's body in bytes, from 0 to 16777216.
    #[arg(long, value_name = "BYTES", default_value_t = 4096, value_parser = clap::value_parser!(u32).range(0..=16 << 20))]
    body: u32,

    /// Worker counts for wall time against workers, e.g. `1-8` or `1,2,4,8`
    /// (default: 1,2,3,4,6,8,12,16; 1,2,4,8 with --quick).
    #[arg(long, value_name = "LIST", value_parser = parse_workers)]
    workers: Option<WorkerList>,

    /// Thread counts for the CPU-bound comparison, at most 64 (default: 1 to
    /// 4, and the number of logical cores if more).
    #[arg(long, value_name = "LIST", value_parser = workers_up_to(64))]
    threads: Option<WorkerList>,

    #[command(flatten)]
    python: PythonArgs,

    #[command(flatten)]
    only: Only<Experiment>,
}

/// The experiments, in the order they run and the chapter tells them.
#[derive(Clone, Copy, Debug, PartialEq, ValueEnum)]
enum Experiment {
    /// N pages fetched six ways, and a timeline of the shared list's lock.
    Strategies,
    /// Wall time against workers, next to the latency model.
    Workers,
    /// Failed requests handled; the notebook's loop run in Python.
    Errors,
    /// CPU-bound work in Rust and Python threads, next to I/O-bound work.
    Cpu,
}

fn parse_latency(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(ms) if (0.0..=1000.0).contains(&ms) => Ok(ms),
        Ok(ms) => Err(format!("{ms} ms is outside 0 to 1000")),
        Err(_) => Err(format!("`{text}` is not a number of milliseconds")),
    }
}

fn main() -> ExitCode {
    labkit::cli::run(lab)
}

fn lab(args: Args) -> anyhow::Result<()> {
    let mut run = LabRun::open("lab-01-threads", &args.common, (3, 1))?;
    let quick = run.quick;
    let cores = run.machine.logical_cores;
    let default_workers = if quick { vec![1, 2, 4, 8] } else { vec![1, 2, 3, 4, 6, 8, 12, 16] };
    let mut cpu_threads: Vec<usize> = (1..=4).chain([cores]).collect();
    cpu_threads.sort_unstable();
    cpu_threads.dedup();
    let settings = Settings {
        urls: args.urls.map_or(if quick { 16 } else { 32 }, |n| n as usize),
        latency: Duration::from_secs_f64(
            args.latency.unwrap_or(if quick { 5.0 } else { 15.0 }) / 1e3,
        ),
        body: args.body as usize,
        workers: args.workers.map_or(default_workers, |w| w.0),
        cpu_threads: args.threads.map_or(cpu_threads, |t| t.0),
        cpu_work: Duration::from_millis(if quick { 50 } else { 200 }),
        python: args.python.find(),
    };
    settings.python.announce();
    settings.python.record(&mut run);

    // The wall times of `workers`, which `cpu` draws beside its own.
    let mut io_speedups = Vec::new();
    run.experiments(&args.only, |ctx, experiment| match experiment {
        Experiment::Strategies => experiments::strategies::run(ctx, &settings),
        Experiment::Workers => {
            io_speedups = experiments::workers::run(ctx, &settings)?;
            Ok(())
        }
        Experiment::Errors => experiments::errors::run(ctx, &settings),
        Experiment::Cpu => experiments::cpu::run(ctx, &settings, &io_speedups),
    })
}
