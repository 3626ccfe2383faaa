//! `cargo run -p lab-17-connection`: runs the chapter's experiments in turn
//! and writes their CSV and SVG files (see `--help`).

use clap::{Parser, ValueEnum};
use lab_17_connection::experiments::{self, Settings};
use labkit::cli::{CommonArgs, LabRun, Only};
use labkit::python::PythonArgs;
use std::process::ExitCode;

/// Authenticated connections as Python's multiprocessing.connection makes
/// them (an HMAC challenge both ways, bounded frames, serde messages): the
/// handshake's cost, echo round trips over a Unix socket, TCP and a pipe
/// (with Python's beside them), RPC calls per second against clients, and
/// bad input of every kind thrown at a running RPC server.
#[derive(Parser, Debug)]
#[command(name = "lab-17-connection", version)]
struct Args {
    #[command(flatten)]
    common: CommonArgs,

    /// Message sizes for the echo round trips, in bytes, e.g. `16,4096`
    /// (1 to 1048576; default: 16,256,4096,65536,1048576; 16,65536 with --quick)
    #[arg(long, value_name = "LIST", value_parser = parse_sizes)]
    sizes: Option<List>,

    /// Client counts for the RPC experiment, e.g. `1,2,4` (1 to 32;
    /// default: 1,2,3,4,8; 1,2 with --quick)
    #[arg(long, value_name = "LIST", value_parser = parse_clients)]
    clients: Option<List>,

    #[command(flatten)]
    python: PythonArgs,

    #[command(flatten)]
    only: Only<Experiment>,
}

/// The experiments, in the order they run and the chapter tells them.
#[derive(Clone, Copy, Debug, PartialEq, ValueEnum)]
enum Experiment {
    /// What a short connection costs with and without the handshake.
    Handshake,
    /// Echo round trips: Unix socket, TCP, pipe pair, and Python's.
    Echo,
    /// RPC calls per second against the number of clients.
    Rpc,
    /// Bad input against a running RPC server.
    Attacks,
}

/// A list of numbers, ascending, without repeats.
#[derive(Clone, Debug)]
struct List(Vec<usize>);

fn parse_sizes(text: &str) -> Result<List, String> {
    labkit::cli::parse_list(text, 1 << 20, "bytes").map(List)
}

fn parse_clients(text: &str) -> Result<List, String> {
    labkit::cli::parse_list(text, 32, "clients").map(List)
}

fn main() -> ExitCode {
    labkit::cli::run(lab)
}

fn lab(args: Args) -> anyhow::Result<()> {
    let mut run = LabRun::open("lab-17-connection", &args.common, (21, 3))?;
    let python = args.python.find();
    python.announce();
    python.record(&mut run);
    let settings = Settings {
        sizes: args.sizes.map_or(
            if run.quick { vec![16, 65536] } else { vec![16, 256, 4096, 65536, 1 << 20] },
            |l| l.0,
        ),
        clients: args
            .clients
            .map_or(if run.quick { vec![1, 2] } else { vec![1, 2, 3, 4, 8] }, |l| l.0),
        python,
    };
    run.experiments(&args.only, |ctx, experiment| match experiment {
        Experiment::Handshake => experiments::handshake::run(ctx, &settings),
        Experiment::Echo => experiments::echo::run(ctx, &settings),
        Experiment::Rpc => experiments::rpc::run(ctx, &settings),
        Experiment::Attacks => experiments::attacks::run(ctx),
    })
}
