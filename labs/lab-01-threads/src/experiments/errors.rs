//! Experiment 3: failed requests, handled; and the notebook's loop, run.
//!
//! The workers of `workers.rs` fetch a list in which most URLs fail, each
//! in a different way: error statuses, an unknown path, a bad query, a
//! page slower than the client's timeout, and a server that has stopped.
//! Each failure is reported with its reason and nothing is written for it;
//! the output file holds exactly the pages that arrived.
//!
//! Then, if Python is there, `python/fetch_urls.py` runs the notebook's own
//! `FetchUrls` loop (ported to Python 3) on one good and one failing URL.

use super::Settings;
use crate::client;
use crate::output::read_records;
use crate::server::{Defaults, LocalServer};
use crate::workers::workers_to_file;
use labkit::LabContext;
use labkit::python::{Script, Skipped};
use labkit::report::Table;
use serde::Deserialize;
use std::io::{Read, Seek};
use std::sync::Mutex;
use std::time::Duration;

/// The client's timeout in this experiment; the slow page takes longer.
const TIMEOUT: Duration = Duration::from_millis(150);

/// Fetches the list, prints what failed and why, checks the file, and runs
/// the notebook's loop in Python.
pub fn run(ctx: &mut LabContext, s: &Settings) -> anyhow::Result<()> {
    let server = LocalServer::start(Defaults { latency: Duration::ZERO, bytes: s.body })?;
    let stopped = LocalServer::start(Defaults { latency: Duration::ZERO, bytes: 0 })?;
    let gone = format!("{}/page/1", stopped.base_url());
    drop(stopped); // nothing listens on its port any more
    let urls = vec![
        server.page_url_with(90, Duration::from_millis(400), s.body), // slower than TIMEOUT
        server.page_url(1),
        server.status_url(404),
        server.page_url(2),
        server.status_url(503),
        format!("{}/nowhere", server.base_url()),
        format!("{}/page/3?bytes=lots", server.base_url()),
        gone,
        server.page_url(4),
    ];
    let agent = client::agent(TIMEOUT);
    let file = Mutex::new(tempfile::tempfile()?);
    let report = workers_to_file(&agent, &urls, 3, &file, None)?;
    let mut data = Vec::new();
    let mut file = file.into_inner().unwrap_or_else(|e| e.into_inner());
    file.rewind()?;
    file.read_to_end(&mut data)?;
    let records =
        read_records(&data).map_err(|e| anyhow::anyhow!("the output file is damaged: {e}"))?;

    let mut table = Table::new(
        format!(
            "{} URLs, {} failed: each failure, and its reason",
            urls.len(),
            report.failed.len()
        ),
        &["URL", "what happened"],
    );
    let mut failed = report.failed.clone();
    failed.sort_by_key(|(url, _)| urls.iter().position(|u| u == url));
    for (url, error) in &failed {
        table.row([url.as_str(), &error.to_string()]);
    }
    table.print();
    let written: Vec<&str> =
        records.iter().map(|(u, _)| u.rsplit('/').next().unwrap_or("?")).collect();
    println!(
        "written to the file: {} pages (page {}), nothing for the failures\n",
        records.len(),
        written.join(", page ")
    );
    anyhow::ensure!(
        records.len() == report.written && records.len() + failed.len() == urls.len(),
        "pages went missing"
    );

    ctx.record_result("errors-urls", urls.len().to_string(), "errors: URLs in the list");
    ctx.record_result("errors-failed", failed.len().to_string(), "errors: failed, each reported");
    ctx.record_result("errors-written", records.len().to_string(), "errors: pages written");
    ctx.record_result(
        "errors-timeout-ms",
        format!("{} ms", TIMEOUT.as_millis()),
        "errors: the client's timeout",
    );
    notebook_in_python(ctx, s, &server)
}

/// The output of `python/fetch_urls.py`.
#[derive(Deserialize)]
struct NotebookRuns {
    /// One run per scenario.
    runs: Vec<NotebookRun>,
}

/// One run of the notebook's loop.
#[derive(Deserialize)]
struct NotebookRun {
    /// The scenario: which URL fails.
    name: String,
    /// What the thread printed, in order.
    printed: Vec<String>,
    /// The size of each write to the output file.
    writes: Vec<usize>,
    /// The exception that ended the thread, if one did.
    exception: Option<String>,
}

/// Runs the notebook's loop in Python on one good and one failing URL.
fn notebook_in_python(
    ctx: &mut LabContext,
    s: &Settings,
    server: &LocalServer,
) -> anyhow::Result<()> {
    let (ok, bad) = (server.page_url(1), server.status_url(404));
    let script = Script::new(ctx.lab, "fetch_urls.py")
        .args(["--ok", &ok, "--bad", &bad])
        .deadline(Duration::from_secs(60));
    let runs = match s.python.run::<NotebookRuns>(&script) {
        Ok(r) => r.runs,
        Err(why) => {
            Skipped(format!("the notebook's loop: {why}")).print();
            for key in ["py-later-fails", "py-first-fails"] {
                ctx.record_result(key, format!("not run ({why})"), "the notebook's loop in Python");
            }
            return Ok(());
        }
    };
    let mut table = Table::new(
        format!(
            "The notebook's FetchUrls in Python 3: one thread, URLs {ok} (good) and {bad} (404)"
        ),
        &["case", "what the thread printed", "bytes written", "how the thread ended"],
    );
    for run in &runs {
        let ended = run.exception.clone().unwrap_or_else(|| "normally".into());
        let writes = run.writes.iter().map(usize::to_string).collect::<Vec<_>>().join(" + ");
        table.row([run.name.as_str(), &run.printed.join("\n"), &writes, &ended]);
    }
    table.print();
    for (key, run) in ["py-later-fails", "py-first-fails"].iter().zip(&runs) {
        let claims = run.printed.iter().any(|l| l.contains(&bad) && l.contains("fetched"));
        let got_ok = run.printed.iter().any(|l| l.contains(&ok) && l.contains("fetched"));
        let summary = match &run.exception {
            Some(e) if !got_ok => format!(
                "the thread died with {}, and the good URL was never fetched",
                e.split(':').next().unwrap_or(e)
            ),
            Some(e) => format!("the thread died with {}", e.split(':').next().unwrap_or(e)),
            None if claims => format!(
                "it printed “fetched” for the failed URL and wrote {} bytes for it",
                run.writes.last().copied().unwrap_or(0)
            ),
            None => "it ended normally".into(),
        };
        ctx.record_result(key, summary, &format!("the notebook's loop in Python: {}", run.name));
    }
    Ok(())
}
