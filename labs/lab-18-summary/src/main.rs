//! `cargo run -p lab-18-summary`: the three jobs, every way, in Rust and
//! Python; one figure per job and the decision chart (see `--help`).

use clap::{Parser, ValueEnum};
use lab_18_summary::experiments::{self, Settings};
use labkit::cli::{CommonArgs, LabRun, Only, WorkerList, workers_up_to};
use labkit::python::PythonArgs;
use std::process::ExitCode;
use std::time::Duration;

/// Threads or processes? The notebook's closing choice, measured: I/O-bound
/// page fetches, CPU-bound prime counting and a data-heavy job, each run
/// one task at a time, by threads and by a pool of forked processes, in
/// Rust and (when python3 is present) in Python; wall time against workers.
#[derive(Parser, Debug)]
#[command(name = "lab-18-summary", version)]
struct Args {
    #[command(flatten)]
    common: CommonArgs,

    /// Worker counts for threads and processes, at most 32
    /// (default: 1,2,4). The chapter's tables quote 2 workers.
    #[arg(long, value_name = "LIST", value_parser = workers_up_to(32))]
    workers: Option<WorkerList>,

    /// Pages the I/O-bound job fetches, 1 to 512 (default: 24; 12 with --quick).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=512))]
    pages: Option<u32>,

    /// The server's answer time per page in milliseconds, 1 to 500
    /// (default: 10; 5 with --quick).
    #[arg(long, value_name = "MS", value_parser = clap::value_parser!(u32).range(1..=500))]
    latency: Option<u32>,

    /// About how long the CPU-bound job takes one task at a time, in
    /// milliseconds, 10 to 10000 (default: 200; 50 with --quick).
    #[arg(long, value_name = "MS", value_parser = clap::value_parser!(u32).range(10..=10_000))]
    cpu_ms: Option<u32>,

    /// MiB of data whose lines the data job counts, all of it sent to the
    /// workers, 1 to 1024 (default: 32; 8 with --quick).
    #[arg(long, value_name = "MIB", value_parser = clap::value_parser!(u32).range(1..=1024))]
    data_mib: Option<u32>,

    #[command(flatten)]
    python: PythonArgs,

    #[command(flatten)]
    only: Only<Experiment>,
}

/// The jobs, in the order they run and the chapter tells them.
#[derive(Clone, Copy, Debug, PartialEq, ValueEnum)]
enum Experiment {
    /// I/O-bound: pages fetched from chapter 01's local server.
    Io,
    /// CPU-bound: primes counted by trial division.
    Cpu,
    /// Data-heavy: lines counted in chunks, which must first reach the worker.
    Data,
}

fn main() -> ExitCode {
    labkit::cli::run(lab)
}

fn lab(args: Args) -> anyhow::Result<()> {
    let mut run = LabRun::open("lab-18-summary", &args.common, (3, 1))?;
    let quick = run.quick;
    let data_mib = args.data_mib.unwrap_or(if quick { 8 } else { 32 }) as usize;
    // Chunks of 1 MiB, or fewer bytes each when the request is small.
    let chunks = data_mib.max(8);
    let settings = Settings {
        // Also with --quick: the I/O claims need more workers than cores.
        workers: args.workers.map_or(vec![1, 2, 4], |w| w.0),
        pages: args.pages.map_or(if quick { 12 } else { 24 }, |n| n as usize),
        latency: Duration::from_millis(u64::from(args.latency.unwrap_or(if quick {
            5
        } else {
            10
        }))),
        cpu_work: Duration::from_millis(u64::from(args.cpu_ms.unwrap_or(if quick {
            50
        } else {
            200
        }))),
        cpu_tasks: 64,
        chunks,
        chunk_bytes: (data_mib << 20) / chunks,
        python: args.python.find(),
    };
    settings.python.announce();
    settings.python.record(&mut run);
    let cores = run.machine.logical_cores;
    run.record_result("cores", cores.to_string(), "logical cores of this machine");
    run.experiments(&args.only, |ctx, experiment| {
        let key = match experiment {
            Experiment::Io => "io",
            Experiment::Cpu => "cpu",
            Experiment::Data => "data",
        };
        experiments::run(ctx, &settings, key)
    })
}
