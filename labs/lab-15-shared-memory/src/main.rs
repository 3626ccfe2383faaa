//! `cargo run -p lab-15-shared-memory`: runs the chapter's experiments in
//! turn and writes their CSV and SVG files (see `--help`).

#[cfg(not(any(feature = "loom", feature = "shuttle")))]
mod cli {
    use clap::{Parser, ValueEnum};
    use lab_15_shared_memory::experiments::{self, Settings};
    use labkit::cli::{CommonArgs, LabRun, Only};
    use labkit::python::PythonArgs;

    /// Shared memory between processes: the notebook's Value and Array as a
    /// shared mapping made before fork; lost updates across processes; a lock
    /// that works across processes (and chapter 02's, which does not); the
    /// notebook's prime check with an early-exit flag over processes and
    /// threads, against CPython.
    #[derive(Parser, Debug)]
    #[command(name = "lab-15-shared-memory", version)]
    pub struct Args {
        #[command(flatten)]
        common: CommonArgs,

        /// Worker processes (or threads) per prime check, 1 to 64 (default:
        /// the number of cores, at least 2)
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=64))]
        workers: Option<u16>,

        /// Increments per process in the lost-update experiment, 1000 to
        /// 100000000 (default: 4000000, 1000000 with --quick)
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1000..=100_000_000))]
        increments: Option<u64>,

        /// Check intervals N for the curve, each 1 to 1000000000, e.g.
        /// `1,1000,1000000` (default: every power of ten from 1 to 10^6;
        /// 1,1000,1000000 with --quick)
        #[arg(long, value_name = "LIST", value_parser = parse_every)]
        every: Option<Every>,

        /// Time CPython with every variant on all five numbers, each the
        /// median of the runs (takes minutes: CPython needs about ten
        /// seconds per prime). Without it: the two flags on the trivial and
        /// the expensive non-prime 2, and prime 1 once with the mmap flag
        /// (not with --quick)
        #[arg(long)]
        python_all: bool,

        #[command(flatten)]
        python: PythonArgs,

        #[command(flatten)]
        only: Only<Experiment>,
    }

    /// The experiments, in the order they run and the chapter tells them.
    #[derive(Clone, Copy, Debug, PartialEq, ValueEnum)]
    enum Experiment {
        /// square_list; lost updates across processes; which locks work across processes.
        Values,
        /// The prime check: each variant on each number, and the curve over N.
        Primes,
        /// The notebook's prime check in CPython, beside Rust.
        Python,
    }

    /// Check intervals, ascending, without repeats.
    #[derive(Clone, Debug)]
    struct Every(Vec<u64>);

    fn parse_every(text: &str) -> Result<Every, String> {
        let list = labkit::cli::parse_list(text, 1_000_000_000, "candidates between checks")?;
        Ok(Every(list.into_iter().map(|n| n as u64).collect()))
    }

    pub fn lab(args: Args) -> anyhow::Result<()> {
        let run = LabRun::open("lab-15-shared-memory", &args.common, (3, 1))?;
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        let settings = Settings {
            workers: args.workers.map_or(cores.clamp(2, 64), usize::from),
            increments: args.increments.unwrap_or(if run.quick { 1_000_000 } else { 4_000_000 }),
            every: args.every.map_or_else(
                || {
                    if run.quick {
                        vec![1, 1000, 1_000_000]
                    } else {
                        (0..=6).map(|k| 10u64.pow(k)).collect()
                    }
                },
                |e| e.0,
            ),
            numbers: if run.quick { vec![0, 2, 3] } else { vec![0, 1, 2, 3, 4] },
            python_plan: experiments::PythonRun::plan(run.quick, args.python_all),
            python: args.python.find(),
        };
        run.experiments(&args.only, |ctx, experiment| match experiment {
            Experiment::Values => experiments::values::run(ctx, &settings),
            Experiment::Primes => experiments::primes::run(ctx, &settings),
            Experiment::Python => experiments::python::run(ctx, &settings),
        })
    }
}

#[cfg(not(any(feature = "loom", feature = "shuttle")))]
fn main() -> std::process::ExitCode {
    labkit::cli::run(cli::lab)
}

/// Under the model checkers only the lock is built; there is no lab to run.
#[cfg(any(feature = "loom", feature = "shuttle"))]
fn main() {}
