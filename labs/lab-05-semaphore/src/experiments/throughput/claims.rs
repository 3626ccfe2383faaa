//! What the chapter says about the throughput figure, checked against the
//! run: both services climb up to the capacity, the queueing one keeps its
//! ceiling beyond it, and the degrading one falls after its best.

use super::Point;
use crate::experiments::Settings;
use crate::service::Kind;
use labkit::LabContext;
use labkit::claim::{Claim, Quantity, show};

/// Records the throughput figure's claims.
pub(super) fn record(ctx: &mut LabContext, s: &Settings, points: &[Point]) {
    let q = |p: &Point| {
        Quantity::new(format!("{} at k = {}", p.kind.name(), p.k), p.throughput, show::rate)
    };
    let of = |kind: Kind| points.iter().filter(move |p| p.kind == kind).collect::<Vec<_>>();
    let climbs = [Kind::Queueing, Kind::Degrading].map(|kind| {
        let curve: Vec<Quantity> =
            of(kind).into_iter().filter(|p| p.k <= s.capacity).map(q).collect();
        Claim::rises(format!("the {} service climbs", kind.name()), &curve)
    });
    ctx.claim(
        "climbs-to-capacity",
        Claim::all(
            "both services' throughput climbs with the permits up to the capacity",
            climbs.into(),
        ),
    );
    let queueing = of(Kind::Queueing);
    let best = queueing.iter().max_by(|a, b| a.throughput.median.total_cmp(&b.throughput.median));
    if let (Some(best), Some(last)) = (best, queueing.last()) {
        ctx.claim(
            "queueing-keeps-ceiling",
            Claim::ratio_at_least(
                "with every client holding a permit, the queueing service keeps at least 90 % of its best throughput",
                &q(last),
                &q(best),
                0.9,
            ),
        );
    }
    let degrading = of(Kind::Degrading);
    let best = degrading
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.throughput.median.total_cmp(&b.1.throughput.median))
        .map(|(i, _)| i);
    if let Some(i) = best.filter(|&i| i + 1 < degrading.len()) {
        let tail: Vec<Quantity> = degrading[i..].iter().map(|p| q(p)).collect();
        ctx.claim(
            "degrading-falls",
            Claim::falls(
                "past its best permit count, the degrading service's throughput falls with every permit added",
                &tail,
            ),
        );
    } else {
        ctx.claim(
            "degrading-falls",
            Claim::fact(
                "past its best permit count, the degrading service's throughput falls with every permit added",
                false,
                "its best was at the largest permit count measured",
            ),
        );
    }
}
