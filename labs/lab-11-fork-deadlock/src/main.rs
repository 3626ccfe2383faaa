//! `cargo run -p lab-11-fork-deadlock`: the fork-and-threads deadlock
//! counted, diagnosed and fixed (see `--help`).

use clap::{Parser, ValueEnum};
use lab_11_fork_deadlock::child_mode;
use lab_11_fork_deadlock::experiments::{self, Settings};
use labkit::cli::{CommonArgs, LabRun, Only};
use labkit::python::PythonArgs;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

/// A background thread logs through a lock while the main thread forks
/// children that log once; a child forked while the lock is held waits for
/// ever. Counts how many hang against how busy the thread is, finds each
/// stuck child with a deadline (its state read from /proc, then killed and
/// reaped), and measures five fixes on the same number of forks.
#[derive(Parser, Debug)]
#[command(name = "lab-11-fork-deadlock", version)]
struct Args {
    #[command(flatten)]
    common: CommonArgs,

    /// Children started per run, 10 to 2000 (default: 100, 40 with --quick)
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(10..=2000))]
    forks: Option<u32>,

    /// Duty cycles of the logging thread, in percent of its time holding the
    /// lock, e.g. `5,50,90` (1 to 95; default: 2,10,30,60,90; 10,50,90
    /// with --quick). The fixes run at the largest.
    #[arg(long, value_name = "LIST", value_parser = parse_duties)]
    duty: Option<Duties>,

    /// The logging thread's period (one record each), in microseconds, 50
    /// to 100000 (default: 500)
    #[arg(long, value_name = "US", value_parser = clap::value_parser!(u32).range(50..=100_000))]
    period_us: Option<u32>,

    /// How long after the last start a child may still be there before it
    /// counts as stuck, in milliseconds, 20 to 10000 (default: 100); one
    /// not plainly deadlocked gets ten times that more
    #[arg(long, value_name = "MS", value_parser = clap::value_parser!(u32).range(20..=10_000))]
    deadline_ms: Option<u32>,

    /// Pool rounds of the notebook's Python program, 1 to 200 (default: 20,
    /// 6 with --quick)
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=200))]
    python_rounds: Option<u32>,

    #[command(flatten)]
    python: PythonArgs,

    #[command(flatten)]
    only: Only<Experiment>,

    /// (internal) run as a child that appends one line to FILE
    #[arg(long = "log-once", value_name = "FILE", hide = true)]
    log_once: Option<PathBuf>,

    /// (internal) the name a --log-once child logs under
    #[arg(long, hide = true, default_value = "child")]
    who: String,

    /// (internal) run as a spawned child, its task on stdin
    #[arg(long, hide = true)]
    spawned: bool,
}

/// The experiments, in the order they run and the chapter tells them.
#[derive(Clone, Copy, Debug, PartialEq, ValueEnum)]
enum Experiment {
    /// The share of forks that hang against the logging thread's duty cycle.
    Duty,
    /// Each fix on the same forks at the busiest duty cycle: hangs and start cost.
    Fixes,
    /// The notebook's Python program under a deadline, and Python's warning.
    Python,
}

/// Duty cycles, as shares from 0 to 1, ascending.
#[derive(Clone, Debug)]
struct Duties(Vec<f64>);

fn parse_duties(text: &str) -> Result<Duties, String> {
    let mut duties = Vec::new();
    for part in text.split(',').map(str::trim) {
        match part.parse::<u32>() {
            Ok(p) if (1..=95).contains(&p) => duties.push(f64::from(p) / 100.0),
            Ok(p) => return Err(format!("a duty cycle of {p} % is out of range (1 to 95)")),
            Err(_) => {
                return Err(format!("`{part}` is not a duty cycle in percent (try 10,50,90)"));
            }
        }
    }
    duties.sort_by(f64::total_cmp);
    duties.dedup();
    Ok(Duties(duties))
}

fn main() -> ExitCode {
    labkit::cli::run(lab)
}

fn lab(args: Args) -> anyhow::Result<()> {
    // The lab's binary as a child of itself: do that one thing and exit.
    if let Some(log) = &args.log_once {
        std::process::exit(child_mode::log_once(log, &args.who));
    }
    if args.spawned {
        std::process::exit(child_mode::spawned());
    }
    let run = LabRun::open("lab-11-fork-deadlock", &args.common, (5, 3))?;
    let quick = run.quick;
    let default_duties = if quick { vec![0.1, 0.5, 0.9] } else { vec![0.02, 0.1, 0.3, 0.6, 0.9] };
    let settings = Settings {
        forks: args.forks.map_or(if quick { 40 } else { 100 }, |n| n as usize),
        duties: args.duty.map_or(default_duties, |d| d.0),
        period: Duration::from_micros(u64::from(args.period_us.unwrap_or(500))),
        deadline: Duration::from_millis(u64::from(args.deadline_ms.unwrap_or(100))),
        program: std::env::current_exe()?,
        python: args.python.find(),
        python_rounds: args.python_rounds.unwrap_or(if quick { 6 } else { 20 }),
    };
    run.experiments(&args.only, |ctx, experiment| match experiment {
        Experiment::Duty => experiments::duty::run(ctx, &settings),
        Experiment::Fixes => experiments::fixes::run(ctx, &settings),
        Experiment::Python => experiments::python::run(ctx, &settings),
    })
}
