//! Experiment: the service's rate limit. The notebook's first refresher
//! sleeps 1/170 s after every request because the service allows only so
//! many a second; the pool and the queue dropped the sleep and ask from
//! many threads at once. Here the service refuses (429) every request
//! beyond 170 a second, with a burst of 10: each version runs once on the
//! same corpus, and the lab counts what the service refused. A refused
//! profile is counted, never lost: refreshed + failed + timed out + refused
//! + skipped is the corpus every time.

use super::asking;
use crate::corpus::Corpus;
use crate::refresh::{pool, queue, sequential};
use crate::service::{Faults, Service};
use crate::tally::Tally;
use lab_01_threads::server::RateLimit;
use labkit::LabContext;
use labkit::claim::Claim;
use labkit::report::Table;
use std::sync::Arc;

/// The notebook's limit: 170 requests a second, a few at once.
pub const LIMIT: RateLimit = RateLimit { per_second: 170.0, burst: 10 };

/// Runs each version once against a rate-limited service; prints, records
/// the refusals and claims what the notebook's sleep was for.
pub fn run(
    ctx: &mut LabContext,
    faults: Faults,
    profiles: usize,
    workers: usize,
) -> anyhow::Result<()> {
    let faults = Faults { rate_limit: Some(LIMIT), fail_every: 0, slow_every: 0, ..faults };
    let corpus = Corpus::write(profiles, 2, ctx.seed)?;
    let runs: Vec<(&str, Tally)> = vec![
        ("sequential, 1/170 s after each request", {
            let service = Service::start(faults)?;
            sequential::run(&corpus, &service, sequential::PACE)?
        }),
        ("pool (imap_unordered)", {
            let service = Arc::new(Service::start(faults)?);
            pool::run(&corpus, asking(&service), workers, super::throughput::CHUNK)?.tally
        }),
        ("bounded queue with sentinels", {
            let service = Arc::new(Service::start(faults)?);
            let options = queue::Options::new(workers, super::throughput::CHUNK);
            queue::run(&corpus, asking(&service), options)?.tally
        }),
    ];
    let mut table = Table::new(
        format!(
            "{profiles} profiles, a service that accepts {} requests/s ({workers} workers)",
            LIMIT.per_second
        ),
        &["version", "refreshed", "refused (429)", "skipped", "total"],
    );
    for (name, t) in &runs {
        anyhow::ensure!(
            t.total() == corpus.len(),
            "{name}: {} of {} profiles counted",
            t.total(),
            corpus.len()
        );
        table.row(vec![
            name.to_string(),
            t.refreshed.to_string(),
            t.rate_limited.to_string(),
            t.skipped.to_string(),
            t.total().to_string(),
        ]);
    }
    table.print();
    let [seq, pooled, queued] = [&runs[0].1, &runs[1].1, &runs[2].1];
    for (key, version, t) in [
        ("limit-sequential", "sequential", seq),
        ("limit-pool", "pool", pooled),
        ("limit-queue", "queue", queued),
    ] {
        let what = format!("rate limit: requests the service refused, {version} version");
        ctx.record_result(key, format!("{} of {}", t.rate_limited, t.requested()), &what);
    }
    ctx.record_result(
        "limit-rate",
        format!("{} requests/s", LIMIT.per_second),
        "the service's rate limit",
    );
    ctx.claim(
        "limit-pacing-keeps-under",
        Claim::fact(
            "the sequential version's sleep of 1/170 s keeps it under the limit: the service refuses none of its requests",
            seq.rate_limited == 0,
            format!("{} of {} refused", seq.rate_limited, seq.requested()),
        )
        .if_not("A machine slower to wake a sleeping thread sends less often, never more; a refusal here means the clock or the server's bucket misbehaved."),
    );
    ctx.claim(
        "limit-pool-refused",
        Claim::fact(
            format!("the pool, with {workers} workers and no pacing, asks faster than the limit and has requests refused"),
            pooled.rate_limited > 0 && queued.rate_limited > 0,
            format!(
                "pool: {} of {} refused; queue: {} of {} refused",
                pooled.rate_limited,
                pooled.requested(),
                queued.rate_limited,
                queued.requested()
            ),
        )
        .if_not("With a slow enough machine the workers may not reach 170 requests a second."),
    );
    Ok(())
}
