//! Experiment 2: throughput against permits, for a service that queues and
//! one that degrades past its capacity.
//!
//! `clients` threads send requests back to back through a semaphore of `k`
//! permits ([`closed_loop`]), for each `k` and each kind of service. The
//! service model predicts `min(k, C)/T` for the queueing service, less for
//! the degrading one past `C`; the figure puts the measurements on it. Each
//! point is the median of several runs; latencies are kept for [`super::latency`].

use super::Settings;
use crate::load::{Window, closed_loop, mean};
use crate::semaphore::Semaphore;
use crate::service::{Kind, Service, Spec};
use labkit::measure::quantile;
use labkit::report::{Csv, Table};
use labkit::{LabContext, Stats, progress};
use std::time::Duration;

mod claims;
mod figure;

/// One measured point: a service, a permit count, the median over runs.
pub struct Point {
    /// Which service.
    pub kind: Kind,
    /// Permits.
    pub k: usize,
    /// Requests per second, over the runs.
    pub throughput: Stats,
    /// Seconds waiting for a permit: (median, 99th percentile).
    pub waiting: (f64, f64),
    /// Seconds in service: (median, 99th percentile).
    pub in_service: (f64, f64),
    /// Seconds in all: (median, 99th percentile).
    pub total: (f64, f64),
    /// Mean seconds in all, for Little's law.
    pub mean_total: f64,
}

/// Measures every kind and permit count; prints, saves `throughput.csv` and
/// `throughput.svg`, and returns the points for the latency figures.
pub fn run(ctx: &mut LabContext, s: &Settings) -> anyhow::Result<Vec<Point>> {
    let kinds = [Kind::Queueing, Kind::Degrading];
    let bar = progress::bar((kinds.len() * s.permits.len()) as u64, "throughput vs permits");
    let mut csv = Csv::new(&[
        "service",
        "permits",
        "run",
        "requests_per_second",
        "wait_p50_s",
        "wait_p99_s",
        "service_p50_s",
        "service_p99_s",
        "total_p50_s",
        "total_p99_s",
        "total_mean_s",
    ]);
    // A run lasts about two rounds of every client; refuse settings that
    // would make one take minutes (a heavily overloaded degrading service).
    for (kind, &k) in kinds.iter().flat_map(|&kind| s.permits.iter().map(move |k| (kind, k))) {
        let round = spec(s, kind).round(s.clients, k);
        anyhow::ensure!(
            round <= Duration::from_secs(10),
            "with {k} permits the {} service would take {:.0} s to serve each client once; \
             lower --overload, --clients or --service-ms, or leave out that --permits value",
            kind.name(),
            round.as_secs_f64()
        );
    }
    let mut points = Vec::new();
    for kind in kinds {
        let spec = spec(s, kind);
        for &k in &s.permits {
            let runs: Vec<Window> = (0..ctx.repeat).map(|_| one_run(ctx, s, &spec, k)).collect();
            for (i, w) in runs.iter().enumerate() {
                let q = |v: &[f64], p| quantile(v, p);
                csv.row(&[
                    &kind.name(),
                    &k,
                    &i,
                    &w.throughput,
                    &q(&w.waiting, 0.5),
                    &q(&w.waiting, 0.99),
                    &q(&w.in_service, 0.5),
                    &q(&w.in_service, 0.99),
                    &q(&w.total, 0.5),
                    &q(&w.total, 0.99),
                    &mean(&w.total),
                ]);
            }
            points.push(summarise(kind, k, &runs));
            bar.inc(1);
        }
    }
    bar.finish_and_clear();

    let mut table = Table::new(
        format!(
            "{} clients, a service of capacity C = {} taking T = {:.1} ms",
            s.clients,
            s.capacity,
            s.service_time.as_secs_f64() * 1e3
        ),
        &[
            "service",
            "permits k",
            "requests/s",
            "model",
            "wait p50 (ms)",
            "in service p50 (ms)",
            "total p99 (ms)",
        ],
    );
    for p in &points {
        table.row([
            p.kind.name().to_string(),
            p.k.to_string(),
            format!("{:.0}", p.throughput.median),
            format!("{:.0}", spec(s, p.kind).throughput(p.k.min(s.clients))),
            format!("{:.2}", p.waiting.0 * 1e3),
            format!("{:.2}", p.in_service.0 * 1e3),
            format!("{:.1}", p.total.1 * 1e3),
        ]);
    }
    table.print();
    ctx.save_csv("throughput", "requests/s and latencies per service, permit count and run", &csv)?;
    figure::draw(ctx, s, &points)?;
    figure::results(ctx, s, &points);
    claims::record(ctx, s, &points);
    Ok(points)
}

/// The service of this kind that the settings describe.
pub(crate) fn spec(s: &Settings, kind: Kind) -> Spec {
    Spec { kind, capacity: s.capacity, service_time: s.service_time, overload: s.overload }
}

// ANCHOR: one_run
/// One run at `k` permits: long enough for every client to be served about
/// once before the window opens (the start-up is skipped), then the window.
fn one_run(ctx: &LabContext, s: &Settings, spec: &Spec, k: usize) -> Window {
    let round = spec.round(s.clients, k);
    let skip = round + Duration::from_millis(5);
    let length = round.max(Duration::from_millis(if ctx.quick { 80 } else { 150 }));
    let service = Service::new(*spec);
    let permits = Semaphore::new(k);
    closed_loop(&service, &permits, s.clients, skip + length).window(skip, length)
}
// ANCHOR_END: one_run

/// The median over runs of each number.
fn summarise(kind: Kind, k: usize, runs: &[Window]) -> Point {
    let median = |f: &dyn Fn(&Window) -> f64| {
        Stats::of(&runs.iter().map(f).collect::<Vec<_>>()).map_or(f64::NAN, |s| s.median)
    };
    let pair = |f: fn(&Window) -> &Vec<f64>| {
        (median(&|w| quantile(f(w), 0.5)), median(&|w| quantile(f(w), 0.99)))
    };
    Point {
        kind,
        k,
        throughput: Stats::of(&runs.iter().map(|w| w.throughput).collect::<Vec<_>>())
            .expect("at least one run"),
        waiting: pair(|w| &w.waiting),
        in_service: pair(|w| &w.in_service),
        total: pair(|w| &w.total),
        mean_total: median(&|w| mean(&w.total)),
    }
}
