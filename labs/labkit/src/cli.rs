//! The conventions every lab's command line follows.
//!
//! A lab declares its own options with clap and flattens [`CommonArgs`] into
//! them, so `--quick`, `--out`, `--repeat` and `--seed` mean the same thing
//! everywhere; [`parse_workers`] reads worker counts the same way everywhere.
//! [`run`] parses, runs the lab and turns an error into a clear message (clap
//! already answers a bad flag with a usage message and exit status 2).
//!
//! A lab's experiments run through `cli/run.rs`: [`Only`] is the `--only`
//! option over the lab's list of experiments, and [`LabRun`] opens the run
//! context, runs each wanted experiment in order and finishes.

mod run;
pub use run::{LabRun, Only};

use clap::{Args, Parser};
use std::path::PathBuf;
use std::process::ExitCode;

/// The options every lab shares.
#[derive(Args, Debug, Clone, Default)]
pub struct CommonArgs {
    /// A fast, rougher run (a few seconds): fewer repetitions and smaller
    /// problems. The book build uses it with `cargo workbook build --quick`.
    #[arg(long)]
    pub quick: bool,

    /// Directory for the CSV and SVG files (default: `out/<lab>` in the workspace).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,

    /// Measured repetitions of each point; figures show their median
    /// (default: the lab's, fewer with --quick).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub repeat: Option<u32>,

    /// Seed for everything random (task sizes, shuffles), so a run can be repeated.
    #[arg(long, value_name = "N", default_value_t = 42)]
    pub seed: u64,
}

/// Worker counts given on the command line, ascending and without repeats.
#[derive(Debug, Clone, PartialEq)]
pub struct WorkerList(pub Vec<usize>);

/// Parses a list of worker counts: `1,2,4`, a range `1-8`, or both `1-4,8`.
/// Each count must be between 1 and 1024. Use it as a clap `value_parser`.
pub fn parse_workers(text: &str) -> Result<WorkerList, String> {
    let mut counts = Vec::new();
    for part in text.split(',').map(str::trim) {
        let (lo, hi) = match part.split_once('-') {
            Some((lo, hi)) => (parse_count(lo)?, parse_count(hi)?),
            None => (parse_count(part)?, parse_count(part)?),
        };
        if lo > hi {
            return Err(format!("the range {part} runs backwards"));
        }
        counts.extend(lo..=hi);
    }
    counts.sort_unstable();
    counts.dedup();
    Ok(WorkerList(counts))
}

/// A clap `value_parser` for worker counts of at most `max` (below
/// [`parse_workers`]' own 1024): `value_parser = workers_up_to(32)`.
pub fn workers_up_to(
    max: usize,
) -> impl Fn(&str) -> Result<WorkerList, String> + Clone + Send + Sync + 'static {
    move |text| {
        let list = parse_workers(text)?;
        match list.0.last() {
            Some(&top) if top > max => Err(format!("{top} workers is out of range (1 to {max})")),
            _ => Ok(list),
        }
    }
}

fn parse_count(text: &str) -> Result<usize, String> {
    match text.trim().parse::<usize>() {
        Ok(n @ 1..=1024) => Ok(n),
        Ok(n) => Err(format!("{n} workers is out of range (1 to 1024)")),
        Err(_) => Err(format!("`{text}` is not a worker count (try 1,2,4 or 1-8)")),
    }
}

/// Parses a comma-separated list of numbers, each from 1 to `max`, into
/// ascending order without repeats: `16,4096` for message sizes, `1,2,4`
/// for clients. `what` names the unit in messages ("bytes", "clients").
/// Call it from a lab's clap `value_parser` function.
pub fn parse_list(text: &str, max: usize, what: &str) -> Result<Vec<usize>, String> {
    let mut values = Vec::new();
    for part in text.split(',').map(str::trim) {
        match part.parse::<usize>() {
            Ok(n) if (1..=max).contains(&n) => values.push(n),
            Ok(n) => return Err(format!("{n} {what} is out of range (1 to {max})")),
            Err(_) => return Err(format!("`{part}` is not a number of {what} (try 1,2,4)")),
        }
    }
    values.sort_unstable();
    values.dedup();
    Ok(values)
}

/// Parses the lab's options and runs it. A `--help` or a bad option is
/// answered by clap (exit status 0 or 2); an error from the lab is printed as
/// `error: ...` with its causes, and the exit status is 1.
pub fn run<A: Parser>(lab: impl FnOnce(A) -> anyhow::Result<()>) -> ExitCode {
    let args = A::parse();
    let outcome = lab(args);
    // Ctrl-C during the run: the cleanup thread exits with 130; an outcome
    // caused by its killing the lab's children is not the lab's to report.
    #[cfg(target_os = "linux")]
    crate::process::wait_if_interrupted();
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn worker_lists_ranges_and_mixes() {
        assert_eq!(parse_workers("1,2,4"), Ok(WorkerList(vec![1, 2, 4])));
        assert_eq!(parse_workers("1-4"), Ok(WorkerList(vec![1, 2, 3, 4])));
        assert_eq!(parse_workers("4, 1-2,2"), Ok(WorkerList(vec![1, 2, 4])));
    }

    #[test]
    fn lists_sort_dedup_and_say_what_is_wrong() {
        assert_eq!(parse_list("4, 1,4", 10, "clients"), Ok(vec![1, 4]));
        assert!(parse_list("0", 10, "clients").unwrap_err().contains("out of range (1 to 10)"));
        assert!(parse_list("11", 10, "clients").unwrap_err().contains("11 clients"));
        assert!(
            parse_list("2,x", 10, "bytes").unwrap_err().contains("`x` is not a number of bytes")
        );
    }

    #[test]
    fn a_bound_below_1024_is_kept() {
        let up_to_8 = workers_up_to(8);
        assert_eq!(up_to_8("1-8"), Ok(WorkerList((1..=8).collect())));
        assert_eq!(up_to_8("2,9").unwrap_err(), "9 workers is out of range (1 to 8)");
    }

    #[test]
    fn bad_worker_lists_say_why() {
        assert!(parse_workers("0").unwrap_err().contains("out of range"));
        assert!(parse_workers("2000").unwrap_err().contains("out of range"));
        assert!(parse_workers("two").unwrap_err().contains("not a worker count"));
        assert!(parse_workers("4-2").unwrap_err().contains("backwards"));
        assert!(parse_workers("").is_err());
    }

    #[derive(Parser, Debug)]
    struct TestLab {
        #[command(flatten)]
        common: CommonArgs,
        #[arg(long, value_parser = parse_workers)]
        workers: Option<WorkerList>,
    }

    #[test]
    fn common_options_parse_and_bad_values_are_usage_errors() {
        let lab = TestLab::try_parse_from(["lab", "--quick", "--repeat", "3", "--workers", "1-2"])
            .unwrap();
        assert!(lab.common.quick);
        assert_eq!(lab.common.repeat, Some(3));
        assert_eq!(lab.workers, Some(WorkerList(vec![1, 2])));
        for bad in [&["lab", "--repeat", "0"][..], &["lab", "--workers", "x"], &["lab", "--nope"]] {
            let err = TestLab::try_parse_from(bad).unwrap_err();
            assert_eq!(err.exit_code(), 2, "{bad:?}");
        }
    }
}
