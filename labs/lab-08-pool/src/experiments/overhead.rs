//! Experiment 1: what a task costs beyond its own work, for every way of
//! running it, against the task's size, and the size from which each way
//! pays off against a plain loop.
//!
//! A unit of work is one round of `workers` tasks (so every parallel rival
//! can keep every thread busy); the kit calibrates how many rounds make a
//! sample of at least 10 ms, for each rival, and the rivals then take their
//! samples in turns. From the time per task:
//!
//! - overhead per task = `workers` × (wall time per task) − (the task's own
//!   time, measured by the sequential loop): the thread time each task costs
//!   beyond its work, if every thread were busy (at or below 0: too small to
//!   tell from the noise);
//! - speedup = sequential time / the rival's time; it pays off where it is
//!   clearly above 1.

use super::{Settings, size_key, size_label, time};
use crate::rivals::{Rival, Rivals};
use labkit::claim::{Claim, Quantity, show};
use labkit::measure::{Comparison, PerUnit, Samples, Stats, calibrate, compare, timed};
use labkit::plot::{Axis, LinePlot, Series};
use labkit::report::{Csv, Table};
use labkit::work::Calibration;
use labkit::{LabContext, progress};
use std::time::Duration;

/// One rival at one size: seconds per task, over the runs.
struct Point {
    rival: Rival,
    size: usize,
    per_task: Stats,
}

pub fn run(ctx: &mut LabContext, s: &Settings) -> anyhow::Result<()> {
    let rivals = Rivals::new(s.workers)?;
    let calibration = Calibration::measure();
    let p = s.workers as u64;
    let bar = progress::bar((s.sizes.len() * Rival::ALL.len()) as u64, "overhead");
    let mut csv = Csv::new(&["task_us", "rival", "tasks", "run", "seconds_per_task"]);
    let mut points = Vec::new();
    for (size, &d) in s.sizes.iter().enumerate() {
        let iterations = calibration.iterations_for(d);
        let work = |rival: Rival, rounds: u64| {
            std::hint::black_box(rivals.run(rival, rounds * p, iterations));
        };
        // Calibrate every rival first, then take their samples in turns, so
        // that a burst of load from elsewhere slows them all alike.
        let rounds = Rival::ALL.map(|r| calibrate(ctx.min_sample(), 1, |n| work(r, n)));
        let mut samples: Vec<Vec<Duration>> = vec![Vec::new(); Rival::ALL.len()];
        for _ in 0..ctx.repeat {
            for (i, &rival) in Rival::ALL.iter().enumerate() {
                samples[i].push(timed(|| work(rival, rounds[i])).1);
            }
        }
        for (i, &rival) in Rival::ALL.iter().enumerate() {
            let per =
                PerUnit { units: rounds[i], samples: Samples(std::mem::take(&mut samples[i])) };
            let tasks = per.units * p;
            for (run, seconds) in per.samples.seconds() {
                csv.row(&[
                    &(d.as_secs_f64() * 1e6),
                    &rival.name(),
                    &tasks,
                    &run,
                    &(seconds / tasks as f64),
                ]);
            }
            points.push(Point { rival, size, per_task: per.per_unit().map(|t| t / p as f64) });
            bar.inc(1);
        }
    }
    bar.finish_and_clear();
    ctx.save_csv("overhead", "seconds per task, by task size, rival and run", &csv)?;
    thread_start(ctx);
    report(ctx, s, &points)
}

/// A thread's start on its own: spawn a thread that does nothing and join
/// it. The floor under the thread-per-task rival's overhead, and the
/// number "this machine's numbers" quotes for a thread start.
fn thread_start(ctx: &mut LabContext) {
    let per = ctx.sample_units(|n| {
        for _ in 0..n {
            std::thread::spawn(|| {}).join().expect("an empty thread cannot panic");
        }
    });
    let st = per.per_unit();
    println!("a thread spawned and joined, doing nothing: {}", show::seconds(st.median));
    ctx.record_result(
        "thread-start",
        show::seconds(st.median),
        "spawning a thread that does nothing and joining it (median of calibrated samples)",
    );
}

/// The point of `rival` at size index `size`.
fn at(points: &[Point], rival: Rival, size: usize) -> &Stats {
    &points.iter().find(|p| p.rival == rival && p.size == size).expect("measured").per_task
}

/// Overhead per task from its time per task: `workers × t − sequential`.
fn overhead(per_task: &Stats, sequential: f64, workers: usize) -> Stats {
    per_task.map(|t| workers as f64 * t - sequential)
}

fn report(ctx: &mut LabContext, s: &Settings, points: &[Point]) -> anyhow::Result<()> {
    let n = s.sizes.len();
    let seq = |i: usize| at(points, Rival::Sequential, i).median;
    let parallel = &Rival::ALL[1..];

    let mut headers = vec!["task".to_string()];
    headers.extend(Rival::ALL.map(|r| r.name().to_string()));
    let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
    let mut table = Table::new(format!("Wall time per task, {} workers", s.workers), &headers);
    for (i, &d) in s.sizes.iter().enumerate() {
        let mut row = vec![size_label(d)];
        row.extend(Rival::ALL.map(|r| time(at(points, r, i).median)));
        table.row(row);
    }
    table.print();

    let x = |i: usize| s.sizes[i].as_secs_f64() * 1e6;
    let mut per_task = LinePlot::new(format!("Wall time per task, {} workers", s.workers))
        .x(Axis::log("task size (µs of work, as calibrated)"))
        .y(Axis::log("wall time per task (µs)"));
    let mut speed = LinePlot::new(format!("Speedup over a plain loop, {} workers", s.workers))
        .x(Axis::log("task size (µs of work, as calibrated)"))
        .y(Axis::linear("speedup (sequential time / time)"));
    for r in Rival::ALL {
        per_task = per_task.series(Series::measured(
            r.name(),
            (0..n).map(|i| (x(i), at(points, r, i).map(|t| t * 1e6))),
        ));
        if r != Rival::Sequential {
            let sp = (0..n).map(|i| (x(i), at(points, r, i).map(|t| seq(i) / t)));
            speed = speed.series(Series::measured(r.name(), sp));
        }
    }
    let ideal = (0..n).map(|i| (x(i), seq(i) / s.workers as f64 * 1e6)).collect();
    per_task = per_task
        .series(Series::line(format!("ideal: the loop's time / {}", s.workers), ideal).dashed());
    let (lo, hi) = (x(0), x(n - 1));
    speed =
        speed.series(Series::line("break-even (1×)", vec![(lo, 1.0), (hi, 1.0)]).dashed()).series(
            Series::line(
                format!("ideal ({}×)", s.workers),
                vec![(lo, s.workers as f64), (hi, s.workers as f64)],
            )
            .dashed(),
        );
    let what = format!(
        "{} workers; medians of {} calibrated samples, bars from slowest to fastest",
        s.workers, ctx.repeat
    );
    ctx.save_figure(
        "per-task",
        &per_task,
        &format!("{what}; the gap above the dashed line is the overhead"),
        &["overhead"],
    )?;
    ctx.save_figure("speedup", &speed, &what, &["overhead"])?;

    let mut pay = Table::new("Pays off against the plain loop from", &["rival", "task size"]);
    for &r in parallel {
        for (i, &d) in s.sizes.iter().enumerate() {
            if d.as_micros() == 1 || d.as_micros() == 100 {
                let o = overhead(at(points, r, i), seq(i), s.workers).median;
                let shown = if o > 0.0 { time(o) } else { "none measurable (≤ 0)".to_string() };
                ctx.record_result(
                    &format!("overhead-{}-{}", r.key(), size_key(d)),
                    shown,
                    &format!("overhead per task of {} at {} tasks", r.name(), size_label(d)),
                );
            }
        }
        let from = pays_off_from(points, r, s);
        let shown =
            from.map_or("not within the sizes measured".to_string(), |i| size_label(s.sizes[i]));
        pay.row([r.name().to_string(), shown.clone()]);
        ctx.record_result(
            &format!("payoff-{}", r.key()),
            shown,
            &format!("smallest task size from which {} beats the plain loop", r.name()),
        );
    }
    pay.print();
    claims(ctx, s, points);
    Ok(())
}

/// The first size index from which `rival` is clearly faster than the
/// loop at that size and at every larger one.
fn pays_off_from(points: &[Point], rival: Rival, s: &Settings) -> Option<usize> {
    let n = s.sizes.len();
    let wins = |i: usize| {
        compare(at(points, rival, i), at(points, Rival::Sequential, i)) == Comparison::Less
    };
    (0..n).find(|&i| (i..n).all(wins))
}

fn claims(ctx: &mut LabContext, s: &Settings, points: &[Point]) {
    let n = s.sizes.len();
    let (small, large) = (0, n - 1);
    let q = |r: Rival, i: usize| {
        Quantity::new(
            format!("{} at {}", r.name(), size_label(s.sizes[i])),
            *at(points, r, i),
            show::seconds,
        )
    };
    ctx.record_result(
        "smallest-size",
        size_label(s.sizes[small]),
        "the smallest task size measured",
    );
    ctx.record_result("largest-size", size_label(s.sizes[large]), "the largest task size measured");
    ctx.record_result(
        "workers",
        s.workers.to_string(),
        "threads in each pool of the CPU experiments",
    );
    ctx.claim(
        "pool-beats-thread-per-task",
        Claim::less(
            format!("at {} tasks the hand-built pool costs less per task than starting a thread per task", size_label(s.sizes[small])),
            &q(Rival::Pool, small),
            &q(Rival::ThreadPerTask, small),
        ),
    );
    ctx.claim(
        "rayon-iter-cheapest-small",
        Claim::smallest(
            format!("at {} tasks rayon's par_iter costs the least per task of the parallel ways", size_label(s.sizes[small])),
            &q(Rival::RayonParIter, small),
            &[Rival::ThreadPerTask, Rival::Pool, Rival::RayonScope, Rival::CrossbeamScoped].map(|r| q(r, small)),
        )
        .if_not("par_iter splits the range into a few large pieces and steals only when a thread runs dry, so it sends far fewer messages than one per task; a busy machine can still blur the difference"),
    );
    let wins: Vec<Claim> = Rival::ALL[1..]
        .iter()
        .map(|&r| {
            Claim::less(
                format!("{} beats the loop", r.name()),
                &q(r, large),
                &q(Rival::Sequential, large),
            )
        })
        .collect();
    ctx.claim(
        "all-pay-off-large",
        Claim::all(format!("at {} tasks every parallel way beats the plain loop", size_label(s.sizes[large])), wins)
            .if_not("with the cores shared with other programs, a second core is not always free; then no way of using it can win"),
    );
}
