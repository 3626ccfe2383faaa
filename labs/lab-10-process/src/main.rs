//! `cargo run -p lab-10-process`: runs the chapter's experiments in turn
//! and writes their CSV and SVG files (see `--help`). Started with the
//! hidden option `--child`, the binary is instead one of the lab's spawned
//! children (see `src/child.rs`).

use clap::{Parser, ValueEnum};
use lab_10_process::child::{self, ChildMode};
use lab_10_process::experiments::{self, Settings};
use lab_10_process::memory;
use labkit::cli::{CommonArgs, LabRun, Only};
use labkit::python::PythonArgs;
use std::process::ExitCode;

/// fork against spawn: what a child sees of its parent (a global, the heap,
/// descriptors with and without close-on-exec, the environment, threads,
/// an argument serialized with a field dropped), and what starting a child
/// costs with fork, posix_spawn and Command as the parent's memory grows,
/// beside Python's fork, forkserver and spawn.
#[derive(Parser, Debug)]
#[command(name = "lab-10-process", version)]
struct Args {
    #[command(flatten)]
    common: CommonArgs,

    /// The largest parent size in the cost experiment, in MiB: sizes run
    /// from 1 MiB in steps of 2x (4x with --quick) up to it (default: 2048, 256 with --quick,
    /// less if it would not fit; at most half of MemAvailable)
    #[arg(long, value_name = "MIB", value_parser = parse_max_memory)]
    max_memory: Option<usize>,

    #[command(flatten)]
    python: PythonArgs,

    #[command(flatten)]
    only: Only<Experiment>,

    /// Run as one of the lab's spawned children (internal).
    #[arg(long, value_enum, hide = true)]
    child: Option<ChildMode>,

    /// The spawned child's arguments, serialized (internal).
    #[arg(long, hide = true)]
    child_args: Option<String>,
}

/// The experiments, in the order they run and the chapter tells them.
#[derive(Clone, Copy, Debug, PartialEq, ValueEnum)]
enum Experiment {
    /// What a forked, a posix_spawned and a Command child see of the parent.
    Sees,
    /// Start-and-wait cost against the parent's touched memory, with VmPTE.
    Cost,
    /// Python's start methods at the smallest and largest size.
    Python,
}

/// `--max-memory`: a number of MiB that fits in half of MemAvailable.
fn parse_max_memory(text: &str) -> Result<usize, String> {
    let mib: usize =
        text.parse().map_err(|_| format!("`{text}` is not a number of MiB (try 512)"))?;
    let limit = (memory::safe_limit() >> 20) as usize;
    match mib {
        0 => Err("0 MiB is out of range (at least 1)".into()),
        m if m > limit => Err(format!(
            "{m} MiB does not fit: this machine has {} MiB available and the lab touches at most half of it ({limit} MiB)",
            limit * 2
        )),
        m => Ok(m),
    }
}

/// 1, step, step², ... below `max`, then `max`.
fn sizes_up_to(max: usize, step: usize) -> Vec<usize> {
    let mut sizes: Vec<usize> =
        std::iter::successors(Some(1usize), |s| Some(s * step)).take_while(|&s| s < max).collect();
    sizes.push(max);
    sizes
}

fn main() -> ExitCode {
    labkit::cli::run(lab)
}

fn lab(args: Args) -> anyhow::Result<()> {
    if let Some(mode) = args.child {
        return child::run(mode, args.child_args.as_deref());
    }
    let run = LabRun::open("lab-10-process", &args.common, (5, 3))?;
    let fits = (memory::safe_limit() >> 20) as usize;
    let default = if run.quick { 256 } else { 2048 };
    let max = args.max_memory.unwrap_or(default.min(fits / 2));
    anyhow::ensure!(
        max >= 1,
        "less than 2 MiB of memory available: the cost experiment cannot run"
    );
    let settings = Settings {
        sizes_mib: sizes_up_to(max, if run.quick { 4 } else { 2 }),
        python: args.python.find(),
    };
    let mut points = None;
    run.experiments(&args.only, |ctx, experiment| match experiment {
        Experiment::Sees => experiments::sees::run(ctx),
        Experiment::Cost => {
            points = Some(experiments::cost::run(ctx, &settings)?);
            Ok(())
        }
        Experiment::Python => experiments::python::run(ctx, &settings, points.as_deref()),
    })
}
