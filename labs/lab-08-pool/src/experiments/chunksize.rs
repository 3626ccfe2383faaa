//! Experiment 3: the pool's own cost per message, through chunk size.
//!
//! Tiny tasks (`x + 1`) through `imap_unordered` with chunks of 1 to 1024
//! tasks. Every chunk is one job on the queue and one batch of results
//! back, so the cost per task is the work (nothing, here) plus the cost of
//! two messages divided by the chunk size. Chapter 00 measured the other
//! side of the trade, load balance with real work (its `chunk-size`
//! figure); this one isolates what the pool adds.

use super::{Settings, time};
use crate::pool::Pool;
use labkit::claim::{Claim, Quantity, show};
use labkit::measure::Stats;
use labkit::plot::{Axis, LinePlot, Series};
use labkit::report::{Csv, Table};
use labkit::{LabContext, progress};

/// The chunk sizes measured.
pub const CHUNKS: [usize; 6] = [1, 4, 16, 64, 256, 1024];

/// Seconds per tiny task through the pool with chunks of `chunksize`.
pub fn per_task(ctx: &LabContext, pool: &Pool, chunksize: usize) -> Stats {
    ctx.sample_units(|n| {
        let sum = pool
            .imap_unordered(|x: u64| x + 1, 0..n, chunksize)
            .expect("open")
            .map(|(_, r)| r.unwrap_or(0))
            .sum::<u64>();
        std::hint::black_box(sum);
    })
    .per_unit()
}

pub fn run(ctx: &mut LabContext, s: &Settings) -> anyhow::Result<()> {
    let pool = Pool::new(s.workers);
    let bar = progress::bar(CHUNKS.len() as u64, "chunk size");
    let mut csv = Csv::new(&["chunksize", "median_s_per_task", "min_s", "max_s"]);
    let mut curve = Vec::new();
    for c in CHUNKS {
        let st = per_task(ctx, &pool, c);
        if c == 1 {
            let _ = s.chunk_1.set(st);
        }
        csv.row(&[&c, &st.median, &st.min, &st.max]);
        curve.push((c, st));
        bar.inc(1);
    }
    bar.finish_and_clear();
    ctx.save_csv("chunksize", "cost per tiny task through imap_unordered, by chunk size", &csv)?;

    let mut table = Table::new(
        format!("Cost per tiny task, imap_unordered, {} workers", s.workers),
        &["chunk size", "per task", "spread"],
    );
    for (c, st) in &curve {
        table.row([c.to_string(), time(st.median), format!("{:.0}%", st.rel_spread() * 100.0)]);
    }
    table.print();
    let plot = LinePlot::new("The pool's cost per task against chunk size")
        .x(Axis::log("chunk size (tasks per message)"))
        .y(Axis::log("cost per task (ns)"))
        .series(Series::measured(
            "hand-built pool, imap_unordered",
            curve.iter().map(|(c, st)| (*c as f64, st.map(|t| t * 1e9))),
        ));
    ctx.save_figure(
        "chunksize",
        &plot,
        &format!(
            "tasks that do nothing (x + 1), {} workers; medians of {} calibrated samples",
            s.workers, ctx.repeat
        ),
        &["chunksize"],
    )?;

    let (first, last) = (&curve[0], &curve[curve.len() - 1]);
    ctx.record_result(
        "chunk-1",
        time(first.1.median),
        "cost per tiny task, chunks of 1 (two messages per task)",
    );
    ctx.record_result(
        "chunk-largest",
        time(last.1.median),
        &format!("cost per tiny task, chunks of {}", last.0),
    );
    ctx.record_result("chunk-largest-size", last.0.to_string(), "the largest chunk size measured");
    let points: Vec<Quantity> = curve
        .iter()
        .map(|(c, st)| Quantity::new(format!("chunks of {c}"), *st, show::seconds))
        .collect();
    ctx.claim(
        "chunks-cheaper",
        Claim::falls("the cost per tiny task falls as the chunk size grows", &points)
            .if_not("past a few hundred tasks per message the messages are already cheap, and what is left (the results' vector, the caller's loop) does not shrink further; on a busy machine the last steps drown in noise"),
    );
    ctx.claim(
        "chunk-ratio",
        Claim::ratio_at_least(
            format!("chunks of 1 cost at least 10× more per tiny task than chunks of {}", last.0),
            &points[0],
            &points[points.len() - 1],
            10.0,
        ),
    );
    Ok(())
}
