//! Experiment 3: from which task duration does a second process pay?
//!
//! The notebook's advice is to send work to other processes only when the
//! tasks take long. Here is the number for this machine. `K` tasks, each a
//! fixed amount of busy work (`labkit::work::spin`, calibrated to a
//! duration), are done two ways:
//!
//! - at home: the parent does all `K`;
//! - shared: the parent puts half of them on a process queue to a worker
//!   process (started once, beforehand, as a pool's worker is), does the
//!   other half itself, then takes the worker's results off a second queue.
//!
//! Sharing pays once a task is long enough that the two messages it costs
//! (task out, result back) are small next to it. The speed-up at each
//! duration is the median time at home over the median time shared; the
//! break-even is the shortest duration at which sharing is clearly faster.

use crate::queue::{ProcessQueue, Sender};
use labkit::claim::{Claim, Quantity, show};
use labkit::plot::{Axis, LinePlot, Series};
use labkit::process::{ChildProcess, fork_child};
use labkit::report::{Csv, Table};
use labkit::work::{Calibration, spin};
use labkit::{LabContext, Stats};
use std::time::Duration;

/// Task durations tried, in microseconds.
pub const DURATIONS_US: [u64; 7] = [1, 3, 10, 30, 100, 300, 1000];

/// Each point does at least this much work in all, so it is timed well.
const WORK_PER_POINT: Duration = Duration::from_millis(30);

/// A worker process: takes spin counts off one queue, puts results on another.
struct Worker {
    tasks: Sender<u64>,
    results: ProcessQueue<u64>,
    child: ChildProcess,
}

impl Worker {
    fn start() -> anyhow::Result<Worker> {
        let mut tasks: ProcessQueue<u64> = ProcessQueue::new()?;
        let mut results: ProcessQueue<u64> = ProcessQueue::new()?;
        let child = fork_child(|| {
            tasks.close_writer();
            let Ok(out) = results.sender() else { return 1 };
            while let Ok(Some(iterations)) = tasks.get() {
                out.put(spin(iterations));
            }
            if out.join().is_ok() { 0 } else { 1 }
        })?;
        results.close_writer();
        let sender = tasks.sender()?;
        tasks.close_writer();
        Ok(Worker { tasks: sender, results, child })
    }

    fn finish(self) -> anyhow::Result<()> {
        let Worker { tasks, mut results, mut child } = self;
        tasks.join()?;
        while results.get()?.is_some() {}
        anyhow::ensure!(child.wait()?.success(), "the worker failed");
        Ok(())
    }
}

// ANCHOR: shared
/// Does `k` tasks of `iterations` each: half sent to the worker, half here.
fn shared(worker: &mut Worker, k: usize, iterations: u64) -> anyhow::Result<u64> {
    let away = k / 2;
    for _ in 0..away {
        worker.tasks.put(iterations);
    }
    let mut sum = 0u64;
    for _ in away..k {
        sum = sum.wrapping_add(spin(iterations));
    }
    for _ in 0..away {
        let r = worker.results.get()?.ok_or_else(|| anyhow::anyhow!("the worker stopped"))?;
        sum = sum.wrapping_add(r);
    }
    Ok(sum)
}
// ANCHOR_END: shared

/// Measures both ways at every duration, prints, saves, records claims.
pub fn run(ctx: &mut LabContext) -> anyhow::Result<()> {
    let calibration = Calibration::measure();
    let mut worker = Worker::start()?;
    let mut points = Vec::new();
    let mut failed = None;
    for us in DURATIONS_US {
        let d = Duration::from_micros(us);
        let iterations = calibration.iterations_for(d).max(1);
        let k = ((WORK_PER_POINT.as_micros() as u64 / us).max(20)) as usize;
        let home = ctx.sample(|| {
            let mut sum = 0u64;
            for _ in 0..k {
                sum = sum.wrapping_add(spin(iterations));
            }
            std::hint::black_box(sum);
        });
        let away = ctx.sample(|| {
            if let Err(e) = shared(&mut worker, k, iterations) {
                failed.get_or_insert(e);
            }
        });
        if let Some(e) = failed.take() {
            return Err(e);
        }
        points.push((us, k, home.stats(), away.stats()));
    }
    worker.finish()?;

    let mut table = Table::new(
        "K tasks at home, or half of them sent to a worker process",
        &["task", "tasks", "at home", "shared", "speed-up"],
    );
    let mut csv =
        Csv::new(&["task_us", "tasks", "home_seconds_median", "shared_seconds_median", "speedup"]);
    let mut speedups = Vec::new();
    for &(us, k, home, away) in &points {
        let speedup = home.median / away.median;
        table.row([
            format!("{us} µs"),
            k.to_string(),
            show::seconds(home.median),
            show::seconds(away.median),
            format!("{speedup:.2}×"),
        ]);
        csv.row(&[&us, &k, &home.median, &away.median, &speedup]);
        // The speed-up's spread: the fastest and slowest pairings of runs.
        let st = Stats {
            n: home.n,
            median: speedup,
            min: home.min / away.max,
            max: home.max / away.min,
            q1: home.q1 / away.q3,
            q3: home.q3 / away.q1,
        };
        speedups.push((us as f64, st));
    }
    table.print();
    println!();
    ctx.save_csv("breakeven", "K tasks at home or shared with a worker process", &csv)?;
    let one = DURATIONS_US.iter().map(|&us| (us as f64, 1.0)).collect();
    let plot = LinePlot::new("Sharing tasks with a second process: speed-up against task duration")
        .x(Axis::log("task duration (µs)"))
        .y(Axis::linear("speed-up (time at home / time shared)"))
        .series(Series::measured("half the tasks sent to a worker process", speedups.clone()))
        .series(Series::line("break-even", one).dashed());
    ctx.save_figure(
        "breakeven",
        &plot,
        "speed-up from sending half the tasks to a worker process; above the dashed line it pays",
        &["breakeven"],
    )?;

    let q = |i: usize, which: usize| {
        let (us, _, home, away) = points[i];
        if which == 0 {
            Quantity::new(format!("{us} µs tasks at home"), home, show::seconds)
        } else {
            Quantity::new(format!("{us} µs tasks shared"), away, show::seconds)
        }
    };
    let last = points.len() - 1;
    ctx.claim(
        "short-tasks-lose",
        Claim::greater(
            "for 1 µs tasks, sharing with a second process is slower than doing them at home",
            &q(0, 1),
            &q(0, 0),
        ),
    );
    ctx.claim(
        "long-tasks-win",
        Claim::less("for 1 ms tasks, sharing with a second process is faster than doing them at home", &q(last, 1), &q(last, 0))
            .if_not("sharing needs a second core that is free; on a machine busy with other work the worker process waits for one"),
    );
    let even = points.iter().enumerate().find(|&(i, _)| {
        matches!(
            labkit::measure::compare(&points[i].2, &points[i].3),
            labkit::measure::Comparison::Greater
        )
    });
    let text = match even {
        Some((_, &(us, ..))) => format!("{us} µs"),
        None => format!("none up to {} µs", DURATIONS_US[last]),
    };
    ctx.record_result(
        "break-even",
        text,
        "shortest task duration at which sharing was clearly faster",
    );
    if let Some(&(_, st)) = speedups.last() {
        ctx.record_result("speedup-1ms", format!("{:.2}×", st.median), "speed-up at 1 ms tasks");
    }
    Ok(())
}
