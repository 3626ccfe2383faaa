//! Experiment 1: profiles per second against workers, for each version,
//! against the local service with its faults.
//!
//! Version 1 has one thread and its own ceiling: each request is followed
//! by a sleep of 1/170 s, so it sends fewer than 170 requests a second
//! however fast the service is (it runs on a third of the corpus, to keep
//! the lab short; its rate is per profile like the others'). Versions 2
//! and 3 wait on the service from many threads at once, so their rate
//! should grow with the workers until the slow requests' timeouts or the
//! two cores get in the way.

use super::{Settings, asking, rate};
use crate::corpus::Corpus;
use crate::refresh::{pool, queue, sequential};
use crate::service::Service;
use labkit::LabContext;
use labkit::claim::{Claim, Quantity, show};
use labkit::measure::Stats;
use labkit::plot::{Axis, LinePlot, Series};
use labkit::report::{Csv, Table};
use std::sync::Arc;

/// Profiles per chunk, for the pool's jobs and the queue's chunks alike.
pub const CHUNK: usize = 25;

/// Measures, prints, saves `throughput.csv` and `throughput.svg`, records
/// each version's best rate and claims how they compare.
pub fn run(ctx: &mut LabContext, settings: &Settings) -> anyhow::Result<()> {
    let service = Arc::new(Service::start(settings.faults)?);
    let corpus = Corpus::write(settings.profiles, 4, ctx.seed)?;
    let small = Corpus::write((settings.profiles / 3).max(100), 4, ctx.seed)?;
    let mut csv = Csv::new(&["version", "workers", "profiles_per_s_median", "min", "max"]);
    let mut failed = 0;
    let seq = rate(ctx.repeat, small.len(), || {
        let t = sequential::run(&small, &service, sequential::PACE).expect("sequential run");
        assert_eq!(t.total(), small.len(), "every profile counted");
        failed += t.failed + t.timed_out;
    });
    let requested =
        small.profiles().filter(|p| p.as_ref().is_ok_and(|p| p.needs_refresh())).count();
    let seq_requests = seq.map(|r| r * requested as f64 / small.len() as f64);
    csv.row(&[&"sequential", &1, &seq.median, &seq.min, &seq.max]);
    let (mut pooled, mut queued) = (Vec::new(), Vec::new());
    for &w in &settings.workers {
        let p = rate(ctx.repeat, corpus.len(), || {
            let run = pool::run(&corpus, asking(&service), w, CHUNK).expect("pool run");
            assert_eq!(run.tally.total(), corpus.len(), "every profile counted");
        });
        let q = rate(ctx.repeat, corpus.len(), || {
            let run = queue::run(&corpus, asking(&service), queue::Options::new(w, CHUNK))
                .expect("queue run");
            assert_eq!(run.tally.total(), corpus.len(), "every profile counted");
        });
        csv.row(&[&"pool", &w, &p.median, &p.min, &p.max]);
        csv.row(&[&"queue", &w, &q.median, &q.min, &q.max]);
        pooled.push((w, p));
        queued.push((w, q));
    }
    let mut table = Table::new(
        format!(
            "Profiles per second ({} profiles, {CHUNK} a chunk; median of {})",
            corpus.len(),
            ctx.repeat
        ),
        &["workers", "sequential (sleep 1/170 s)", "pool, imap_unordered", "bounded queue"],
    );
    table.row(["1".into(), format!("{:.0}", seq.median), "".into(), "".into()]);
    for ((w, p), (_, q)) in pooled.iter().zip(&queued) {
        table.row([
            w.to_string(),
            "".into(),
            format!("{:.0}", p.median),
            format!("{:.0}", q.median),
        ]);
    }
    table.print();
    println!();
    ctx.save_csv("throughput", "profiles per second against workers, per version", &csv)?;
    let xs: Vec<f64> = settings.workers.iter().map(|&w| w as f64).collect();
    let flat = |s: Stats| xs.iter().map(move |&x| (x, s));
    let plot = LinePlot::new("The profile refresher: profiles per second against workers")
        .x(Axis::log("workers"))
        .y(Axis::log("profiles per second"))
        .series(Series::measured(
            "pool, imap_unordered",
            pooled.iter().map(|&(w, s)| (w as f64, s)),
        ))
        .series(Series::measured(
            "bounded queue, sentinels",
            queued.iter().map(|&(w, s)| (w as f64, s)),
        ))
        .series(Series::measured("sequential, sleep 1/170 s (one thread)", flat(seq)).dashed());
    ctx.save_figure(
        "throughput",
        &plot,
        &format!(
            "{} profiles in 4 snapshot files ({} for the sequential version), local service 1 ms a request, 1 in 37 failing, 1 in 101 past the 50 ms timeout; medians of {} runs",
            corpus.len(),
            small.len(),
            ctx.repeat
        ),
        &["throughput"],
    )?;
    record(ctx, seq, seq_requests, &pooled, &queued);
    Ok(())
}

/// The best point of a curve: (workers, rate).
fn best(curve: &[(usize, Stats)]) -> (usize, Stats) {
    *curve.iter().max_by(|a, b| a.1.median.total_cmp(&b.1.median)).expect("a point")
}

/// The results and claims of the experiment.
fn record(
    ctx: &mut LabContext,
    seq: Stats,
    seq_requests: Stats,
    pooled: &[(usize, Stats)],
    queued: &[(usize, Stats)],
) {
    ctx.record_result(
        "rate-sequential",
        format!("{:.0} profiles/s", seq.median),
        "sequential version, profiles per second",
    );
    ctx.record_result(
        "requests-sequential",
        format!("{:.0} requests/s", seq_requests.median),
        "sequential version, requests per second",
    );
    let (pw, p) = best(pooled);
    let (qw, q) = best(queued);
    ctx.record_result(
        "rate-pool-best",
        format!("{:.0} profiles/s", p.median),
        "pool version at its best worker count",
    );
    let largest = pooled.iter().map(|p| p.0).max().expect("a point");
    let workers = |w: usize| {
        if w == largest && pooled.len() > 1 {
            format!("{w} workers, the largest count measured")
        } else {
            format!("{w} workers")
        }
    };
    ctx.record_result(
        "rate-pool-best-workers",
        workers(pw),
        "the pool version's best worker count",
    );
    ctx.record_result(
        "rate-queue-best",
        format!("{:.0} profiles/s", q.median),
        "queue version at its best worker count",
    );
    ctx.record_result(
        "rate-queue-best-workers",
        workers(qw),
        "the queue version's best worker count",
    );
    ctx.record_result(
        "rate-largest-workers",
        largest.to_string(),
        "the largest worker count measured",
    );
    let sq = Quantity::new("sequential", seq, show::rate);
    let pq = Quantity::new(format!("pool of {pw}"), p, show::rate);
    let qq = Quantity::new(format!("queue with {qw} workers"), q, show::rate);
    ctx.claim(
        "threads-beat-sequential",
        Claim::all(
            "both threaded versions at their best refresh more profiles per second than the sequential one",
            vec![Claim::greater("the pool beats the sequential version", &pq, &sq), Claim::greater("the queue beats the sequential version", &qq, &sq)],
        ),
    );
    ctx.claim(
        "queue-near-pool",
        Claim::ratio_at_least("the queue version at its best reaches at least 80 % of the pool's best rate", &qq, &pq, 0.8)
            .if_not("the queue version's feeder reads and chunks the files while the workers wait, where the pool's caller has read everything before the first job starts"),
    );
    ctx.claim(
        "rate-peaks-inside",
        Claim::fact(
            format!(
                "both threaded versions did best below the largest worker count measured ({largest}), so the range holds their best"
            ),
            pw < largest && qw < largest,
            format!("the pool did best with {pw} workers, the queue with {qw}"),
        ),
    );
    // The rise is claimed up to 8 workers, or up to the largest count
    // measured when the list stops sooner (`--quick`).
    let limit = largest.min(8);
    let upto = |curve: &[(usize, Stats)]| -> Vec<Quantity> {
        curve
            .iter()
            .filter(|(w, _)| *w <= limit)
            .map(|&(w, s)| Quantity::new(format!("{w} workers"), s, show::rate))
            .collect()
    };
    ctx.claim(
        "rate-rises",
        Claim::all(
            if limit == largest {
                format!("both threaded versions' rates rise with the workers up to the largest count measured ({limit})")
            } else {
                format!("both threaded versions' rates rise with the workers up to {limit}")
            },
            vec![Claim::rises("the pool's rate rises", &upto(pooled)), Claim::rises("the queue's rate rises", &upto(queued))],
        )
        .if_not("the requests wait on the service, not on a core, so more workers should help until the client's own work fills the cores"),
    );
}
