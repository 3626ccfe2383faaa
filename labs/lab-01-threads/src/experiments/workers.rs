//! Experiment 2: wall time against the number of workers, next to the
//! latency model.
//!
//! The per-request overhead `o` is measured first: N pages fetched one
//! after another at latency 0. Then N pages of latency L are fetched by 1,
//! 2, ... workers sharing one list and one output file (a temporary file,
//! deleted when closed). The model says `⌈N/w⌉·(L + o)`; after the last run
//! the file is read back to check that every page is in it once, whole.

use super::{Settings, ms, speedup};
use crate::client;
use crate::fetchers::sequential;
use crate::model::ideal_wall_time;
use crate::output::read_records;
use crate::server::page_body;
use crate::workers::workers_to_file;
use labkit::claim::{Claim, Quantity, show};
use labkit::measure::{Stats, sample};
use labkit::plot::{Axis, LinePlot, Series};
use labkit::report::{Csv, Table};
use labkit::{LabContext, progress};
use std::io::{Read, Seek};
use std::sync::Mutex;
use std::time::Duration;

/// Measures, prints, and saves `workers.csv` and `fetch-workers.svg`.
/// Returns the speedup over one worker at each worker count, for the
/// closing comparison with CPU-bound work.
pub fn run(ctx: &mut LabContext, s: &Settings) -> anyhow::Result<Vec<(usize, Stats)>> {
    let server = s.server()?;
    let agent = client::agent(Duration::from_secs(30));
    let n = s.urls;
    let instant: Vec<String> =
        (0..n).map(|i| server.page_url_with(i, Duration::ZERO, s.body)).collect();
    // Calibrated: each sample fetches enough instant pages to last 10 ms.
    let overhead = ctx
        .sample_units(|k| {
            let pages: Vec<String> = (0..k as usize).map(|i| instant[i % n].clone()).collect();
            sequential(&agent, &pages);
        })
        .per_unit()
        .median;
    let overhead = Duration::from_secs_f64(overhead);

    let urls = s.pages(&server, n);
    let bar = progress::bar(s.workers.len() as u64, "wall time vs workers");
    let mut csv = Csv::new(&["workers", "run", "seconds", "ideal_seconds", "model_seconds"]);
    let mut rows = Vec::new(); // (workers, stats, ideal, model)
    let mut last_file = None;
    for &w in &s.workers {
        let samples = sample(0, ctx.repeat, || {
            let file = Mutex::new(tempfile::tempfile().expect("a temporary file"));
            let report =
                workers_to_file(&agent, &urls, w, &file, None).expect("writing the temporary file");
            last_file = Some((report, file.into_inner().expect("the file's lock")));
        });
        let ideal = ideal_wall_time(n, w, s.latency, Duration::ZERO).as_secs_f64();
        let model = ideal_wall_time(n, w, s.latency, overhead).as_secs_f64();
        for (i, seconds) in samples.seconds() {
            csv.row(&[&w, &i, &seconds, &ideal, &model]);
        }
        rows.push((w, samples.stats(), ideal, model));
        bar.inc(1);
    }
    bar.finish_and_clear();

    let mut table = Table::new(
        format!(
            "{n} pages of {} latency, fetched by w workers into one file",
            ms(s.latency.as_secs_f64())
        ),
        &["workers", "wall time", "ideal ⌈N/w⌉·L", "model ⌈N/w⌉·(L+o)", "ideal / measured"],
    );
    for (w, st, ideal, model) in &rows {
        table.row([
            w.to_string(),
            ms(st.median),
            ms(*ideal),
            ms(*model),
            format!("{:.0} %", 100.0 * ideal / st.median),
        ]);
    }
    table.print();
    println!(
        "per-request overhead o, measured at latency 0: {:.0} µs",
        overhead.as_secs_f64() * 1e6
    );
    let check = check_file(last_file, n, s.body)?;
    println!("output file of the last run: {check}\n");
    ctx.save_csv("workers", "wall time of N page fetches per worker count and run", &csv)?;

    let top = *s.workers.last().expect("at least one worker count");
    let every: Vec<usize> = (1..=top).collect();
    let curve = |o| {
        every
            .iter()
            .map(|&w| (w as f64, ideal_wall_time(n, w, s.latency, o).as_secs_f64() * 1e3))
            .collect()
    };
    let plot = LinePlot::new(format!(
        "{n} pages of {} latency: wall time against workers",
        ms(s.latency.as_secs_f64())
    ))
    .x(Axis::linear("workers (threads)"))
    .y(Axis::log("wall time (ms)"))
    .series(Series::line("ideal: ⌈N / w⌉ · L", curve(Duration::ZERO)).dashed())
    .series(Series::line("model: ⌈N / w⌉ · (L + o)", curve(overhead)).dashed())
    .series(Series::measured(
        "measured: workers → one file",
        rows.iter().map(|r| (r.0 as f64, r.1.map(|t| t * 1e3))),
    ));
    let what = format!(
        "o = {:.0} µs measured at latency 0; medians of {} runs, bars from fastest to slowest",
        overhead.as_secs_f64() * 1e6,
        ctx.repeat
    );
    ctx.save_figure("fetch-workers", &plot, &what, &["workers"])?;

    ctx.record_result("urls", n.to_string(), "pages per run (N)");
    ctx.record_result("latency-ms", ms(s.latency.as_secs_f64()), "latency of each page (L)");
    ctx.record_result(
        "overhead-us",
        format!("{:.0} µs", overhead.as_secs_f64() * 1e6),
        "per-request overhead at latency 0",
    );
    ctx.record_result("file-check", check, "the shared output file, read back");
    for (w, st, ideal, _) in &rows {
        if [1, 8].contains(w) || w == &top {
            ctx.record_result(
                &format!("fetch-{w}-ms"),
                ms(st.median),
                &format!("fetch: wall time, {w} workers"),
            );
            ctx.record_result(
                &format!("ideal-{w}-ms"),
                ms(*ideal),
                &format!("fetch: ideal, {w} workers"),
            );
        }
    }
    ctx.record_result("workers-top", top.to_string(), "the most workers measured");
    let at = |w: usize| rows.iter().find(|r| r.0 == w).map(|r| r.1);
    let claim = match (at(1), at(8)) {
        (Some(one), Some(eight)) => Claim::ratio_at_most(
            "eight workers fetch the pages in at most a third of one worker's time",
            &Quantity::new("8 workers", eight, show::seconds),
            &Quantity::new("1 worker", one, show::seconds),
            1.0 / 3.0,
        )
        .if_not("the waits overlap, but each request's own work (o above) needs a core, and the cores were busy"),
        _ => Claim::not_measured("eight workers fetch the pages in at most a third of one worker's time", "1 and 8 workers were not both measured (see --workers)"),
    };
    ctx.claim("eight-beat-one", claim);
    let one = rows.iter().find(|r| r.0 == 1).map(|r| r.1.median);
    Ok(one.map_or_else(Vec::new, |base| rows.iter().map(|r| (r.0, speedup(base, &r.1))).collect()))
}

/// Reads the last run's output file back: every page once, whole, and
/// nothing else; a description of what was found, or an error.
fn check_file(
    last: Option<(crate::workers::Report, std::fs::File)>,
    n: usize,
    bytes: usize,
) -> anyhow::Result<String> {
    let (report, mut file) = last.ok_or_else(|| anyhow::anyhow!("no run was made"))?;
    anyhow::ensure!(report.failed.is_empty(), "fetches failed: {:?}", report.failed);
    let mut data = Vec::new();
    file.rewind()?;
    file.read_to_end(&mut data)?;
    let records =
        read_records(&data).map_err(|e| anyhow::anyhow!("the output file is damaged: {e}"))?;
    let mut seen = vec![false; n];
    for (url, body) in &records {
        let id: usize = url.rsplit('/').next().and_then(|id| id.parse().ok()).unwrap_or(usize::MAX);
        anyhow::ensure!(id < n && !seen[id], "page {url} is unexpected or twice in the file");
        anyhow::ensure!(body == &page_body(id as u64, bytes), "page {id} arrived damaged");
        seen[id] = true;
    }
    anyhow::ensure!(records.len() == n, "{} of {n} pages in the file", records.len());
    Ok(format!("{n} of {n} pages, each once and whole ({} bytes)", data.len()))
}
