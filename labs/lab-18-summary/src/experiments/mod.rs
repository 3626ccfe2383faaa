//! The chapter's measurements: every job, run every way, in Rust and in
//! Python, then one figure per job, the claims the page states, and the
//! decision chart.
//!
//! | module | what it does |
//! | --- | --- |
//! | here | [`Settings`], the jobs as configured, and Rust's timings ([`time_rust`]) |
//! | [`python`] | `python/jobs.py` run for one job, its timings read back |
//! | [`draw`] | the table, the CSV and the figure of one job |
//! | [`verdicts`] | the claims, and the chart's best way for each job and language |

pub mod draw;
pub mod python;
pub mod verdicts;

use crate::jobs::{Job, make_chunks};
use crate::modes::{self, Mode};
use anyhow::{Result, bail};
use lab_01_threads::server::{Defaults, LocalServer};
use labkit::claim::show;
use labkit::measure::{Stats, timed};
use labkit::{LabContext, progress};
use std::time::Duration;

/// What the experiments need besides the lab context.
pub struct Settings {
    /// Worker counts for threads and processes, ascending.
    pub workers: Vec<usize>,
    /// Pages the I/O-bound job fetches.
    pub pages: usize,
    /// The server's answer time for each page.
    pub latency: Duration,
    /// About how long the CPU-bound job takes one task at a time.
    pub cpu_work: Duration,
    /// Tasks the CPU-bound job is dealt into.
    pub cpu_tasks: usize,
    /// Chunks the data job sums.
    pub chunks: usize,
    /// Bytes per chunk.
    pub chunk_bytes: usize,
    /// The interpreter, or why there is none.
    pub python: labkit::python::Python,
}

/// One timed point: a language, a mode, a worker count, its runs.
#[derive(Debug, Clone)]
pub struct Point {
    /// `Rust` or `Python`.
    pub language: &'static str,
    /// How the job ran.
    pub mode: Mode,
    /// Workers (1 for sequential).
    pub workers: usize,
    /// Wall time of the whole job, seconds.
    pub stats: Stats,
}

/// A run may take this long before its process pool is killed.
const DEADLINE: Duration = Duration::from_secs(60);

/// Every (mode, workers) point a job is timed at.
pub fn grid(workers: &[usize]) -> Vec<(Mode, usize)> {
    let mut grid = vec![(Mode::Sequential, 1)];
    for mode in [Mode::Threads, Mode::Processes] {
        grid.extend(workers.iter().map(|&k| (mode, k)));
    }
    grid
}

/// Runs one job (by key) every way in both languages, and draws it.
pub fn run(ctx: &mut LabContext, s: &Settings, key: &str) -> Result<()> {
    let server = LocalServer::start(Defaults { latency: s.latency, bytes: 4096 })?;
    let job = match key {
        "io" => Job::Io {
            urls: (0..s.pages).map(|i| server.page_url(i)).collect(),
            timeout: Duration::from_secs(30),
        },
        "cpu" => Job::Cpu { limit: calibrate(s.cpu_work, s.cpu_tasks), tasks: s.cpu_tasks },
        _ => Job::Data { chunks: make_chunks(s.chunks, s.chunk_bytes, 18) },
    };
    let mut points = time_rust(ctx, &job, &s.workers)?;
    let python = python::run(ctx, s, &job, &server);
    points.extend(python.points);
    draw::job(ctx, s, &job, &points)?;
    verdicts::record(ctx, &job, &s.workers, &points);
    if let Job::Cpu { tasks, .. } = job {
        pool_cost(ctx, &s.workers, tasks, &python.empty)?;
        if let Some(limit) = python.limit {
            same_work_ratio(ctx, &points, Job::Cpu { limit, tasks });
        }
    }
    Ok(())
}

/// What a pool of processes costs by itself: the CPU job's tasks with
/// nothing to count (limit 0), so the time is the pool's start, a message
/// each way per task, and its end. Recorded at the worker count the CPU
/// claims use, for Rust (timed here) and Python (timed by the script).
fn pool_cost(
    ctx: &mut LabContext,
    workers: &[usize],
    tasks: usize,
    python: &[(usize, Stats)],
) -> Result<()> {
    let k = verdicts::at_cores(ctx, workers);
    let empty = Job::Cpu { limit: 0, tasks };
    let mut failed = None;
    let rust = ctx.sample(|| {
        if let Err(e) = modes::run(&empty, Mode::Processes, k, DEADLINE) {
            failed = Some(e);
        }
    });
    if let Some(e) = failed {
        return Err(e.context("the empty process pool"));
    }
    let what = |language: &str| {
        format!(
            "{language}: a pool of {k} processes given the CPU job's {tasks} tasks with nothing \
             to count (start, a message each way per task, stop), median"
        )
    };
    ctx.record_result("cpu-pool-cost-rust", show::seconds(rust.stats().median), &what("Rust"));
    if let Some((_, stats)) = python.iter().find(|(w, _)| *w == k) {
        ctx.record_result("cpu-pool-cost-python", show::seconds(stats.median), &what("Python"));
    }
    Ok(())
}

/// Python counts primes below a smaller limit than Rust (each language is
/// given about the same time), so their times compare only on the same
/// work: Rust is timed once more, one task at a time, on Python's limit.
fn same_work_ratio(ctx: &mut LabContext, points: &[Point], python_job: Job) {
    let seq = points.iter().find(|p| p.language == "Python" && p.mode == Mode::Sequential);
    let Some(python) = seq else { return };
    let rust = ctx.sample(|| {
        let _ = std::hint::black_box(modes::run(&python_job, Mode::Sequential, 1, DEADLINE));
    });
    let Job::Cpu { limit, .. } = python_job else { return };
    let ratio = python.stats.median / rust.stats().median;
    ctx.record_result(
        "cpu-python-vs-rust",
        labkit::python::format_ratio(ratio),
        &format!(
            "CPU-bound, one task at a time, primes below {limit}: Python's time against Rust's"
        ),
    );
}

/// Rust's wall times: rounds of every point, so a busy moment of the
/// machine slows one run of each point rather than every run of one. Every
/// way must give the same total, or the run fails.
pub fn time_rust(ctx: &LabContext, job: &Job, workers: &[usize]) -> Result<Vec<Point>> {
    let grid = grid(workers);
    let expected = modes::run(job, Mode::Sequential, 1, DEADLINE)?; // also a warm-up
    let bar = progress::bar(u64::from(ctx.repeat), &format!("{} job, Rust", job.key()));
    let mut times = vec![Vec::new(); grid.len()];
    for _ in 0..ctx.repeat {
        for (i, &(mode, k)) in grid.iter().enumerate() {
            let (total, took) = timed(|| modes::run(job, mode, k, DEADLINE));
            let total = total?;
            if total != expected {
                bail!("{} with {k} worker(s) gave {total}, not {expected}", mode.key());
            }
            times[i].push(took);
        }
        bar.inc(1);
    }
    bar.finish_and_clear();
    Ok(grid
        .iter()
        .zip(&times)
        .map(|(&(mode, workers), t)| Point {
            language: "Rust",
            mode,
            workers,
            stats: Stats::of_durations(t).expect("at least one run"),
        })
        .collect())
}

/// A prime limit below which the CPU job takes about `target` one task at a time.
fn calibrate(target: Duration, tasks: usize) -> u64 {
    let mut limit = 20_000u64;
    loop {
        let job = Job::Cpu { limit, tasks };
        let (_, took) = timed(|| modes::run(&job, Mode::Sequential, 1, DEADLINE));
        if took >= target / 4 {
            // Trial division costs about n·√n: scale by the 2/3 power.
            let scale = (target.as_secs_f64() / took.as_secs_f64()).powf(2.0 / 3.0);
            return ((limit as f64) * scale.clamp(0.5, 8.0)) as u64;
        }
        limit *= 4;
    }
}
