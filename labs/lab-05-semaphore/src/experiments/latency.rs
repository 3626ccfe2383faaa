//! Experiment 3: where a request's time goes, from the runs of
//! [`super::throughput`]: waiting for a permit, or in service.
//!
//! With a fixed number of clients sending back to back, Little's law ties
//! the two figures together: clients = throughput × mean latency. So
//! latency cannot fall unless throughput rises; what the permits change is
//! *where* requests wait: in front of the semaphore, or inside the service.

use super::Settings;
use super::throughput::Point;
use crate::service::Kind;
use labkit::LabContext;
use labkit::claim::{Claim, Quantity, show};
use labkit::plot::{Axis, LinePlot, Series};

/// Saves `latency-queueing.svg` and `latency-degrading.svg` and records the
/// numbers the chapter quotes.
pub fn run(ctx: &mut LabContext, s: &Settings, points: &[Point]) -> anyhow::Result<()> {
    for kind in [Kind::Queueing, Kind::Degrading] {
        let of: Vec<&Point> = points.iter().filter(|p| p.kind == kind).collect();
        let line = |f: &dyn Fn(&Point) -> f64| -> Vec<(f64, f64)> {
            of.iter().map(|p| (p.k as f64, f(p) * 1e3)).collect()
        };
        let plot = LinePlot::new(format!("Where the time goes: the {} service", kind.name()))
            .x(Axis::linear("permits k"))
            .y(Axis::linear("latency per request (ms)"))
            .series(Series::line_points("total, 99th percentile", line(&|p| p.total.1)))
            .series(Series::line_points("total, median", line(&|p| p.total.0)))
            .series(Series::line_points("waiting for a permit, median", line(&|p| p.waiting.0)))
            .series(Series::line_points("in service, median", line(&|p| p.in_service.0)));
        ctx.save_figure(
            &format!("latency-{}", kind.name()),
            &plot,
            &format!(
                "{} clients, C = {}; medians over {} runs of each run's percentiles",
                s.clients, s.capacity, ctx.repeat
            ),
            &["throughput"],
        )?;
    }
    results(ctx, s, points);
    claims(ctx, s, points);
    Ok(())
}

/// The latency figures' reading, checked on this run's medians: past the
/// capacity the queueing service's wait moves from the permits into the
/// service, and the degrading service's total grows.
fn claims(ctx: &mut LabContext, s: &Settings, points: &[Point]) {
    let at = |kind: Kind, k: usize| points.iter().find(|p| p.kind == kind && p.k == k);
    let last = |kind: Kind| points.iter().rfind(|p| p.kind == kind);
    let ms = |x: f64| format!("{:.1} ms", x * 1e3);
    if let (Some(cap), Some(end)) = (at(Kind::Queueing, s.capacity), last(Kind::Queueing)) {
        ctx.claim(
            "queue-moves-into-service",
            Claim::fact(
                "with the most permits, a request of the queueing service waits less for a permit and longer in service than at k = C",
                end.waiting.0 < cap.waiting.0 && end.in_service.0 > cap.in_service.0,
                format!(
                    "wait {} → {}, in service {} → {} (medians)",
                    ms(cap.waiting.0),
                    ms(end.waiting.0),
                    ms(cap.in_service.0),
                    ms(end.in_service.0)
                ),
            ),
        );
    }
    let up_to_knee: Vec<Quantity> = points
        .iter()
        .filter(|p| p.kind == Kind::Queueing && p.k <= s.capacity)
        .map(|p| Quantity::exact(format!("k = {}", p.k), p.total.0, show::seconds))
        .collect();
    ctx.claim(
        "queueing-total-falls",
        Claim::falls(
            "up to k = C, the queueing service's median latency falls with every permit added",
            &up_to_knee,
        )
        .if_not("each run's median is a single number here, with no spread to absorb noise, so a step that the scheduler slowed a little counts against the trend"),
    );
    if let (Some(cap), Some(end)) = (at(Kind::Degrading, s.capacity), last(Kind::Degrading)) {
        ctx.claim(
            "degrading-latency-rises",
            Claim::fact(
                "the degrading service's median latency is longer with the most permits than at k = C",
                end.total.0 > cap.total.0,
                format!("{} → {}", ms(cap.total.0), ms(end.total.0)),
            ),
        );
    }
}

/// The latencies the chapter quotes, and Little's law checked.
fn results(ctx: &mut LabContext, s: &Settings, points: &[Point]) {
    let ms = |x: f64| format!("{:.1} ms", x * 1e3);
    let at = |kind: Kind, k: usize| points.iter().find(|p| p.kind == kind && p.k == k);
    let last = |kind: Kind| points.iter().rfind(|p| p.kind == kind);
    let first = |kind: Kind| points.iter().find(|p| p.kind == kind);
    if let Some(p) = first(Kind::Queueing) {
        ctx.record_result(
            "queueing-total-first",
            ms(p.total.0),
            "median latency, fewest permits, queueing",
        );
        ctx.record_result(
            "queueing-wait-first",
            ms(p.waiting.0),
            "median wait for a permit, fewest permits, queueing",
        );
        ctx.record_result(
            "queueing-wait-p99-first",
            ms(p.waiting.1),
            "99th percentile wait for a permit, fewest permits, queueing",
        );
    }
    if let Some(p) = at(Kind::Queueing, s.capacity) {
        ctx.record_result("queueing-total-cap", ms(p.total.0), "median latency at k = C, queueing");
        ctx.record_result(
            "queueing-wait-cap",
            ms(p.waiting.0),
            "median wait for a permit at k = C, queueing",
        );
        ctx.record_result(
            "queueing-service-cap",
            ms(p.in_service.0),
            "median time in service at k = C, queueing",
        );
        let predicted = s.clients as f64 / p.throughput.median;
        ctx.record_result(
            "little-predicted",
            ms(predicted),
            "Little's law at k = C: clients / throughput",
        );
        ctx.record_result("little-measured", ms(p.mean_total), "measured mean latency at k = C");
    }
    if let Some(p) = last(Kind::Queueing) {
        ctx.record_result(
            "queueing-total-last",
            ms(p.total.0),
            "median latency, most permits, queueing",
        );
        ctx.record_result(
            "queueing-wait-last",
            ms(p.waiting.0),
            "median wait for a permit, most permits, queueing",
        );
        ctx.record_result(
            "queueing-service-last",
            ms(p.in_service.0),
            "median time in service, most permits, queueing",
        );
    }
    if let Some(p) = at(Kind::Degrading, s.capacity) {
        ctx.record_result(
            "degrading-total-cap",
            ms(p.total.0),
            "median latency at k = C, degrading",
        );
        ctx.record_result(
            "degrading-p99-cap",
            ms(p.total.1),
            "99th percentile latency at k = C, degrading",
        );
    }
    if let Some(p) = last(Kind::Degrading) {
        ctx.record_result(
            "degrading-total-last",
            ms(p.total.0),
            "median latency, most permits, degrading",
        );
        ctx.record_result(
            "degrading-p99-last",
            ms(p.total.1),
            "99th percentile latency, most permits, degrading",
        );
        ctx.record_result(
            "degrading-service-last",
            ms(p.in_service.0),
            "median time in service, most permits, degrading",
        );
    }
}
