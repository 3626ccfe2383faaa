//! Experiment 1: how long a graceful shutdown takes.
//!
//! The service of [`crate::service`] runs with its threads idling in one of
//! three ways, for idle periods from 1 to 20 ms. After a random stretch of
//! one to two periods (so the stop lands at a random point of a period), the
//! main thread sets the event and joins every thread; the time from `set`
//! to the last join is the shutdown time. Every run is checked: all threads
//! joined, and the rows and heartbeats in the shared resource are exactly
//! those the threads report writing.

use super::{Settings, watched};
use crate::service::{Idle, Service};
use labkit::claim::{Claim, Quantity, show};
use labkit::measure::{Samples, Stats};
use labkit::plot::{Axis, LinePlot, Series};
use labkit::report::{Csv, Table, duration};
use labkit::timeline::Timeline;
use labkit::{LabContext, progress};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::time::Duration;

/// The ways of idling compared: the mode, its name, its short name.
pub const MODES: [(Idle, &str, &str); 3] = [
    (Idle::Sleep, "sleep, then check the event", "sleep"),
    (Idle::Wait, "wait on the event with a timeout", "wait"),
    (Idle::Busy, "busy units, event checked between", "busy"),
];

/// The idle period the chapter quotes results for.
const QUOTED_PERIOD_MS: u64 = 10;

/// One shutdown: start the service, let it run for one to two periods,
/// stop it. Returns the shutdown time, or an error if the stop was unclean.
fn one_shutdown(
    workers: usize,
    idle: Idle,
    period: Duration,
    busy_iterations: u64,
    settle: Duration,
) -> anyhow::Result<Duration> {
    let service = Service::start(workers, idle, period, busy_iterations, &Timeline::new());
    std::thread::sleep(settle);
    let stopped = service.stop();
    anyhow::ensure!(stopped.is_clean(workers), "an unclean stop: {stopped:?}");
    Ok(stopped.shutdown)
}

/// Measures, prints, and saves `shutdown.csv` and `shutdown.svg`.
pub fn run(ctx: &mut LabContext, s: &Settings) -> anyhow::Result<()> {
    let periods_ms: &[u64] = if ctx.quick { &[2, QUOTED_PERIOD_MS] } else { &[1, 2, 5, 10, 20] };
    let mut rng = StdRng::seed_from_u64(ctx.seed);
    let mut csv = Csv::new(&["mode", "period_ms", "run", "shutdown_seconds"]);
    let bar = progress::bar((MODES.len() * periods_ms.len()) as u64, "shutdown times");
    let mut medians: Vec<Vec<(f64, Stats)>> = vec![Vec::new(); MODES.len()];
    let mut clean_runs = 0;
    for (m, &(idle, name, _)) in MODES.iter().enumerate() {
        for &ms in periods_ms {
            let period = Duration::from_millis(ms);
            let busy = s.cal.iterations_for(period);
            // One extra run first, untimed, as the kit's `sample` does.
            let settles: Vec<Duration> =
                (0..=ctx.repeat).map(|_| period.mul_f64(1.0 + rng.random::<f64>())).collect();
            let workers = s.workers;
            let times = watched(
                &format!("shutdown runs: {name}, {ms} ms"),
                Duration::from_secs(30),
                move || -> anyhow::Result<Vec<Duration>> {
                    settles
                        .into_iter()
                        .map(|settle| one_shutdown(workers, idle, period, busy, settle))
                        .collect()
                },
            )??;
            let samples = Samples(times[1..].to_vec());
            clean_runs += times.len();
            for (i, seconds) in samples.seconds() {
                csv.row(&[&name, &ms, &i, &seconds]);
            }
            medians[m].push((ms as f64, samples.stats().map(|x| x * 1e3)));
            bar.inc(1);
        }
    }
    bar.finish_and_clear();

    let mut headers = vec!["idle period"];
    headers.extend(MODES.iter().map(|m| m.1));
    let mut table = Table::new(
        format!(
            "Shutdown time, from set() to the last of {} threads joined (median of {} runs)",
            s.workers + 1,
            ctx.repeat
        ),
        &headers,
    );
    for (p, &ms) in periods_ms.iter().enumerate() {
        let mut row = vec![format!("{ms} ms")];
        row.extend(medians.iter().map(|m| duration(Duration::from_secs_f64(m[p].1.median / 1e3))));
        table.row(row);
    }
    table.print();
    println!(
        "every run stopped cleanly: {clean_runs} runs, all threads joined, no row or heartbeat lost\n"
    );
    ctx.save_csv("shutdown", "shutdown time per way of idling, idle period and run", &csv)?;

    let (lo, hi) = (periods_ms[0] as f64, *periods_ms.last().expect("a period") as f64);
    let mut plot = LinePlot::new("Time from set() to the last thread joined")
        .x(Axis::log("idle period, or unit of work (ms)"))
        .y(Axis::log("shutdown time (ms)"))
        .series(Series::line("one whole period", vec![(lo, lo), (hi, hi)]).dashed())
        .series(Series::line("half a period", vec![(lo, lo / 2.0), (hi, hi / 2.0)]).dashed());
    for ((_, name, _), points) in MODES.iter().zip(&medians) {
        plot = plot.series(Series::measured(*name, points.iter().copied()));
    }
    ctx.save_figure(
        "shutdown",
        &plot,
        &format!(
            "{} workers and a heartbeat; medians of {} runs, bars from fastest to slowest",
            s.workers, ctx.repeat
        ),
        &["shutdown"],
    )?;

    let quoted = periods_ms.iter().position(|&p| p == QUOTED_PERIOD_MS).expect("10 ms is measured");
    for ((_, name, key), points) in MODES.iter().zip(&medians) {
        ctx.record_result(
            &format!("shutdown-{key}"),
            duration(Duration::from_secs_f64(points[quoted].1.median / 1e3)),
            &format!("shutdown time, {name}, {QUOTED_PERIOD_MS} ms period"),
        );
    }
    let ratio = medians[0][quoted].1.median / medians[1][quoted].1.median;
    ctx.record_result(
        "shutdown-sleep-over-wait",
        if ratio < 10.0 { format!("{ratio:.1}×") } else { format!("{ratio:.0}×") },
        "shutdown: the sleeping threads' stop over the waiting threads' stop",
    );
    let q = |m: usize| {
        let stats = medians[m][quoted].1.map(|ms| ms * 1e-3);
        Quantity::new(format!("{}, {QUOTED_PERIOD_MS} ms period", MODES[m].1), stats, show::seconds)
    };
    ctx.claim(
        "shutdown-wait-faster",
        Claim::less(
            "threads that wait on the event stop sooner than threads that sleep and then check it",
            &q(1),
            &q(0),
        ),
    );
    let unit = Quantity::exact(
        format!("one unit of work, nominally {QUOTED_PERIOD_MS} ms"),
        QUOTED_PERIOD_MS as f64 * 1e-3,
        show::seconds,
    );
    ctx.claim(
        "busy-stop-over-unit",
        Claim::greater(
            format!(
                "with {} busy workers on {} logical cores, the busy workers' stop took longer than one nominal unit of work",
                s.workers,
                ctx.machine.logical_cores
            ),
            &q(2),
            &unit,
        )
        .if_not("a stop waits only for the unit each thread is in when set() comes, which may be partly done; taking turns on the cores stretches a unit, but not always past its nominal length"),
    );
    ctx.record_result(
        "shutdown-period",
        format!("{QUOTED_PERIOD_MS} ms"),
        "shutdown: the idle period the results are quoted for",
    );
    ctx.record_result(
        "shutdown-threads",
        format!("{} workers and a heartbeat", s.workers),
        "shutdown: the threads stopped",
    );
    ctx.record_result(
        "shutdown-clean-runs",
        clean_runs.to_string(),
        "shutdown: runs checked clean (all joined, nothing lost)",
    );
    Ok(())
}
