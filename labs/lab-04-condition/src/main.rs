//! `cargo run -p lab-04-condition`: runs the chapter's experiments in turn
//! and writes their CSV and SVG files (see `--help`).

#[cfg(not(any(feature = "loom", feature = "shuttle")))]
mod cli {
    use clap::{Parser, ValueEnum};
    use lab_04_condition::experiments::{self, Settings};
    use labkit::cli::{CommonArgs, LabRun, Only};
    use labkit::python::PythonArgs;
    use labkit::work::Calibration;

    /// Condition variables measured: producers and consumers on std's
    /// condition and on one built by hand the way the notebook's
    /// `_Condition` is; `notify_one` against `notify_all`; the stolen
    /// wake-up of `if` instead of `while`; the notebook's polling timed wait
    /// against a blocking one (wake-up latency, CPU burnt while idle); the
    /// lost wake-up of a condition that registers its waiters too late.
    #[derive(Parser, Debug)]
    #[command(name = "lab-04-condition", version)]
    pub struct Args {
        #[command(flatten)]
        common: CommonArgs,

        /// Producer threads in the producer/consumer experiment, 1 to 16 (default: 2)
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=16))]
        producers: Option<u64>,

        /// Consumer threads in the producer/consumer experiment, 1 to 16 (default: 4)
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=16))]
        consumers: Option<u64>,

        /// Items per producer/consumer run, 100 to 1000000 (default: 5000, 2000 with --quick)
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(100..=1_000_000))]
        items: Option<u64>,

        /// Wake-ups measured per kind of wait in the latency experiment, 10 to 5000
        /// (default: 250, 40 with --quick)
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(10..=5_000))]
        samples: Option<u64>,

        #[command(flatten)]
        python: PythonArgs,

        #[command(flatten)]
        only: Only<Experiment>,
    }

    /// The experiments, in the order they run and the chapter tells them.
    #[derive(Clone, Copy, Debug, PartialEq, ValueEnum)]
    enum Experiment {
        /// Producers and consumers: std vs hand-built, notify one vs all, while vs if.
        Prodcon,
        /// Producers and consumers on a thread timeline.
        Timeline,
        /// Wake-up latency: polling timed wait vs blocking waits.
        Latency,
        /// Wake-up latency of Python's threading.Condition beside std's Condvar.
        Python,
        /// CPU time and wake-ups of idle waiters.
        Idle,
        /// The lost wake-up of a late registration, under a watchdog.
        Lost,
    }

    pub fn lab(args: Args) -> anyhow::Result<()> {
        let mut run = LabRun::open("lab-04-condition", &args.common, (5, 2))?;
        let quick = run.quick;
        let s = Settings {
            cal: Calibration::measure(),
            producers: args.producers.unwrap_or(2),
            consumers: args.consumers.unwrap_or(4),
            items: args.items.unwrap_or(if quick { 2_000 } else { 5_000 }),
            samples: args.samples.unwrap_or(if quick { 40 } else { 250 }) as usize,
            python: args.python.find(),
        };
        s.python.announce();
        s.python.record(&mut run);

        run.experiments(&args.only, |ctx, experiment| match experiment {
            Experiment::Prodcon => experiments::prodcon::run(ctx, &s),
            Experiment::Timeline => experiments::timeline::run(ctx, &s),
            Experiment::Latency => experiments::latency::run(ctx, &s),
            Experiment::Python => experiments::python::run(ctx, &s),
            Experiment::Idle => experiments::idle::run(ctx),
            // Last: a waiter it frees may still be on its way out.
            Experiment::Lost => experiments::lost::run(ctx),
        })
    }
}

#[cfg(not(any(feature = "loom", feature = "shuttle")))]
fn main() -> std::process::ExitCode {
    labkit::cli::run(cli::lab)
}

/// Built for the model checkers (`--features loom` or `shuttle`), the lab's
/// primitives run on simulated threads; the experiments need real ones.
#[cfg(any(feature = "loom", feature = "shuttle"))]
fn main() {
    eprintln!("lab-04-condition was built for model checking; run it without --features");
    std::process::exit(2);
}
