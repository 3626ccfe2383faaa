//! Experiment 6: the same two measurements in CPython, side by side.
//!
//! `python/pool_map.py` runs the notebook's `ThreadPool(4).map(urlopen,
//! urls)` against the same local server, and the pool's cost per task:
//! `Pool(workers).imap_unordered` over tiny tasks with `chunksize=1`,
//! consumed in full. The Rust side of the URLs is measured again here; its
//! cost per tiny task is the chunk size experiment's chunks of 1 (the same
//! call, `imap_unordered(|x| x + 1, 0..n, 1)` summed), measured once and
//! quoted in both places.
//! Without Python 3 the series is skipped with a note.

use super::{Settings, chunksize, time, urls};
use crate::pool::Pool;
use labkit::LabContext;
use labkit::claim::{Claim, Quantity, show};
use labkit::measure::Stats;
use labkit::python::{Script, Skipped, record_ratio};
use labkit::report::{Csv, Table};
use serde::Deserialize;
use std::time::Duration;

/// What the script prints.
#[derive(Deserialize)]
struct PythonRuns {
    fetch_seconds: Vec<f64>,
    tiny_seconds_per_task: Vec<f64>,
}

/// The results the chapter quotes, recorded as "not run" when Python is missing.
const KEYS: [&str; 4] = ["py-urls", "py-tiny", "py-urls-ratio", "py-tiny-ratio"];

pub fn run(ctx: &mut LabContext, s: &Settings) -> anyhow::Result<()> {
    s.python.record(ctx);
    let (server, list) = urls::server(s)?;
    let pool = Pool::new(urls::NOTEBOOK_WORKERS);
    let rust_fetch = ctx.sample(|| {
        std::hint::black_box(urls::with_pool(&pool, &list));
    });
    let rust_tiny = *s.chunk_1.get_or_init(|| chunksize::per_task(ctx, &Pool::new(s.workers), 1));
    let tiny = if ctx.quick { 5_000 } else { 20_000 };
    let script = Script::new(ctx.lab, "pool_map.py")
        .args(["--base", server.base_url()])
        .args(["--urls".to_string(), s.urls.to_string(), "--runs".into(), ctx.repeat.to_string()])
        .args(["--tiny".to_string(), tiny.to_string(), "--workers".into(), s.workers.to_string()])
        .deadline(Duration::from_secs(60));
    let runs = s.python.run::<PythonRuns>(&script);
    drop(server);
    let py = match runs {
        Ok(r) => r,
        Err(why) => return skipped(ctx, &why),
    };
    let (py_fetch, py_tiny) = (
        Stats::of(&py.fetch_seconds)
            .ok_or_else(|| anyhow::anyhow!("pool_map.py timed no fetch"))?,
        Stats::of(&py.tiny_seconds_per_task)
            .ok_or_else(|| anyhow::anyhow!("pool_map.py timed no tiny task"))?,
    );
    let rust_fetch = rust_fetch.stats();
    let mut csv = Csv::new(&["what", "language", "median_s", "min_s", "max_s"]);
    for (what, lang, st) in [
        ("fetch batch", "Rust", &rust_fetch),
        ("fetch batch", "Python", &py_fetch),
        ("tiny task", "Rust", &rust_tiny),
        ("tiny task", "Python", &py_tiny),
    ] {
        csv.row(&[&what, &lang, &st.median, &st.min, &st.max]);
    }
    ctx.save_csv("python", "the hand-built pool and multiprocessing.dummy.Pool: a batch of URLs, and the cost per tiny task", &csv)?;
    let mut table = Table::new(
        "Rust's hand-built pool against multiprocessing.dummy.Pool",
        &["", "Rust", "Python"],
    );
    table.row([
        format!("{} URLs, pool of 4", s.urls),
        time(rust_fetch.median),
        time(py_fetch.median),
    ]);
    table.row([
        format!("a tiny task, pool of {}, imap_unordered, chunks of 1", s.workers),
        time(rust_tiny.median),
        time(py_tiny.median),
    ]);
    table.print();

    ctx.record_result(
        "py-urls",
        time(py_fetch.median),
        &format!("{} URLs with multiprocessing.dummy.Pool(4).map", s.urls),
    );
    ctx.record_result(
        "py-tiny",
        time(py_tiny.median),
        "cost per tiny task, multiprocessing.dummy.Pool.imap_unordered, chunksize=1",
    );
    ctx.record_result(
        "rust-urls",
        time(rust_fetch.median),
        &format!("{} URLs with the hand-built pool of 4 (this experiment)", s.urls),
    );
    ctx.record_result(
        "rust-tiny",
        time(rust_tiny.median),
        "cost per tiny task, hand-built pool, imap_unordered, chunks of 1 (the chunk size experiment's)",
    );
    record_ratio(
        ctx,
        "py-urls-ratio",
        rust_fetch.median,
        py_fetch.median,
        "Python's time for the URLs over Rust's",
    );
    record_ratio(
        ctx,
        "py-tiny-ratio",
        rust_tiny.median,
        py_tiny.median,
        "Python's cost per tiny task over Rust's",
    );
    let q = |label: &str, st: &Stats| Quantity::new(label, *st, show::seconds);
    ctx.claim(
        "py-urls-close",
        Claim::ratio_at_most("for the URLs, where the time is spent waiting, Python's pool is within 1.5× of the hand-built one", &q("Python", &py_fetch), &q("Rust", &rust_fetch), 1.5),
    );
    ctx.claim(
        "py-tiny-costlier",
        Claim::greater(
            "for tiny tasks Python's pool costs more per task than the hand-built one",
            &q("Python", &py_tiny),
            &q("Rust", &rust_tiny),
        ),
    );
    Ok(())
}

/// Records every Python result and claim as not run, with the reason.
fn skipped(ctx: &mut LabContext, why: &Skipped) -> anyhow::Result<()> {
    why.print();
    for key in KEYS.iter().chain(&["rust-urls", "rust-tiny"]) {
        ctx.record_result(key, format!("not run ({why})"), "Python series");
    }
    for key in ["py-urls-close", "py-tiny-costlier"] {
        ctx.claim(key, Claim::fact("Python was measured beside Rust", false, why.to_string()));
    }
    Ok(())
}
