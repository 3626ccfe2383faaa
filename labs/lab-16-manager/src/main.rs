//! `cargo run -p lab-16-manager`: runs the chapter's experiments in turn
//! and writes their CSV and SVG files (see `--help`).

use clap::{Parser, ValueEnum};
use lab_16_manager::experiments::{self, Settings};
use labkit::cli::{CommonArgs, LabRun, Only};
use labkit::python::PythonArgs;
use std::process::ExitCode;

/// A manager built by hand: a server process owning a list and a map,
/// used by other processes through proxies over a Unix socket. The
/// notebook's records example, the proxy trap, the cost of one operation
/// against a local Vec, a Mutex, a shared-memory atomic and Python's
/// Manager, and what happens when the manager or a client dies.
#[derive(Parser, Debug)]
#[command(name = "lab-16-manager", version)]
struct Args {
    #[command(flatten)]
    common: CommonArgs,

    /// Batch sizes for the batched proxy, e.g. `10,100` (1 to 10000;
    /// default: 10,100,1000,10000; 100 with --quick)
    #[arg(long, value_name = "LIST", value_parser = parse_batches)]
    batches: Option<Batches>,

    /// Additions each of two processes makes in the read-modify-write
    /// demonstration, 10 to 100000 (default: 5000; 300 with --quick)
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(10..=100_000))]
    increments: Option<u32>,

    #[command(flatten)]
    python: PythonArgs,

    #[command(flatten)]
    only: Only<Experiment>,
}

/// The experiments, in the order they run and the chapter tells them.
#[derive(Clone, Copy, Debug, PartialEq, ValueEnum)]
enum Experiment {
    /// The notebook's records, the proxy trap, read-modify-write through a proxy.
    Records,
    /// Cost per operation: local, Mutex, shared atomic, proxy, batched proxy, Python.
    Cost,
    /// The manager dies mid-call; a client dies mid-call.
    Faults,
}

/// Batch sizes, ascending, without repeats.
#[derive(Clone, Debug)]
struct Batches(Vec<usize>);

fn parse_batches(text: &str) -> Result<Batches, String> {
    labkit::cli::parse_list(text, 10_000, "appends per batch").map(Batches)
}

fn main() -> ExitCode {
    labkit::cli::run(lab)
}

fn lab(args: Args) -> anyhow::Result<()> {
    let mut run = LabRun::open("lab-16-manager", &args.common, (21, 3))?;
    let python = args.python.find();
    python.announce();
    python.record(&mut run);
    let settings = Settings {
        batches: args
            .batches
            .map_or(if run.quick { vec![100] } else { vec![10, 100, 1000, 10_000] }, |b| b.0),
        increments: args.increments.map_or(if run.quick { 300 } else { 5000 }, |n| n as usize),
        python,
    };
    run.experiments(&args.only, |ctx, experiment| match experiment {
        Experiment::Records => experiments::records::run(ctx, &settings),
        Experiment::Cost => experiments::cost::run(ctx, &settings),
        Experiment::Faults => experiments::faults::run(ctx),
    })
}
