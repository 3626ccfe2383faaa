//! Experiment 3: hand-off latency.
//!
//! One item bounces between two threads through two queues of capacity 1
//! (`pipeline::ping_pong`); each round trip is two hand-offs. The first
//! tenth of the round trips warms up and is dropped. A queue whose waiting
//! thread sleeps pays for the sleep and the wake-up on every hand-off; one
//! that spins first often catches the item while still awake.

use crate::pipeline::ping_pong;
use crate::rivals::Rival;
use labkit::plot::{Axis, BarPlot};
use labkit::report::duration;
use labkit::report::{Csv, Table};
use labkit::{LabContext, progress};
use std::time::Duration;

/// The percentiles reported, as fractions.
const PERCENTILES: [(f64, &str); 4] = [(0.1, "p10"), (0.5, "median"), (0.9, "p90"), (0.99, "p99")];

/// Measures, prints, and saves `latency.csv` and `latency.svg`.
pub fn run(ctx: &mut LabContext, rounds: usize) -> anyhow::Result<()> {
    let bar = progress::bar(Rival::BOUNDED.len() as u64, "latency");
    let mut csv = Csv::new(&["rival", "percentile", "microseconds"]);
    let mut headers = vec!["queue"];
    headers.extend(PERCENTILES.map(|p| p.1));
    let mut table = Table::new(format!("Round trip of one item, {rounds} trips"), &headers);
    let (mut medians, mut p99s) = (Vec::new(), Vec::new());
    for rival in Rival::BOUNDED {
        let mut trips = ping_pong(rival, rounds + rounds / 10);
        let mut trips = trips.split_off(rounds / 10);
        trips.sort_unstable();
        let at = |q: f64| trips[((trips.len() - 1) as f64 * q).round() as usize];
        let mut row = vec![rival.name().to_string()];
        for (q, name) in PERCENTILES {
            csv.row(&[&rival.name(), &name, &(at(q).as_secs_f64() * 1e6)]);
            row.push(duration(at(q)));
        }
        table.row(row);
        let what = |p: &str| format!("round trip, {p}: {}", rival.name());
        ctx.record_result(
            &format!("latency-{}-median", rival.key()),
            duration(at(0.5)),
            &what("median"),
        );
        ctx.record_result(
            &format!("latency-{}-p99", rival.key()),
            duration(at(0.99)),
            &what("99th percentile"),
        );
        medians.push(micros(at(0.5)));
        p99s.push(micros(at(0.99)));
        bar.inc(1);
    }
    bar.finish_and_clear();
    table.print();
    println!();
    ctx.save_csv("latency", "round-trip time percentiles per rival", &csv)?;
    let plot = BarPlot::new("Round trip of one item between two threads")
        .categories(Rival::BOUNDED.map(Rival::short_name))
        .y(Axis::log("round trip (µs)"))
        .group("median", medians)
        .group("99th percentile", p99s);
    ctx.save_figure(
        "latency",
        &plot,
        &format!(
            "{rounds} round trips through two queues of capacity 1, after {} to warm up",
            rounds / 10
        ),
        &["latency"],
    )?;
    Ok(())
}

fn micros(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}
