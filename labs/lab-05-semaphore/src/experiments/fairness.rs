//! Experiment 3: who gets the permits. The notebook's semaphore against
//! the chapter's, with many clients and few permits.
//!
//! The notebook's docstring promises that a release wakes exactly one
//! waiting thread. It does; but the permit goes back on the counter, and
//! the releasing thread is still running: when it loops back to `acquire`,
//! it finds the permit there and takes it, microseconds before the woken
//! thread gets a core. The same few clients keep the permits; the others
//! wait for the whole run. The chapter's semaphore hands the permit to a
//! sleeper instead. The lab counts the requests each client completed.

use super::Settings;
use crate::load::{Limit, closed_loop};
use crate::minimal::MinimalSemaphore;
use crate::semaphore::Semaphore;
use crate::service::{Kind, Service, Spec};
use labkit::LabContext;
use labkit::claim::Claim;
use labkit::plot::{Axis, LinePlot, Series};
use labkit::report::{Csv, Table};
use std::time::Duration;

/// What one semaphore did for the clients.
struct Shares {
    /// The semaphore's name, for the table and the legend.
    name: &'static str,
    /// Requests each client completed in the window, most first.
    per_client: Vec<usize>,
    /// Requests per second, all clients together.
    throughput: f64,
    /// The longest wait for a permit in the run (seconds).
    longest_wait: f64,
}

/// Runs both semaphores in front of the queueing service with `k = C`;
/// prints, and saves `fairness.csv` and `fairness.svg`.
pub fn run(ctx: &mut LabContext, s: &Settings) -> anyhow::Result<()> {
    let spec = Spec {
        kind: Kind::Queueing,
        capacity: s.capacity,
        service_time: s.service_time,
        overload: s.overload,
    };
    let skip = spec.round(s.clients, s.capacity);
    let length = Duration::from_millis(if ctx.quick { 100 } else { 400 }).max(4 * skip);
    let shares = [
        measure("notebook's semaphore", &MinimalSemaphore::new(s.capacity), spec, s, skip, length),
        measure("chapter's Semaphore", &Semaphore::new(s.capacity), spec, s, skip, length),
    ];

    let mut table = Table::new(
        format!(
            "{} clients, {} permits, {:.0} ms: requests completed per client",
            s.clients,
            s.capacity,
            length.as_secs_f64() * 1e3
        ),
        &[
            "semaphore",
            "requests/s",
            "most by one client",
            "fewest",
            "clients with none",
            "longest wait (ms)",
        ],
    );
    let mut csv = Csv::new(&["semaphore", "client_rank", "requests"]);
    for sh in &shares {
        let none = sh.per_client.iter().filter(|&&n| n == 0).count();
        table.row([
            sh.name.to_string(),
            format!("{:.0}", sh.throughput),
            sh.per_client[0].to_string(),
            sh.per_client[sh.per_client.len() - 1].to_string(),
            none.to_string(),
            format!("{:.1}", sh.longest_wait * 1e3),
        ]);
        for (rank, n) in sh.per_client.iter().enumerate() {
            csv.row(&[&sh.name, &(rank + 1), n]);
        }
        let key = if sh.name.starts_with("notebook") { "minimal" } else { "fair" };
        ctx.record_result(
            &format!("fair-{key}-most"),
            sh.per_client[0].to_string(),
            &format!("most requests by one client, {}", sh.name),
        );
        ctx.record_result(
            &format!("fair-{key}-fewest"),
            sh.per_client[sh.per_client.len() - 1].to_string(),
            &format!("fewest requests by one client, {}", sh.name),
        );
        ctx.record_result(
            &format!("fair-{key}-none"),
            none.to_string(),
            &format!("clients that completed nothing, {}", sh.name),
        );
        ctx.record_result(
            &format!("fair-{key}-wait"),
            format!("{:.0} ms", sh.longest_wait * 1e3),
            &format!("longest wait for a permit, {}", sh.name),
        );
        ctx.record_result(
            &format!("fair-{key}-throughput"),
            format!("{:.0} requests/s", sh.throughput),
            &format!("throughput, {}", sh.name),
        );
    }
    ctx.record_result(
        "fair-window-ms",
        format!("{:.0} ms", length.as_secs_f64() * 1e3),
        "the fairness run's measured window",
    );
    table.print();
    claims(ctx, &shares);
    ctx.save_csv("fairness", "requests completed per client, most first", &csv)?;

    let mut plot = LinePlot::new("Requests completed by each client, busiest first")
        .x(Axis::linear("client (ranked by requests completed)"))
        .y(Axis::linear("requests completed"));
    for sh in &shares {
        let points = sh.per_client.iter().enumerate().map(|(i, &n)| ((i + 1) as f64, n as f64));
        plot = plot.series(Series::line_points(sh.name, points.collect()));
    }
    let even = shares[1].throughput * length.as_secs_f64() / s.clients as f64;
    plot = plot.series(
        Series::line("an even share", vec![(1.0, even), (s.clients as f64, even)]).dashed(),
    );
    ctx.save_figure(
        "fairness",
        &plot,
        &format!(
            "{} clients, {} permits, queueing service (C = {}), one run of {:.0} ms each",
            s.clients,
            s.capacity,
            s.capacity,
            length.as_secs_f64() * 1e3
        ),
        &["fairness"],
    )?;
    Ok(())
}

/// One run of the clients through `permits`.
fn measure(
    name: &'static str,
    permits: &impl Limit,
    spec: Spec,
    s: &Settings,
    skip: Duration,
    length: Duration,
) -> Shares {
    let service = Service::new(spec);
    let run = closed_loop(&service, permits, s.clients, skip + length);
    let mut per_client = run.per_client(skip, length);
    per_client.sort_unstable_by(|a, b| b.cmp(a));
    Shares {
        name,
        throughput: per_client.iter().sum::<usize>() as f64 / length.as_secs_f64(),
        per_client,
        longest_wait: run.longest_wait(),
    }
}

/// The chapter's reading of the fairness run, checked: the notebook's
/// semaphore shares the requests less evenly, leaves a client waiting
/// longer, and the chapter's leaves no client without a request. One run
/// each, so these are facts about that run.
fn claims(ctx: &mut LabContext, shares: &[Shares; 2]) {
    let [notebook, chapter] = shares;
    let most = |sh: &Shares| sh.per_client[0];
    let fewest = |sh: &Shares| sh.per_client[sh.per_client.len() - 1];
    // The busiest client's requests over the idlest's (at least 1).
    let unevenness = |sh: &Shares| most(sh) as f64 / fewest(sh).max(1) as f64;
    ctx.claim(
        "fair-more-even",
        Claim::fact(
            "the chapter's semaphore shares the requests among the clients more evenly than the notebook's",
            unevenness(chapter) < unevenness(notebook),
            format!(
                "busiest over idlest client: {} / {} with the notebook's, {} / {} with the chapter's",
                most(notebook), fewest(notebook), most(chapter), fewest(chapter)
            ),
        ),
    );
    ctx.claim(
        "fair-shorter-wait",
        Claim::fact(
            "the longest wait for a permit is shorter with the chapter's semaphore than with the notebook's",
            chapter.longest_wait < notebook.longest_wait,
            format!(
                "{:.0} ms against {:.0} ms",
                chapter.longest_wait * 1e3,
                notebook.longest_wait * 1e3
            ),
        ),
    );
    ctx.claim(
        "fair-nobody-starves",
        Claim::fact(
            "with the chapter's semaphore every client completed at least one request",
            fewest(chapter) > 0,
            format!("the idlest client completed {}", fewest(chapter)),
        ),
    );
}
