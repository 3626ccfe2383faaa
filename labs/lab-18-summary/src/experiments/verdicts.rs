//! What one job's timings say: the claims the chapter states about it, and
//! the decision chart's cell for each language (the fastest way, or "too
//! close to call" when the runner-up's runs overlap it).
//!
//! The notebook's advice is "threads for I/O, processes for CPU". Each
//! claim here checks a piece of it, in the language where it is claimed.

use super::Point;
use crate::jobs::Job;
use crate::modes::Mode;
use labkit::LabContext;
use labkit::claim::{Claim, Quantity, show};
use labkit::measure::{Comparison, compare};

/// The worker count closest to the number of cores: where CPU-bound work
/// peaks, and where the claims compare threads with processes.
pub fn at_cores(ctx: &LabContext, workers: &[usize]) -> usize {
    let cores = ctx.machine.logical_cores;
    *workers.iter().min_by_key(|&&k| k.abs_diff(cores)).expect("worker counts")
}

/// Records the job's claims, chart cells and the times the page tabulates.
pub fn record(ctx: &mut LabContext, job: &Job, workers: &[usize], points: &[Point]) {
    let key = job.key();
    let top = *workers.last().expect("worker counts");
    let at_cores = at_cores(ctx, workers);
    let q = |language: &str, mode: Mode, k: usize| -> Option<Quantity> {
        let k = if mode == Mode::Sequential { 1 } else { k };
        let p =
            points.iter().find(|p| p.language == language && p.mode == mode && p.workers == k)?;
        let label = match mode {
            Mode::Sequential => format!("{language} one at a time"),
            _ => format!("{language} with {k} {}", mode.key()),
        };
        Some(Quantity::new(label, p.stats, show::seconds))
    };
    let mut claims: Vec<(String, Claim)> = Vec::new();
    let mut claim = |name: &str, c: Claim| claims.push((format!("{key}-{name}"), c));
    for language in ["Rust", "Python"] {
        let lang = language.to_lowercase();
        let seq = q(language, Mode::Sequential, 1);
        let threads_top = q(language, Mode::Threads, top);
        let threads_cores = q(language, Mode::Threads, at_cores);
        let procs_top = q(language, Mode::Processes, top);
        let procs_cores = q(language, Mode::Processes, at_cores);
        match job {
            Job::Io { .. } => {
                claim(
                    &format!("threads-{lang}"),
                    both(
                        format!(
                            "in {language}, {top} threads fetch the pages at least 3× as fast as one at a time"
                        ),
                        &seq,
                        &threads_top,
                        |st, s, t| {
                            Claim::ratio_at_least(st, s, t, 3.0)
                        .if_not("The server's latency may be too short against the cost of a request here, or the machine too busy.")
                        },
                    ),
                );
                claim(
                    &format!("threads-vs-processes-{lang}"),
                    both(
                        format!(
                            "in {language}, {top} threads fetch the pages at least as fast as {top} processes, within 10 %"
                        ),
                        &threads_top,
                        &procs_top,
                        |st, t, p| Claim::ratio_at_most(st, t, p, 1.1),
                    ),
                );
            }
            Job::Cpu { .. } => {
                // The notebook's rule, checked where it is claimed: Rust's threads
                // run in parallel; CPython's take turns under the GIL.
                let threads_claim = if language == "Python" {
                    both(
                        format!(
                            "in Python, {at_cores} threads count the primes no more than 1.2× as fast as one at a time"
                        ),
                        &seq,
                        &threads_cores,
                        |st, s, t| {
                            Claim::ratio_at_most(st, s, t, 1.2).if_not(
                                "A Python built without the global interpreter lock (3.13's free-threaded build) runs them in parallel.",
                            )
                        },
                    )
                } else {
                    both(
                        format!(
                            "in Rust, {at_cores} threads count the primes at least 1.4× as fast as one at a time"
                        ),
                        &seq,
                        &threads_cores,
                        |st, s, t| {
                            Claim::ratio_at_least(st, s, t, 1.4).if_not(
                                "The other cores may have been busy with other work, or the machine may have only one.",
                            )
                        },
                    )
                };
                claim(&format!("threads-{lang}"), threads_claim);
                if language == "Rust" {
                    // Why Rust's chart cell can say "threads": no slower than processes.
                    claim(
                        "threads-vs-processes-rust",
                        both(
                            format!(
                                "in Rust, {at_cores} threads count the primes at least as fast as {at_cores} processes, within 10 %"
                            ),
                            &threads_cores,
                            &procs_cores,
                            |st, t, p| Claim::ratio_at_most(st, t, p, 1.1),
                        ),
                    );
                }
                claim(
                    &format!("processes-{lang}"),
                    both(
                        format!(
                            "in {language}, {at_cores} processes count the primes at least 1.4× as fast as one at a time"
                        ),
                        &seq,
                        &procs_cores,
                        |st, s, p| {
                            Claim::ratio_at_least(st, s, p, 1.4)
                        .if_not("The other cores may have been busy, or starting the pool cost more than the job saved.")
                        },
                    ),
                );
            }
            Job::Data { .. } => {
                claim(
                    &format!("threads-vs-processes-{lang}"),
                    both(
                        format!(
                            "in {language}, {at_cores} threads get through the data faster than {at_cores} processes"
                        ),
                        &threads_cores,
                        &procs_cores,
                        Claim::less,
                    ),
                );
                claim(
                    &format!("processes-vs-sequential-{lang}"),
                    both(
                        format!(
                            "in {language}, {top} processes take longer over the data than one task at a time"
                        ),
                        &procs_top,
                        &seq,
                        Claim::greater,
                    ),
                );
            }
        }
    }
    for (name, c) in claims {
        ctx.claim(&name, c);
    }
    for language in ["Rust", "Python"] {
        best(ctx, key, language, points);
        times(ctx, key, language, points);
    }
}

/// The wall times the page quotes and tabulates, as results: one task at a
/// time (`<job>-sequential-<language>`) and each mode with 1 and with 2
/// workers (`<job>-<mode>-<k>-<language>`), where they were measured.
fn times(ctx: &mut LabContext, key: &str, language: &str, points: &[Point]) {
    let lang = language.to_lowercase();
    for p in points.iter().filter(|p| p.language == language) {
        let (name, what) = match p.mode {
            Mode::Sequential => (format!("{key}-sequential-{lang}"), "one task at a time".into()),
            mode if p.workers <= 2 => (
                format!("{key}-{}-{}-{lang}", mode.key(), p.workers),
                format!("{} {}", p.workers, mode.key()),
            ),
            _ => continue,
        };
        let what = format!("{key} job, {language}, {what}: wall time (median)");
        ctx.record_result(&name, show::seconds(p.stats.median), &what);
    }
}

/// A claim over two quantities; if either was not measured (no Python
/// here), the claim says so, so that the page still builds and tells the
/// reader.
fn both(
    statement: String,
    a: &Option<Quantity>,
    b: &Option<Quantity>,
    make: impl Fn(String, &Quantity, &Quantity) -> Claim,
) -> Claim {
    match (a, b) {
        (Some(a), Some(b)) => make(statement, a, b),
        _ => Claim::not_measured(
            statement,
            "the Python series did not run (no python3, or its script failed; the lab printed why)",
        ),
    }
}

/// The chart's cell: the fastest way for `language`, as result
/// `<job>-best-<language>`, and the runner-up when the two cannot be told apart.
fn best(ctx: &mut LabContext, key: &str, language: &str, points: &[Point]) {
    let mut ranked: Vec<&Point> = points.iter().filter(|p| p.language == language).collect();
    let what = format!("{key} job: the fastest way in {language} on this machine");
    let result_key = format!("{key}-best-{}", language.to_lowercase());
    if ranked.is_empty() {
        ctx.record_result(&result_key, "not measured (no python3)", &what);
        return;
    }
    ranked.sort_by(|a, b| a.stats.median.total_cmp(&b.stats.median));
    let name = |p: &Point| match p.mode {
        Mode::Sequential => "one at a time".to_string(),
        mode => format!("{} × {}", p.workers, mode.key()),
    };
    let first = ranked[0];
    let mut cell = format!("{} ({})", name(first), show::seconds(first.stats.median));
    // A runner-up of the other kind whose runs overlap the winner's: too close to call.
    if let Some(close) = ranked[1..].iter().find(|p| p.mode != first.mode)
        && compare(&close.stats, &first.stats) != Comparison::Greater
    {
        cell.push_str(&format!(
            ", or {} ({}): too close to call",
            name(close),
            show::seconds(close.stats.median)
        ));
    }
    ctx.record_result(&result_key, cell, &what);
    // The CPU job's ratio needs the same work in both: see `same_work_ratio`.
    let fastest_rust = points
        .iter()
        .filter(|p| p.language == "Rust")
        .min_by(|a, b| a.stats.median.total_cmp(&b.stats.median));
    if language == "Python"
        && key != "cpu"
        && let Some(rust) = fastest_rust
    {
        let ratio = first.stats.median / rust.stats.median;
        ctx.record_result(
            &format!("{key}-python-vs-rust"),
            labkit::python::format_ratio(ratio),
            &format!("{key} job: Python's fastest way against Rust's fastest, in wall time"),
        );
    }
}
