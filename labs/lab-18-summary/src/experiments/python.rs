//! The Python half: `python/jobs.py` runs the same job, sequentially, with
//! a thread pool and with a fork-started process pool, under a deadline.
//! Without Python (or if the script fails) the series is skipped with the
//! kit's printed note and the Rust series stand alone.

use super::{Point, Settings, grid};
use crate::jobs::Job;
use crate::modes::Mode;
use lab_01_threads::server::LocalServer;
use labkit::LabContext;
use labkit::measure::Stats;
use labkit::python::Script;
use serde::Deserialize;
use std::time::Duration;

/// What the script prints.
#[derive(Deserialize)]
struct Runs {
    /// The CPU job's limit, which the script chose for its own time.
    limit: Option<u64>,
    /// Every point's timed runs.
    runs: Vec<Run>,
    /// The CPU job's process pools with nothing to count.
    #[serde(default)]
    empty: Vec<Empty>,
}

/// One empty pool's runs.
#[derive(Deserialize)]
struct Empty {
    /// Processes in the pool.
    workers: usize,
    /// Wall time of each run, seconds.
    seconds: Vec<f64>,
}

/// What Python measured for one job.
#[derive(Default)]
pub struct Measured {
    /// Its points (none without Python).
    pub points: Vec<Point>,
    /// The CPU job's limit, which the script chose for its own time.
    pub limit: Option<u64>,
    /// The CPU job's process pools with nothing to count: (workers, runs).
    pub empty: Vec<(usize, Stats)>,
}

/// One point's runs.
#[derive(Deserialize)]
struct Run {
    /// `sequential`, `threads` or `processes`.
    mode: String,
    /// Workers (1 for sequential).
    workers: usize,
    /// Wall time of each run, seconds.
    seconds: Vec<f64>,
}

/// What Python measured for `job` (nothing, with a printed note, without Python).
pub fn run(ctx: &LabContext, s: &Settings, job: &Job, server: &LocalServer) -> Measured {
    let workers = s.workers.iter().map(usize::to_string).collect::<Vec<_>>().join(",");
    let mut args = vec![
        job.key().to_string(),
        "--workers".into(),
        workers,
        "--repeat".into(),
        ctx.repeat.to_string(),
    ];
    match job {
        Job::Io { urls, .. } => {
            args.extend(["--base".into(), server.base_url().to_string()]);
            args.extend(["--pages".into(), urls.len().to_string()]);
        }
        Job::Cpu { tasks, .. } => {
            args.extend(["--seconds".into(), s.cpu_work.as_secs_f64().to_string()]);
            args.extend(["--tasks".into(), tasks.to_string()]);
        }
        Job::Data { chunks } => {
            args.extend(["--chunks".into(), chunks.len().to_string()]);
            let kib = chunks.first().map_or(0, |c| c.len() / 1024);
            args.extend(["--chunk-kib".into(), kib.to_string()]);
        }
    }
    let deadline = Duration::from_secs(if ctx.quick { 90 } else { 240 });
    let script = Script::new(ctx.lab, "jobs.py").args(args).deadline(deadline);
    let runs: Runs = match s.python.run(&script) {
        Ok(runs) => runs,
        Err(skipped) => {
            skipped.print();
            return Measured::default();
        }
    };
    let wanted = grid(&s.workers);
    let points = runs
        .runs
        .into_iter()
        .filter_map(|run| {
            let mode = Mode::ALL.into_iter().find(|m| m.key() == run.mode)?;
            wanted.contains(&(mode, run.workers)).then_some(())?;
            Some(Point {
                language: "Python",
                mode,
                workers: run.workers,
                stats: Stats::of(&run.seconds)?,
            })
        })
        .collect();
    let empty =
        runs.empty.into_iter().filter_map(|e| Some((e.workers, Stats::of(&e.seconds)?))).collect();
    Measured { points, limit: runs.limit, empty }
}
