//! Experiment 4: the notebook's `ThreadPool(4).map(urlopen, urls)`, on
//! chapter 01's local HTTP server (127.0.0.1, a fixed latency per request).
//!
//! The same batch of URLs is fetched by: a plain loop; this chapter's pool
//! of 4 (`map`, in input order); rayon's `par_iter` in a pool of 4; and
//! rayon's `par_iter` in its global pool, which has one thread per core.
//! A fetch mostly waits, so what counts is how many wait at once.

use super::{Settings, time};
use crate::pool::Pool;
use lab_01_threads::client::{agent, fetch};
use lab_01_threads::server::{Defaults, LocalServer};
use labkit::LabContext;
use labkit::claim::{Claim, Quantity, show};
use labkit::measure::Stats;
use labkit::plot::{Axis, BarPlot};
use labkit::report::{Csv, Table};
use rayon::prelude::*;
use std::time::Duration;

/// The notebook's pool size.
pub const NOTEBOOK_WORKERS: usize = 4;

/// A server with the settings' latency, and its URLs.
pub fn server(s: &Settings) -> anyhow::Result<(LocalServer, Vec<String>)> {
    let server = LocalServer::start(Defaults { latency: s.latency, bytes: 2048 })?;
    let urls = (0..s.urls).map(|i| server.page_url(i)).collect();
    Ok((server, urls))
}

// ANCHOR: with_pool
/// Fetches every URL through the hand-built pool's `map`; the bytes fetched.
pub fn with_pool(pool: &Pool, urls: &[String]) -> usize {
    let agent = agent(Duration::from_secs(10));
    let out = pool
        .map(move |u: String| fetch(&agent, &u).map(|b| b.len()), urls.to_vec(), 1)
        .expect("open");
    out.into_iter().map(|r| r.expect("no panic").expect("the local server answers")).sum()
}
// ANCHOR_END: with_pool

/// Fetches every URL with rayon's `par_iter` in `rayon`; the bytes fetched.
fn with_rayon(rayon: &rayon::ThreadPool, urls: &[String]) -> usize {
    let agent = agent(Duration::from_secs(10));
    rayon.install(|| {
        urls.par_iter().map(|u| fetch(&agent, u).expect("the local server answers").len()).sum()
    })
}

pub fn run(ctx: &mut LabContext, s: &Settings) -> anyhow::Result<()> {
    let (server, urls) = server(s)?;
    let pool = Pool::new(NOTEBOOK_WORKERS);
    let rayon4 = rayon::ThreadPoolBuilder::new().num_threads(NOTEBOOK_WORKERS).build()?;
    let global = rayon::current_num_threads();
    let one = agent(Duration::from_secs(10));
    type Way<'a> = Box<dyn Fn() -> usize + 'a>;
    let ways: [(&str, Way); 4] = [
        (
            "plain loop",
            Box::new(|| urls.iter().map(|u| fetch(&one, u).expect("answers").len()).sum()),
        ),
        ("hand-built pool of 4", Box::new(|| with_pool(&pool, &urls))),
        ("rayon pool of 4", Box::new(|| with_rayon(&rayon4, &urls))),
        (
            "rayon global pool",
            Box::new(|| urls.par_iter().map(|u| fetch(&one, u).expect("answers").len()).sum()),
        ),
    ];
    let mut csv = Csv::new(&["way", "run", "seconds"]);
    let mut measured: Vec<(&str, Stats)> = Vec::new();
    for (name, way) in &ways {
        let samples = ctx.sample(|| {
            std::hint::black_box(way());
        });
        for (run, secs) in samples.seconds() {
            csv.row(&[name, &run, &secs]);
        }
        measured.push((name, samples.stats()));
    }
    drop(server);
    ctx.save_csv("urls", "time to fetch the batch of URLs, by way and run", &csv)?;

    let mut table = Table::new(
        format!("{} URLs, {} latency each", s.urls, time(s.latency.as_secs_f64())),
        &["way", "time", "per URL"],
    );
    for (name, st) in &measured {
        table.row([name.to_string(), time(st.median), time(st.median / s.urls as f64)]);
    }
    table.print();
    let mut bars = BarPlot::new("ThreadPool(4).map(urlopen, urls), in Rust")
        .categories(measured.iter().map(|m| m.0))
        .y(Axis::linear("time for the batch (ms)"));
    bars = bars
        .group_measured("fetch the batch", measured.iter().map(|m| m.1.map(|t| t * 1e3)).collect());
    ctx.save_figure("urls", &bars, &format!("{} URLs from a local server answering after {}; rayon's global pool has {global} threads; medians of {} runs", s.urls, time(s.latency.as_secs_f64()), ctx.repeat), &["urls"])?;

    let q = |i: usize| Quantity::new(measured[i].0, measured[i].1, show::seconds);
    for (i, key) in
        ["urls-loop", "urls-pool", "urls-rayon4", "urls-rayon-global"].iter().enumerate()
    {
        ctx.record_result(
            key,
            time(measured[i].1.median),
            &format!("{} URLs: {}", s.urls, measured[i].0),
        );
    }
    ctx.record_result("urls-count", s.urls.to_string(), "URLs per batch");
    ctx.record_result(
        "urls-latency",
        time(s.latency.as_secs_f64()),
        "the local server's latency per request",
    );
    ctx.record_result(
        "rayon-global-threads",
        global.to_string(),
        "threads in rayon's global pool (one per core)",
    );
    ctx.claim(
        "pool-vs-rayon4",
        Claim::ratio_at_most(
            "the hand-built pool of 4 fetches the batch within 1.2× of rayon's pool of 4",
            &q(1),
            &q(2),
            1.2,
        ),
    );
    ctx.claim(
        "pool-beats-loop",
        Claim::ratio_at_most(
            "the pool of 4 fetches the batch at least 3× faster than the plain loop",
            &q(1),
            &q(0),
            1.0 / 3.0,
        ),
    );
    if global < NOTEBOOK_WORKERS {
        ctx.claim(
            "rayon-global-slower",
            Claim::greater(format!("rayon's global pool, with {global} threads, takes longer than a pool of 4: it keeps only {global} requests waiting at once"), &q(3), &q(2)),
        );
    } else {
        ctx.claim("rayon-global-slower", Claim::fact(format!("rayon's global pool, with one thread per core ({global}), takes longer than a pool of 4"), false, format!("this machine has {global} cores, so the global pool is not smaller than 4")));
    }
    Ok(())
}
