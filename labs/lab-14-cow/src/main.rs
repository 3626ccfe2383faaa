//! `cargo run -p lab-14-cow`: runs the chapter's experiments in turn and
//! writes their CSV and SVG files (see `--help`).

use clap::{Parser, ValueEnum};
use lab_14_cow::budget::{self, MIB};
use lab_14_cow::experiments::{self, Settings};
use labkit::cli::{CommonArgs, LabRun, Only};
use labkit::python::PythonArgs;
use std::process::ExitCode;

/// Copy-on-write after fork: a parent fills a cache and forks five
/// children that do nothing, read it, write a fraction of its pages, or read
/// it like a reference-counting runtime; their memory is read from
/// /proc/<pid>/smaps_rollup. Also: the cost of a copied page, huge pages,
/// and the notebook's program in CPython with and without gc.freeze().
#[derive(Parser, Debug)]
#[command(name = "lab-14-cow", version)]
struct Args {
    #[command(flatten)]
    common: CommonArgs,

    /// The cache size in MiB, 8 or more. A run holds up to six copies of it
    /// at once, so it is refused if six copies would not fit in half of the
    /// memory available now (default: 256, 32 with --quick, less if the
    /// machine has less free)
    #[arg(long, value_name = "MIB", value_parser = budget::parse_cache_mib)]
    cache_mib: Option<u64>,

    /// Fractions of the pages each child writes in the fraction experiment,
    /// each from 0 to 1, e.g. `0,0.5,1` (default: 0,0.25,0.5,0.75,1)
    #[arg(long, value_name = "LIST", value_parser = parse_fractions)]
    fractions: Option<Fractions>,

    /// Objects in each CPython cache of the Python experiment, 10000 to
    /// 10000000, refused if the cache and five copies would not fit in half
    /// of the memory available (default: 300000, 100000 with --quick)
    #[arg(long, value_name = "N", value_parser = budget::parse_python_objects)]
    python_objects: Option<u64>,

    #[command(flatten)]
    python: PythonArgs,

    #[command(flatten)]
    only: Only<Experiment>,
}

/// The experiments, in the order they run and the chapter tells them.
#[derive(Clone, Copy, Debug, PartialEq, ValueEnum)]
enum Experiment {
    /// The five children's private memory over time.
    Timeline,
    /// The family's total memory against the fraction of pages written.
    Fraction,
    /// Minor faults and time per copied page.
    Faults,
    /// Whether transparent huge pages change the unit of copying.
    Huge,
    /// The notebook's program in CPython, with and without gc.freeze().
    Python,
}

/// Fractions from 0 to 1, ascending, without repeats.
#[derive(Clone, Debug)]
struct Fractions(Vec<f64>);

fn parse_fractions(text: &str) -> Result<Fractions, String> {
    let mut list = Vec::new();
    for part in text.split(',').map(str::trim) {
        match part.parse::<f64>() {
            Ok(f) if (0.0..=1.0).contains(&f) => list.push(f),
            Ok(f) => return Err(format!("{f} is out of range (a fraction from 0 to 1)")),
            Err(_) => return Err(format!("`{part}` is not a fraction (try 0,0.5,1)")),
        }
    }
    list.sort_by(f64::total_cmp);
    list.dedup();
    Ok(Fractions(list))
}

fn main() -> ExitCode {
    labkit::cli::run(lab)
}

fn lab(args: Args) -> anyhow::Result<()> {
    let run = LabRun::open("lab-14-cow", &args.common, (3, 1))?;
    let available = budget::mem_available().map_err(anyhow::Error::msg)?;
    let cache =
        budget::cache_size(args.cache_mib, run.quick, available).map_err(anyhow::Error::msg)?;
    println!(
        "cache: {} MiB ({} MiB available; transparent huge pages: {})\n",
        cache / MIB,
        available / MIB,
        lab_14_cow::cache::thp_mode()
    );
    let settings = Settings {
        cache,
        fractions: args.fractions.map_or(vec![0.0, 0.25, 0.5, 0.75, 1.0], |f| f.0),
        python_objects: args.python_objects.unwrap_or(if run.quick { 100_000 } else { 300_000 }),
        python: args.python.find(),
    };
    run.experiments(&args.only, |ctx, experiment| match experiment {
        Experiment::Timeline => experiments::timeline::run(ctx, &settings),
        Experiment::Fraction => experiments::fraction::run(ctx, &settings),
        Experiment::Faults => experiments::faults::run(ctx, &settings),
        Experiment::Huge => experiments::huge::run(ctx, &settings),
        Experiment::Python => experiments::python::run(ctx, &settings),
    })
}
