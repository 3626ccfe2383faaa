//! Experiment 4: CPU-bound work in threads, Rust against Python, next to
//! the I/O-bound fetches.
//!
//! Rust: primes below a limit counted by k scoped threads (`primes.rs`),
//! the limit chosen so one thread takes about `cpu_work`. Python: the same
//! algorithm in k Python threads (`python/cpu_threads.py`, which chooses
//! its own limit for the same time), and the same page fetches as in Rust
//! from a pool of k Python threads. The speedups over one thread are drawn
//! on one figure with Rust's I/O-bound speedups from `workers.rs`.

mod python;

use super::{Settings, ms, speedup};
use crate::primes::count_primes;
use labkit::claim::{Claim, Quantity, show};
use labkit::measure::{Stats, timed};
use labkit::plot::{Axis, LinePlot, Series};
use labkit::report::{Csv, Table};
use labkit::{LabContext, progress};
use std::time::Duration;

/// Repetitions of each CPU-bound point: at least three even in a quick run,
/// since one disturbed run of one thread would skew every speedup.
fn repeat(ctx: &LabContext) -> u32 {
    ctx.repeat.max(3)
}

/// A series of speedups: its name and (threads, speedup) points.
pub type Speedups = (String, Vec<(usize, Stats)>);

/// Measures, prints, and saves `cpu.csv` and `threads-speedup.svg`.
pub fn run(ctx: &mut LabContext, s: &Settings, rust_io: &[(usize, Stats)]) -> anyhow::Result<()> {
    let counts = &s.cpu_threads;
    let limit = calibrate(s.cpu_work);
    let bar = progress::bar(u64::from(repeat(ctx)), "CPU-bound threads");
    let run = |k: usize| timed(|| std::hint::black_box(count_primes(limit, k))).1;
    for &k in counts {
        run(k); // one untimed run of each first
    }
    // Rounds of every thread count, so that a busy moment of the machine
    // slows one run of each count rather than every run of one count.
    let mut times = vec![Vec::new(); counts.len()];
    for _ in 0..repeat(ctx) {
        for (i, &k) in counts.iter().enumerate() {
            times[i].push(run(k));
        }
        bar.inc(1);
    }
    let rust: Vec<(usize, Stats)> = counts
        .iter()
        .zip(&times)
        .map(|(&k, t)| (k, Stats::of_durations(t).expect("at least one run")))
        .collect();
    bar.finish_and_clear();
    let mut csv =
        Csv::new(&["language", "work", "threads", "median_seconds", "min_seconds", "max_seconds"]);
    for (k, st) in &rust {
        csv.row(&[&"Rust", &"cpu", k, &st.median, &st.min, &st.max]);
    }
    let base = rust[0].1.median;
    let mut series: Vec<Speedups> = vec![(
        "Rust, CPU-bound (primes)".into(),
        rust.iter().map(|(k, st)| (*k, speedup(base, st))).collect(),
    )];
    let io: Vec<(usize, Stats)> =
        rust_io.iter().filter(|(w, _)| counts.contains(w)).copied().collect();
    if !io.is_empty() {
        series.push(("Rust, I/O-bound (fetches)".into(), io));
    }
    series.extend(python::series(ctx, s, &mut csv));

    let mut headers = vec!["threads".to_string()];
    headers.extend(series.iter().map(|(name, _)| name.clone()));
    let mut table = Table::new(
        format!(
            "Speedup over one thread; Rust's CPU-bound run: primes below {limit}, {} on one thread",
            ms(base)
        ),
        &headers.iter().map(String::as_str).collect::<Vec<_>>(),
    );
    for &k in counts {
        let mut row = vec![k.to_string()];
        for (_, points) in &series {
            row.push(
                points
                    .iter()
                    .find(|p| p.0 == k)
                    .map_or("".into(), |p| format!("{:.2}×", p.1.median)),
            );
        }
        table.row(row);
    }
    table.print();
    ctx.save_csv(
        "cpu",
        "CPU-bound work per language and thread count (I/O rows: Python page fetches)",
        &csv,
    )?;

    let cores = ctx.machine.logical_cores;
    let top = *counts.last().expect("thread counts") as f64;
    let every: Vec<f64> = (1..=top as usize).map(|n| n as f64).collect();
    let mut plot =
        LinePlot::new("Speedup over one thread: I/O-bound and CPU-bound work, Rust and Python")
            .x(Axis::linear("threads"))
            .y(Axis::linear("speedup over one thread (×)"))
            .series(
                Series::line(
                    "n× (every thread waits or has a core)",
                    every.iter().map(|&n| (n, n)).collect(),
                )
                .dashed(),
            )
            .series(
                Series::line(
                    format!("one thread per core ({cores})"),
                    every.iter().map(|&n| (n, n.min(cores as f64))).collect(),
                )
                .dashed(),
            );
    for (name, points) in &series {
        plot = plot
            .series(Series::measured(name.clone(), points.iter().map(|(k, st)| (*k as f64, *st))));
    }
    ctx.save_figure(
        "threads-speedup",
        &plot,
        &format!("medians of {} runs, bars from fastest to slowest", repeat(ctx)),
        &["cpu", "workers"],
    )?;

    let at = |prefix: &str, k: usize| {
        let points = &series.iter().find(|(n, _)| n.starts_with(prefix))?.1;
        points.iter().find(|p| p.0 == k).map(|p| format!("{:.2}×", p.1.median))
    };
    let why = match s.python.interpreter() {
        Err(why) => format!("not measured: {why}"),
        Ok(_) => "not measured: Python did not run".into(),
    };
    ctx.record_result("cpu-limit", limit.to_string(), "CPU-bound: Rust counts primes below");
    ctx.record_result("cpu-rust-1-ms", ms(base), "CPU-bound: Rust, one thread");
    for (key, prefix, what) in [
        ("cpu-rust-2", "Rust, CPU", "CPU-bound speedup at 2 threads, Rust"),
        ("cpu-python-2", "Python, CPU", "CPU-bound speedup at 2 threads, Python"),
        ("io-python-2", "Python, I/O", "I/O-bound speedup at 2 threads, Python"),
        ("io-rust-2", "Rust, I/O", "I/O-bound speedup at 2 threads, Rust"),
    ] {
        let missing = if prefix.starts_with("Python") {
            why.clone()
        } else {
            "not measured: no run on 2 threads".into()
        };
        ctx.record_result(key, at(prefix, 2).unwrap_or(missing), what);
    }
    let two = |prefix: &str| {
        let (name, points) = series.iter().find(|(n, _)| n.starts_with(prefix))?;
        let st = points.iter().find(|p| p.0 == 2)?.1;
        Some(Quantity::new(format!("{name} at 2 threads"), st, show::ratio))
    };
    let exact = |x: f64| Quantity::exact(format!("{x}×"), x, show::ratio);
    let missing = |statement: &str, what: &str| {
        Claim::not_measured(statement, format!("{what} was not measured at 2 threads: {why}"))
    };
    let io = "two threads fetch at least 1.8 times as fast as one, in Rust and in Python";
    let io_claim = match (two("Rust, I/O"), two("Python, I/O")) {
        (Some(r), Some(p)) => Claim::all(
            io,
            vec![
                Claim::ratio_at_least("Rust", &r, &exact(1.0), 1.8),
                Claim::ratio_at_least("Python", &p, &exact(1.0), 1.8),
            ],
        ),
        _ => missing(io, "an I/O-bound series"),
    };
    ctx.claim("io-scales-both", io_claim);
    let gil = "two Python threads count primes at most 1.2 times as fast as one";
    let gil_claim = match two("Python, CPU") {
        Some(p) => Claim::ratio_at_most(gil, &p, &exact(1.0), 1.2)
            .if_not("either this Python runs without the GIL (a free-threaded build), or the one-thread and the two-thread runs met other programs on the cores differently: on a busy machine a speedup timed over a fraction of a second moves by that much"),
        None => missing(gil, "Python's CPU-bound series"),
    };
    ctx.claim("python-cpu-flat", gil_claim);
    let scales = "two Rust threads count primes at least 1.8 times as fast as one";
    let scales_claim = match two("Rust, CPU") {
        Some(r) => Claim::ratio_at_least(scales, &r, &exact(1.0), 1.8)
            .if_not("the two threads did not both have a core of their own for the whole run: other programs ran on the machine's cores"),
        None => missing(scales, "Rust's CPU-bound series"),
    };
    ctx.claim("rust-cpu-scales", scales_claim);
    let beats = "on CPU-bound work, two Rust threads gain more over one than two Python threads do";
    let beats_claim = match (two("Rust, CPU"), two("Python, CPU")) {
        (Some(r), Some(p)) => Claim::greater(beats, &r, &p).if_not(
            "the Rust threads did not get two cores of their own: other programs ran on them",
        ),
        _ => missing(beats, "a CPU-bound series"),
    };
    ctx.claim("rust-cpu-beats-python", beats_claim);
    Ok(())
}

/// A limit for which `count_primes(limit, 1)` takes about `target`: double
/// until a run takes an eighth of it, then scale from the fastest of three
/// runs at that limit (the cost of testing `n` grows about as `n^1.5`).
fn calibrate(target: Duration) -> u64 {
    let mut limit = 10_000u64;
    while timed(|| count_primes(limit, 1)).1 < target / 8 && limit < 1 << 40 {
        limit *= 2;
    }
    let fastest = (0..3).map(|_| timed(|| count_primes(limit, 1)).1).min().unwrap_or(target);
    let scale = (target.as_secs_f64() / fastest.as_secs_f64().max(1e-6)).powf(1.0 / 1.5);
    ((limit as f64 * scale) as u64).max(2)
}
