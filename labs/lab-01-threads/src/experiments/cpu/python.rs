//! The Python half of the CPU-bound comparison: `python/cpu_threads.py`
//! run twice, CPU-bound and I/O-bound, under a deadline. Without Python
//! both series are skipped with a printed note.

use super::{Settings, Speedups, repeat, speedup};
use crate::primes::count_primes;
use labkit::LabContext;
use labkit::measure::Stats;
use labkit::python::{Script, Skipped, record_ratio};
use labkit::report::Csv;
use serde::Deserialize;
use std::time::Duration;

/// Pages per Python I/O-bound run: few, since each costs Python a new
/// connection, and a multiple of 1, 2, 3 and 4 threads.
const PYTHON_PAGES: usize = 12;

/// What `python/cpu_threads.py` prints.
#[derive(Deserialize)]
struct PythonRuns {
    /// Python's version, e.g. `3.11.7`.
    python: String,
    /// Whether this Python runs with the GIL (every build before 3.13 does).
    gil: bool,
    /// The limit the CPU-bound run counted primes below (absent for I/O).
    limit: Option<u64>,
    /// The times of each thread count.
    runs: Vec<PythonRun>,
}

/// One thread count's times.
#[derive(Deserialize)]
struct PythonRun {
    /// How many Python threads.
    threads: usize,
    /// Each timed run, in seconds.
    seconds: Vec<f64>,
}

/// Runs both Python series and returns their speedups (none without Python).
pub fn series(ctx: &mut LabContext, s: &Settings, csv: &mut Csv) -> Vec<Speedups> {
    let python = &s.python;
    if let Err(skipped) = python.interpreter() {
        skipped.print();
        ctx.record_result("python-gil", format!("not measured: {skipped}"), GIL_WHAT);
        return Vec::new();
    }
    let threads = s.cpu_threads.iter().map(usize::to_string).collect::<Vec<_>>().join(",");
    let common = ["--threads".to_string(), threads, "--repeat".into(), repeat(ctx).to_string()];
    let deadline = Duration::from_secs(if ctx.quick { 60 } else { 180 });
    let server = match s.server() {
        Ok(server) => server,
        Err(e) => {
            Skipped(format!("no local server for the I/O-bound runs ({e})")).print();
            return Vec::new();
        }
    };
    let mut cpu_args =
        vec!["cpu".to_string(), "--seconds".into(), s.cpu_work.as_secs_f64().to_string()];
    cpu_args.extend(common.iter().cloned());
    let mut io_args = vec![
        "io".to_string(),
        "--base".into(),
        server.base_url().to_string(),
        "--pages".into(),
        s.urls.min(PYTHON_PAGES).to_string(),
        "--latency-ms".into(),
        (s.latency.as_secs_f64() * 1e3).to_string(),
        "--bytes".into(),
        s.body.to_string(),
    ];
    io_args.extend(common);
    let mut out = Vec::new();
    for (name, work, args) in [
        ("Python, CPU-bound (primes)", "cpu", cpu_args),
        ("Python, I/O-bound (fetches)", "io", io_args),
    ] {
        let script = Script::new(ctx.lab, "cpu_threads.py").args(args).deadline(deadline);
        match python.run::<PythonRuns>(&script) {
            Ok(runs) => {
                if work == "cpu" {
                    describe(ctx, python.version().unwrap_or("Python"), &runs);
                }
                out.push((name.to_string(), speedups(&runs, work, csv)));
            }
            Err(skipped) => {
                Skipped(format!("{name}: {skipped}")).print();
                if work == "cpu" {
                    ctx.record_result("python-gil", format!("not measured: {skipped}"), GIL_WHAT);
                }
            }
        }
    }
    out
}

/// What the result `python-gil` says.
const GIL_WHAT: &str = "whether the Python that ran has the GIL";

/// Each thread count's speedup over one thread, and its rows in the CSV.
fn speedups(runs: &PythonRuns, work: &str, csv: &mut Csv) -> Vec<(usize, Stats)> {
    let stats: Vec<(usize, Stats)> =
        runs.runs.iter().filter_map(|r| Some((r.threads, Stats::of(&r.seconds)?))).collect();
    for (k, st) in &stats {
        csv.row(&[&"Python", &work, k, &st.median, &st.min, &st.max]);
    }
    let Some(base) = stats.iter().find(|(k, _)| *k == 1).map(|(_, st)| st.median) else {
        return Vec::new();
    };
    stats.iter().map(|(k, st)| (*k, speedup(base, st))).collect()
}

/// Prints and records which Python ran, and how much slower one Python
/// thread is than one Rust thread on the same limit.
fn describe(ctx: &mut LabContext, version: &str, runs: &PythonRuns) {
    let gil = if runs.gil { "with the GIL" } else { "free-threaded (no GIL)" };
    ctx.record_result("python-gil", format!("Python {} ({gil})", runs.python), GIL_WHAT);
    let one = runs.runs.iter().find(|r| r.threads == 1).and_then(|r| Stats::of(&r.seconds));
    if let (Some(limit), Some(one)) = (runs.limit, one) {
        // Fastest runs on both sides: the least disturbed by other programs.
        // Calibrated: Rust counts Python's limit in milliseconds, so a
        // sample repeats the count until it lasts at least 10 ms.
        let rust = ctx
            .sample_units(|n| {
                for _ in 0..n {
                    std::hint::black_box(count_primes(std::hint::black_box(limit), 1));
                }
            })
            .per_unit()
            .min;
        let ratio = record_ratio(
            ctx,
            "rust-vs-python",
            rust,
            one.min,
            "one Rust thread against one Python thread, same limit, fastest runs",
        );
        println!(
            "{version} ({gil}): primes below {limit} take {:.0} ms on one Python thread, {:.1} ms on one Rust thread, fastest runs ({ratio:.0}× faster)\n",
            one.min * 1e3,
            rust * 1e3
        );
        ctx.record_result(
            "python-limit",
            limit.to_string(),
            "CPU-bound: Python counts primes below",
        );
    }
}
