//! `cargo run -p lab-08-pool`: runs the chapter's experiments in turn and
//! writes their CSV and SVG files (see `--help`).

use clap::{Parser, ValueEnum};
use lab_08_pool::experiments::{self, Settings};
use labkit::cli::{CommonArgs, LabRun, Only};
use labkit::python::PythonArgs;
use std::process::ExitCode;
use std::time::Duration;

/// A thread pool built by hand on chapter 07's queue: poison pills and a
/// closed marker, map / imap_unordered / chunksize, close / join /
/// terminate, a panicking task. Measured against a thread per task, rayon
/// and crossbeam's scoped threads; the notebook's ThreadPool(4).map on a
/// local HTTP server; blocking I/O inside rayon; and Python's
/// multiprocessing.dummy.Pool.
#[derive(Parser, Debug)]
#[command(name = "lab-08-pool", version)]
struct Args {
    #[command(flatten)]
    common: CommonArgs,

    /// Threads in each pool of the CPU experiments, 1 to 64 (default: the
    /// number of cores, at least 2)
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=64))]
    workers: Option<u16>,

    /// Task sizes of the overhead experiment in microseconds, e.g.
    /// `1,100,10000` (1 to 100000; default: 1,10,100,1000,10000; 1,100,10000 with --quick)
    #[arg(long, value_name = "LIST", value_parser = parse_sizes)]
    sizes: Option<Sizes>,

    /// URLs per batch in the URL experiments, 4 to 1000 (default: 24, 12 with --quick)
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(4..=1000))]
    urls: Option<u16>,

    /// The local server's latency per request in milliseconds, 1 to 1000 (default: 10)
    #[arg(long, value_name = "MS", value_parser = clap::value_parser!(u16).range(1..=1000))]
    latency_ms: Option<u16>,

    #[command(flatten)]
    python: PythonArgs,

    #[command(flatten)]
    only: Only<Experiment>,
}

/// The experiments, in the order they run and the chapter tells them.
#[derive(Clone, Copy, Debug, PartialEq, ValueEnum)]
enum Experiment {
    /// Cost per task against task size for every rival; where each pays off.
    Overhead,
    /// Ordered imap against imap_unordered on skewed tasks, with timelines.
    Order,
    /// The pool's cost per message: cost per tiny task against chunk size.
    Chunksize,
    /// ThreadPool(4).map(urlopen, urls) on a local server: this pool and rayon.
    Urls,
    /// Blocking fetches inside rayon's pool, and a CPU job beside them.
    Blocked,
    /// multiprocessing.dummy.Pool on the same server, and per tiny task.
    Python,
    /// Poison pills right and wrong, a drop that closes, a panic, terminate.
    Shutdown,
}

/// Task sizes, ascending, without repeats.
#[derive(Clone, Debug)]
struct Sizes(Vec<Duration>);

fn parse_sizes(text: &str) -> Result<Sizes, String> {
    let us = labkit::cli::parse_list(text, 100_000, "µs")?;
    Ok(Sizes(us.into_iter().map(|n| Duration::from_micros(n as u64)).collect()))
}

fn main() -> ExitCode {
    labkit::cli::run(lab)
}

fn lab(args: Args) -> anyhow::Result<()> {
    let run = LabRun::open("lab-08-pool", &args.common, (5, 3))?;
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let default_sizes: &[u64] =
        if run.quick { &[1, 100, 10_000] } else { &[1, 10, 100, 1000, 10_000] };
    let default_sizes = default_sizes.iter().copied().map(Duration::from_micros).collect();
    let settings = Settings {
        workers: args.workers.map_or(cores.clamp(2, 64), usize::from),
        sizes: args.sizes.map_or(default_sizes, |s| s.0),
        urls: args.urls.map_or(if run.quick { 12 } else { 24 }, usize::from),
        latency: Duration::from_millis(args.latency_ms.map_or(10, u64::from)),
        python: args.python.find(),
        chunk_1: std::cell::OnceCell::new(),
    };
    let workers = settings.workers;
    run.experiments(&args.only, |ctx, experiment| match experiment {
        Experiment::Overhead => experiments::overhead::run(ctx, &settings),
        Experiment::Order => experiments::order::run(ctx, &settings),
        Experiment::Chunksize => experiments::chunksize::run(ctx, &settings),
        Experiment::Urls => experiments::urls::run(ctx, &settings),
        Experiment::Blocked => experiments::blocked::run(ctx, &settings),
        Experiment::Python => experiments::python::run(ctx, &settings),
        Experiment::Shutdown => experiments::shutdown::run(ctx, workers),
    })
}
