//! The notebook's program in CPython 3 (`python/cow.py`), and what
//! `gc.freeze()` changes. The script builds its cache, forks five children
//! per row and has each report the memory it made private; see its
//! docstring for the rows. Shares are of the memory the cache took in the
//! parent (its growth in `Rss` while building it).

use super::{Settings, mib, stats};
use labkit::LabContext;
use labkit::claim::{Claim, Quantity, show};
use labkit::plot::{Axis, BarPlot};
use labkit::python::Script;
use labkit::report::{Csv, Table};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::time::Duration;

/// What `cow.py` prints.
#[derive(Deserialize)]
struct Output {
    /// The memory each cache took in the parent, by cache kind.
    cache_bytes: BTreeMap<String, f64>,
    /// One row per (cache, mode, freeze).
    rows: Vec<Row>,
}

/// One family of five children, repeated.
#[derive(Deserialize)]
struct Row {
    /// `ints` (the notebook's list(range(N))) or `lists` (small lists the GC tracks).
    cache: String,
    /// `notebook`, `idle`, `read` or `gc`.
    mode: String,
    /// Whether `gc.freeze()` ran before the fork.
    freeze: bool,
    /// Each child's private memory as a share of the cache, over all runs.
    shares: Vec<f64>,
}

impl Row {
    fn label(&self) -> String {
        let what = match self.mode.as_str() {
            "notebook" => "notebook's Pool.map",
            "idle" => "idle",
            "read" => "iterate",
            "gc" => "gc.collect()",
            other => other,
        };
        let cache = if self.cache == "ints" { "ints" } else { "small lists" };
        format!("{cache}: {what}{}", if self.freeze { " + gc.freeze()" } else { "" })
    }
}

/// The results this experiment records, in order.
const RESULTS: [&str; 8] = [
    "py-notebook",
    "py-notebook-frozen",
    "py-idle",
    "py-read",
    "py-lists-gc",
    "py-lists-gc-frozen",
    "py-lists-read",
    "py-lists-read-frozen",
];

/// The claims this experiment records: key and statement.
const CLAIMS: [(&str, &str); 6] = [
    (
        "py-notebook-copies-whole",
        "each worker of the notebook's Pool.map holds a whole copy of the list (at least 90 % of it), unpickled from the pool's queue rather than copied on write",
    ),
    (
        "py-notebook-freeze-no-help",
        "calling gc.freeze() before the pool forks does not help the notebook's program: each worker still holds at least 90 % as much, because its list arrives pickled and is a new object that no freeze covers",
    ),
    (
        "py-read-copies",
        "a CPython child that only iterates over the inherited list of ints copies more than half of the memory the cache takes",
    ),
    (
        "py-read-not-whole",
        "a CPython child that iterates over the list of ints copies less than the whole cache (under 95 % of it)",
    ),
    (
        "py-freeze-stops-gc-copies",
        "calling gc.freeze() before the fork keeps a child's garbage collection from copying the cache: the child copies at most a tenth of what it copies without",
    ),
    (
        "py-freeze-not-for-reads",
        "calling gc.freeze() does not stop the copies made by reading: iterating copies at least 90 % as much with it as without",
    ),
];

pub fn run(ctx: &mut LabContext, s: &Settings) -> anyhow::Result<()> {
    s.python.record(ctx);
    let script = Script::new(ctx.lab, "cow.py")
        .args(["--objects", &s.python_objects.to_string(), "--repeat", &ctx.repeat.to_string()])
        .deadline(Duration::from_secs(120));
    let out = match s.python.run::<Output>(&script) {
        Ok(out) => out,
        Err(skipped) => {
            skipped.print();
            // The chapter quotes these; without Python they say why there is nothing.
            for key in RESULTS {
                ctx.record_result(key, "skipped", &skipped.note());
            }
            for (key, statement) in CLAIMS {
                ctx.claim(key, Claim::not_measured(statement, skipped.note()));
            }
            // The page shows this figure: say in it why it is empty.
            let empty = BarPlot::new("CPython: what a forked child copies (not measured)")
                .categories(["no Python"])
                .y(Axis::linear("private memory (share of the cache)"))
                .group("nothing measured", vec![0.0]);
            ctx.save_figure("python", &empty, &skipped.note(), &[])?;
            return Ok(());
        }
    };
    let mut csv = Csv::new(&["cache", "mode", "freeze", "child_run", "private_share"]);
    let mut table = Table::new(
        format!(
            "CPython: each child's private memory, as a share of the cache ({} objects: ints {}, small lists {})",
            s.python_objects,
            mib(out.cache_bytes.get("ints").copied().unwrap_or(0.0)),
            mib(out.cache_bytes.get("lists").copied().unwrap_or(0.0)),
        ),
        &["children that", "private (median)"],
    );
    let mut found = BTreeMap::new();
    for row in &out.rows {
        for (i, share) in row.shares.iter().enumerate() {
            csv.row(&[&row.cache, &row.mode, &row.freeze, &i, share]);
        }
        let st = stats(&row.shares);
        table.row([row.label(), show::percent(st.median)]);
        found.insert(
            (row.cache.clone(), row.mode.clone(), row.freeze),
            Quantity::new(row.label(), st, show::percent),
        );
    }
    table.print();
    ctx.save_csv("python", "CPython children's private memory as a share of the cache", &csv)?;
    let plot = BarPlot::new("CPython: what a forked child copies")
        .categories(out.rows.iter().map(Row::label))
        .y(Axis::linear("private memory (share of the cache)"))
        .group_measured("each of 5 children", out.rows.iter().map(|r| stats(&r.shares)).collect())
        .value_labels(true)
        .size(900, 420);
    ctx.save_figure(
        "python",
        &plot,
        &format!(
            "{} objects per cache, 5 children per row; median over children and {} runs",
            s.python_objects, ctx.repeat
        ),
        &["python"],
    )?;

    let get = |cache: &str, mode: &str, freeze: bool| {
        found
            .get(&(cache.to_string(), mode.to_string(), freeze))
            .cloned()
            .ok_or_else(|| anyhow::anyhow!("cow.py printed no row {cache}/{mode}/{freeze}"))
    };
    let (notebook, idle, read) =
        (get("ints", "notebook", false)?, get("ints", "idle", false)?, get("ints", "read", false)?);
    let notebook_frozen = get("ints", "notebook", true)?;
    let (lists_gc, lists_gc_frozen) = (get("lists", "gc", false)?, get("lists", "gc", true)?);
    let (lists_read, lists_read_frozen) =
        (get("lists", "read", false)?, get("lists", "read", true)?);
    for (key, q, what) in [
        ("py-notebook", &notebook, "the notebook's Pool.map workers"),
        ("py-notebook-frozen", &notebook_frozen, "the same after gc.freeze() in the parent"),
        ("py-idle", &idle, "an idle CPython child"),
        ("py-read", &read, "a CPython child iterating over list(range(N))"),
        ("py-lists-gc", &lists_gc, "a CPython child running gc.collect() over small lists"),
        ("py-lists-gc-frozen", &lists_gc_frozen, "the same after gc.freeze() in the parent"),
        ("py-lists-read", &lists_read, "a CPython child iterating over small lists"),
        ("py-lists-read-frozen", &lists_read_frozen, "the same after gc.freeze() in the parent"),
    ] {
        ctx.record_result(
            key,
            show::percent(q.stats.median),
            &format!("private memory of {what}, as a share of the cache"),
        );
    }
    ctx.claim(
        CLAIMS[0].0,
        Claim::fact(CLAIMS[0].1, notebook.stats.median >= 0.9, notebook.shown()),
    );
    ctx.claim(CLAIMS[1].0, Claim::ratio_at_least(CLAIMS[1].1, &notebook_frozen, &notebook, 0.9));
    ctx.claim(
        CLAIMS[2].0,
        Claim::fact(
            CLAIMS[2].1,
            read.stats.median > 0.5 && idle.stats.median < 0.05,
            format!("{}; {}", read.shown(), idle.shown()),
        ),
    );
    ctx.claim(CLAIMS[3].0, Claim::fact(CLAIMS[3].1, read.stats.median < 0.95, read.shown()));
    ctx.claim(CLAIMS[4].0, Claim::ratio_at_most(CLAIMS[4].1, &lists_gc_frozen, &lists_gc, 0.1));
    ctx.claim(
        CLAIMS[5].0,
        Claim::ratio_at_least(CLAIMS[5].1, &lists_read_frozen, &lists_read, 0.9),
    );
    Ok(())
}
