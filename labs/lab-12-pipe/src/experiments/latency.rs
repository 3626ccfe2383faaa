//! Experiment 3: round-trip latency to a child process.
//!
//! For each channel (`crate::pingpong`) a child is forked, warmed up, and
//! then two measurements are made: the kit's calibrated samples (each at
//! least 10 ms of round trips back to back: a mean per trip, which a few
//! slow trips pull up), and `rounds` round trips timed one by one with a
//! monotonic clock, for the distribution. The page's table and its claims
//! both use the one-by-one trips: the median and p99 of them all, and, for
//! the claims, the medians of `repeat` consecutive batches of them (their
//! spread tells a real difference from noise). Python's
//! `multiprocessing.Pipe` is measured the same way by
//! `python/pingpong.py`. The child's CPU time (from /proc) over the run
//! shows what the busy poll burns.

use super::Settings;
use crate::pingpong::{Channel, PingPong};
use labkit::claim::{Claim, Quantity, show};
use labkit::measure::quantile;
use labkit::plot::{Axis, LinePlot, Series};
use labkit::python::{Script, record_ratio};
use labkit::report::{Csv, Table, duration};
use labkit::{LabContext, Stats};
use serde::Deserialize;
use std::time::{Duration, Instant};

/// Points of each distribution drawn and saved: quantiles 1/(n+1) .. n/(n+1).
const GRID: usize = 99;

/// What `python/pingpong.py` prints.
#[derive(Deserialize)]
struct PythonRun {
    /// The start method (fork on Linux before 3.14).
    start_method: String,
    /// `Pipe()`: on Unix a socket pair.
    duplex: PythonTrips,
    /// Two `Pipe(duplex=False)`: each an `os.pipe()`.
    simplex: PythonTrips,
}

/// One Python channel's round trips.
#[derive(Deserialize)]
struct PythonTrips {
    /// Round-trip quantiles on the grid, seconds.
    quantiles: Vec<f64>,
    /// Median and 99th percentile, seconds.
    median: f64,
    p99: f64,
    /// Mean round trip of each batch, seconds.
    batch_means: Vec<f64>,
    /// Median round trip of each batch, seconds.
    batch_medians: Vec<f64>,
}

/// One channel's measurements.
struct Measured {
    name: String,
    key: String,
    /// Mean seconds per round trip, back to back, over the calibrated samples.
    means: Stats,
    /// Median round trip of each batch of the one-by-one trips, seconds:
    /// what the claims compare.
    stats: Stats,
    /// Quantiles on the grid, seconds.
    quantiles: Vec<f64>,
    median: f64,
    p99: f64,
    /// Child CPU seconds per round trip (not measured for Python).
    cpu_per_trip: Option<f64>,
    /// Share of a core the child used while no message came (not for Python).
    idle_share: Option<f64>,
}

/// Measures every channel and Python's, prints, saves `latency.csv` and `latency.svg`.
pub fn run(ctx: &mut LabContext, settings: &Settings) -> anyhow::Result<()> {
    let mut all = Vec::new();
    let idle = Duration::from_millis(if ctx.quick { 200 } else { 500 });
    for channel in Channel::ALL {
        all.push(measure(ctx, channel, settings.rounds, idle)?);
    }
    let python = settings.python.run::<PythonRun>(
        &Script::new(ctx.lab, "pingpong.py")
            .args([settings.rounds.to_string(), ctx.repeat.to_string(), GRID.to_string()])
            .deadline(Duration::from_secs(60)),
    );
    match python {
        Ok(run) => {
            for (kind, key, trips) in [
                ("Pipe(), a socket pair", "python", run.duplex),
                ("Pipe(duplex=False), os.pipe", "python-simplex", run.simplex),
            ] {
                all.push(Measured {
                    name: format!("Python {kind} ({})", run.start_method),
                    key: key.into(),
                    means: Stats::of(&trips.batch_means)
                        .ok_or_else(|| anyhow::anyhow!("no Python batches"))?,
                    stats: Stats::of(&trips.batch_medians)
                        .ok_or_else(|| anyhow::anyhow!("no Python batches"))?,
                    quantiles: trips.quantiles,
                    median: trips.median,
                    p99: trips.p99,
                    cpu_per_trip: None,
                    idle_share: None,
                });
            }
        }
        Err(skipped) => skipped.print(),
    }
    report(ctx, &all)
}

/// Forks the channel's child and measures round trips to it.
/// Then leaves it `idle` without messages and measures the CPU it burns meanwhile.
fn measure(
    ctx: &LabContext,
    channel: Channel,
    rounds: usize,
    idle: Duration,
) -> anyhow::Result<Measured> {
    let mut pp = PingPong::start(channel)?;
    let mut failed = None;
    let cpu0 = pp.child_cpu_seconds()?;
    let mut trips_done = 0u64;
    let per_unit = ctx.sample_units(|n| {
        for _ in 0..n {
            if let Err(e) = pp.round_trip() {
                failed.get_or_insert(e);
            }
        }
        trips_done += n;
    });
    let mut trips = Vec::with_capacity(rounds);
    for _ in 0..rounds {
        let t0 = Instant::now();
        pp.round_trip()?;
        trips.push(t0.elapsed().as_secs_f64());
    }
    trips_done += rounds as u64;
    let cpu = pp.child_cpu_seconds()? - cpu0;
    // Idle: no message for a while. A blocking child sleeps; a polling one spins.
    std::thread::sleep(idle);
    let idle_share = (pp.child_cpu_seconds()? - cpu0 - cpu) / idle.as_secs_f64();
    pp.stop()?;
    if let Some(e) = failed {
        return Err(e.into());
    }
    let batch = rounds.div_ceil(ctx.repeat.max(1) as usize);
    let batch_medians: Vec<f64> = trips
        .chunks(batch)
        .map(|b| {
            let mut b = b.to_vec();
            b.sort_by(f64::total_cmp);
            quantile(&b, 0.5)
        })
        .collect();
    trips.sort_by(f64::total_cmp);
    Ok(Measured {
        name: channel.name().into(),
        key: channel.key().into(),
        means: per_unit.per_unit(),
        stats: Stats::of(&batch_medians).ok_or_else(|| anyhow::anyhow!("no round trips"))?,
        quantiles: (1..=GRID).map(|i| quantile(&trips, i as f64 / (GRID + 1) as f64)).collect(),
        median: quantile(&trips, 0.5),
        p99: quantile(&trips, 0.99),
        cpu_per_trip: Some(cpu / trips_done as f64),
        idle_share: Some(idle_share),
    })
}

fn secs(s: f64) -> String {
    duration(Duration::from_secs_f64(s))
}

/// The table, CSV, figure, results and claims.
fn report(ctx: &mut LabContext, all: &[Measured]) -> anyhow::Result<()> {
    let mut table = Table::new(
        "Round trip of one byte to a child process",
        &[
            "channel",
            "mean (back to back)",
            "median (one by one)",
            "batch medians",
            "p99",
            "child CPU per trip",
            "child CPU idle",
        ],
    );
    let mut csv = Csv::new(&["channel", "quantile", "seconds"]);
    let mut plot = LinePlot::new("Round trip to a child process: the distribution")
        .x(Axis::log("round trip (µs)"))
        .y(Axis::linear("share of round trips at most this long").range(0.0, 1.0));
    for m in all {
        table.row([
            m.name.clone(),
            secs(m.means.median),
            secs(m.median),
            format!("{} to {}", secs(m.stats.min), secs(m.stats.max)),
            secs(m.p99),
            m.cpu_per_trip.map_or("-".into(), secs),
            m.idle_share.map_or("-".into(), |s| format!("{:.0} % of a core", s * 100.0)),
        ]);
        let points: Vec<(f64, f64)> = m
            .quantiles
            .iter()
            .enumerate()
            .map(|(i, &s)| (s * 1e6, (i + 1) as f64 / (GRID + 1) as f64))
            .collect();
        for (i, &s) in m.quantiles.iter().enumerate() {
            csv.row(&[&m.name, &((i + 1) as f64 / (GRID + 1) as f64), &s]);
        }
        plot = plot.series(Series::line(&m.name, points));
        ctx.record_result(
            &format!("rtt-{}-median", m.key),
            secs(m.median),
            &format!("round trip, median: {}", m.name),
        );
        ctx.record_result(
            &format!("rtt-{}-p99", m.key),
            secs(m.p99),
            &format!("round trip, p99: {}", m.name),
        );
        if let Some(cpu) = m.cpu_per_trip {
            ctx.record_result(
                &format!("cpu-{}", m.key),
                secs(cpu),
                &format!("child CPU per round trip: {}", m.name),
            );
        }
        if let Some(share) = m.idle_share {
            ctx.record_result(
                &format!("idle-{}", m.key),
                format!("{:.0} %", share * 100.0),
                &format!("child CPU while idle, share of a core: {}", m.name),
            );
        }
    }
    table.print();
    println!();
    ctx.save_csv("latency", "round-trip quantiles per channel", &csv)?;
    ctx.save_figure(
        "latency",
        &plot,
        "share of round trips (y) at most as long as x, per channel; each line is one run's round trips timed one by one",
        &["latency"],
    )?;

    let q = |key: &str| {
        all.iter()
            .find(|m| m.key == key)
            .map(|m| Quantity::new(format!("{} round trip", m.name), m.stats, show::seconds))
    };
    let (pipe, socket, futex, busy) =
        (q("pipe").unwrap(), q("socket").unwrap(), q("futex").unwrap(), q("busy-poll").unwrap());
    ctx.claim(
        "futex-fastest",
        Claim::smallest("the shared futex gives the shortest blocking round trip", &futex, &[pipe.clone(), socket.clone()])
            .if_not("all three blocking channels pay for the same two sleeps and wake-ups per round trip; what differs is only the bookkeeping around them, which a busy or virtual machine can hide"),
    );
    let idle = |key: &str| {
        all.iter().find(|m| m.key == key).and_then(|m| m.idle_share).unwrap_or(f64::NAN)
    };
    let (busy_idle, pipe_idle) = (idle("busy-poll"), idle("pipe"));
    ctx.claim(
        "busy-poll-burns",
        Claim::fact(
            "while no message comes, the busy-polling child burns over a tenth of a core, more than ten times what the blocking one burns",
            busy_idle > 0.1 && pipe_idle * 10.0 < busy_idle,
            format!("busy poll {:.0} % of a core, blocking read {:.0} %", busy_idle * 100.0, pipe_idle * 100.0),
        )
        .if_not("a spinning child can only burn the CPU time the scheduler gives it; on a machine busy with other work it gets less than a core"),
    );
    ctx.claim(
        "busy-poll-vs-blocking",
        Claim::less("the busy poll answers sooner than a blocking read", &busy, &pipe)
            .if_not("a spinning child answers without being woken, but only while it has a core of its own; with the cores shared with the parent and other work, it also steals time from them"),
    );
    // Like for like: Python's Pipe() is a socket pair, Pipe(duplex=False) a pipe.
    if let (Some(py), Some(py_simplex)) = (q("python"), q("python-simplex")) {
        // The ratios of the medians in the page's table.
        let median = |key: &str| all.iter().find(|m| m.key == key).map_or(f64::NAN, |m| m.median);
        record_ratio(
            ctx,
            "python-ratio",
            median("socket"),
            median("python"),
            "Python's Pipe() round trip against Rust's socket pair",
        );
        record_ratio(
            ctx,
            "python-simplex-ratio",
            median("pipe"),
            median("python-simplex"),
            "Python's Pipe(duplex=False) round trip against Rust's pipe",
        );
        ctx.claim(
            "python-slower",
            Claim::all(
                "each of Python's two Pipe kinds takes at least twice as long per round trip as the same channel from Rust",
                vec![
                    Claim::ratio_at_least("Pipe() against the socket pair", &py, &socket, 2.0),
                    Claim::ratio_at_least("Pipe(duplex=False) against the pipe", &py_simplex, &pipe, 2.0),
                ],
            )
            .if_not("both pay for the same system calls and wake-ups; Python adds pickling and its interpreter loop, which matter less when wake-ups are slow"),
        );
        ctx.claim(
            "python-duplex-slower",
            Claim::greater("Python's default Pipe() (a socket pair) is slower per round trip than Pipe(duplex=False) (two pipes)", &py, &py_simplex)
                .if_not("a socket pair and a pipe cost about the same in the kernel; Python's extra work per message is the same for both"),
        );
    }
    Ok(())
}
