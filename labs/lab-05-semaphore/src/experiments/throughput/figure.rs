//! The throughput figure, and the numbers the chapter quotes about it: the
//! knee of the queueing service, the best permit count of the degrading one.

use super::{Point, spec};
use crate::experiments::Settings;
use crate::service::Kind;
use labkit::LabContext;
use labkit::plot::{Axis, LinePlot, Series};

/// `throughput.svg`: both services, measured and modelled, and the capacity.
pub(super) fn draw(ctx: &mut LabContext, s: &Settings, points: &[Point]) -> anyhow::Result<()> {
    // Headroom above the data, where the legend goes.
    let top = points.iter().map(|p| p.throughput.max).fold(0.0, f64::max) * 1.5;
    let ks: Vec<usize> = s.permits.clone();
    let mut plot = LinePlot::new("Throughput against permits")
        .x(Axis::linear("permits k (requests let through at once)"))
        .y(Axis::linear("throughput (requests/s)").range(0.0, top.max(1.0)));
    for (i, kind) in [Kind::Queueing, Kind::Degrading].into_iter().enumerate() {
        let measured = points.iter().filter(|p| p.kind == kind).map(|p| (p.k as f64, p.throughput));
        let spec = spec(s, kind);
        let model = ks.iter().map(|&k| (k as f64, spec.throughput(k.min(s.clients)))).collect();
        plot = plot
            .series(
                Series::measured(format!("{} service (measured)", kind.name()), measured).colour(i),
            )
            .series(
                Series::line(format!("{} service (model)", kind.name()), model).dashed().colour(i),
            );
    }
    let c = s.capacity as f64;
    plot = plot.series(
        Series::line(format!("capacity C = {}", s.capacity), vec![(c, 0.0), (c, top)])
            .dashed()
            .colour((150, 150, 150)),
    );
    ctx.save_figure(
        "throughput",
        &plot,
        &format!(
            "{} clients; medians of {} runs, bars from lowest to highest run; C = {}, T = {:.1} ms, overload {:.0} %",
            s.clients,
            ctx.repeat,
            s.capacity,
            s.service_time.as_secs_f64() * 1e3,
            s.overload * 100.0
        ),
        &["throughput"],
    )?;
    Ok(())
}

/// The numbers the chapter quotes about throughput.
pub(super) fn results(ctx: &mut LabContext, s: &Settings, points: &[Point]) {
    let per_s = |x: f64| format!("{x:.0} requests/s");
    let of = |kind: Kind| points.iter().filter(move |p| p.kind == kind);
    let queueing_best = of(Kind::Queueing).map(|p| p.throughput.median).fold(0.0, f64::max);
    // The knee: the fewest permits that reach 90 % of the best throughput.
    if let Some(knee) = of(Kind::Queueing).find(|p| p.throughput.median >= 0.9 * queueing_best) {
        ctx.record_result(
            "knee-k",
            knee.k.to_string(),
            "fewest permits reaching 90 % of the best, queueing service",
        );
        ctx.record_result(
            "knee-throughput",
            per_s(knee.throughput.median),
            "throughput at the knee, queueing service",
        );
    }
    ctx.record_result("queueing-best", per_s(queueing_best), "best throughput, queueing service");
    if let Some(at_c) = of(Kind::Queueing).find(|p| p.k == s.capacity) {
        let share = at_c.throughput.median / queueing_best;
        ctx.record_result(
            "queueing-at-cap",
            per_s(at_c.throughput.median),
            "throughput at k = C, queueing service",
        );
        ctx.record_result(
            "queueing-cap-share",
            format!("{:.0} %", share * 100.0),
            "throughput at k = C / the best, queueing service",
        );
    }
    let model = spec(s, Kind::Queueing).throughput(s.capacity);
    ctx.record_result("model-best", per_s(model), "the model's ceiling C/T");
    if let Some(p) = of(Kind::Queueing).next() {
        ctx.record_result("queueing-first-k", p.k.to_string(), "fewest permits measured");
        ctx.record_result(
            "queueing-first",
            per_s(p.throughput.median),
            "throughput with the fewest permits, queueing service",
        );
    }
    if let Some(best) =
        of(Kind::Degrading).max_by(|a, b| a.throughput.median.total_cmp(&b.throughput.median))
    {
        ctx.record_result(
            "degrading-best-k",
            best.k.to_string(),
            "permits giving the best throughput, degrading service",
        );
        ctx.record_result(
            "degrading-best",
            per_s(best.throughput.median),
            "best throughput, degrading service",
        );
    }
    if let Some(last) = of(Kind::Degrading).next_back() {
        ctx.record_result("last-k", last.k.to_string(), "most permits measured");
        ctx.record_result(
            "degrading-last",
            per_s(last.throughput.median),
            "throughput with the most permits, degrading service",
        );
    }
    ctx.record_result("clients", s.clients.to_string(), "client threads");
    ctx.record_result("capacity", s.capacity.to_string(), "the service's capacity C");
    ctx.record_result(
        "service-ms",
        format!("{:.1} ms", s.service_time.as_secs_f64() * 1e3),
        "the service's time per request T",
    );
    ctx.record_result(
        "overload",
        format!("{:.0} %", s.overload * 100.0),
        "extra time per request past capacity, degrading service",
    );
}
