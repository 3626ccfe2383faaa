//! Experiment 2: chunk size, between communication overhead and imbalance.
//!
//! The same skewed tasks are pulled by the workers in chunks of 1, 2, 4, ...
//! tasks. Each chunk costs a message to the worker and one back. Tiny chunks
//! pay that cost thousands of times; huge chunks leave one worker with all
//! the long tasks while the others idle. rayon, left to its defaults, is the
//! reference: it splits work adaptively and steals.

use super::Settings;
use crate::runners::{rayon_pool, tasks_pulled, tasks_rayon};
use crate::workload::skewed_tasks;
use labkit::claim::{Claim, Quantity, show};
use labkit::measure::Stats;
use labkit::plot::{Axis, LinePlot, Series};
use labkit::report::{Csv, Table};
use labkit::{LabContext, progress};
use std::time::Duration;

/// Measures, prints, and saves `chunk-size.csv` and `chunk-size.svg`.
pub fn run(ctx: &mut LabContext, s: &Settings) -> anyhow::Result<()> {
    let count = if ctx.quick { 1024 } else { 4096 };
    let tasks = skewed_tasks(&s.cal, count, Duration::from_micros(10), 20.0, ctx.seed);
    let workers = ctx.machine.logical_cores;
    let ideal = tasks.iter().sum::<u64>() as f64 / s.cal.iterations_per_us / 1e6 / workers as f64;
    let chunks: Vec<usize> = (0..).map(|k| 1 << k).take_while(|&c| c <= count / workers).collect();
    let bar = progress::bar(chunks.len() as u64 + 1, "chunk sizes");
    let mut csv = Csv::new(&["runner", "chunk", "run", "seconds"]);
    let mut measure = |name: &str, chunk: usize, run: &dyn Fn() -> u64| {
        let samples = ctx.sample(|| {
            run();
        });
        for (i, seconds) in samples.seconds() {
            csv.row(&[&name, &chunk, &i, &seconds]);
        }
        bar.inc(1);
        samples.stats()
    };
    let pulled: Vec<(usize, Stats)> = chunks
        .iter()
        .map(|&c| {
            (c, measure("pulled from a channel", c, &|| tasks_pulled(&tasks, workers, c, None)))
        })
        .collect();
    let pool = rayon_pool(workers)?;
    let rayon = measure("rayon (default splitting)", 0, &|| tasks_rayon(&tasks, &pool, usize::MAX));
    bar.finish_and_clear();

    let mut table = Table::new(
        format!("{count} skewed tasks (mean 10 µs) on {workers} workers, pulled in chunks"),
        &["chunk (tasks)", "messages", "time (ms)", "× ideal"],
    );
    for (c, st) in &pulled {
        table.row([
            c.to_string(),
            (2 * count.div_ceil(*c)).to_string(),
            format!("{:.2}", st.median * 1e3),
            format!("{:.2}", st.median / ideal),
        ]);
    }
    table.row([
        "rayon".into(),
        "-".into(),
        format!("{:.2}", rayon.median * 1e3),
        format!("{:.2}", rayon.median / ideal),
    ]);
    table.print();
    let (best_chunk, best) =
        pulled.iter().min_by(|a, b| a.1.median.total_cmp(&b.1.median)).expect("some chunks");
    let per_message = (pulled[0].1.median - best.median) * workers as f64 / (2 * count) as f64;
    println!(
        "best chunk: {best_chunk} tasks; chunks of one cost about {:.2} µs per message more\n",
        per_message * 1e6
    );
    ctx.save_csv(
        "chunk-size",
        "time to run the skewed tasks per chunk size (chunk 0 = rayon)",
        &csv,
    )?;

    let last = *chunks.last().expect("some chunks") as f64;
    let plot = LinePlot::new("Chunk size: overhead on the left, imbalance on the right")
        .x(Axis::log("chunk size (tasks per message)"))
        .y(Axis::linear("time to run all tasks (ms)"))
        .series(
            Series::line(
                "ideal: total work / workers",
                vec![(1.0, ideal * 1e3), (last, ideal * 1e3)],
            )
            .dashed(),
        )
        .series(
            Series::line(
                "rayon, default splitting",
                vec![(1.0, rayon.median * 1e3), (last, rayon.median * 1e3)],
            )
            .dashed(),
        )
        .series(Series::measured(
            "workers pulling chunks from a channel",
            pulled.iter().map(|(c, st)| (*c as f64, st.map(|t| t * 1e3))),
        ));
    ctx.save_figure(
        "chunk-size",
        &plot,
        &format!(
            "{count} tasks, {workers} workers; medians of {} runs, bars from fastest to slowest",
            ctx.repeat
        ),
        &["chunk-size"],
    )?;
    let q = |label: String, s: &Stats| Quantity::new(label, *s, show::seconds);
    let best_q = q(format!("chunks of {best_chunk}"), best);
    let largest = &pulled.last().expect("some chunks").1;
    ctx.claim(
        "valley",
        Claim::all(
            "both chunks of one task and one chunk per worker take longer than the best chunk size",
            vec![
                Claim::greater("chunks of 1", &q("chunks of 1".into(), &pulled[0].1), &best_q),
                Claim::greater(
                    "one chunk per worker",
                    &q(format!("chunks of {last}"), largest),
                    &best_q,
                ),
            ],
        ),
    );
    let ms = |t: f64| format!("{:.1} ms", t * 1e3);
    ctx.record_result("chunk-tasks", count.to_string(), "tasks in the chunk-size experiment");
    ctx.record_result(
        "chunk-ideal-ms",
        ms(ideal),
        "chunk sizes: ideal time (total work / workers)",
    );
    ctx.record_result(
        "chunk-1-ms",
        ms(pulled[0].1.median),
        "chunk sizes: time with chunks of 1 task",
    );
    ctx.record_result("chunk-best", best_chunk.to_string(), "chunk sizes: the fastest chunk size");
    ctx.record_result(
        "chunk-best-ms",
        ms(best.median),
        "chunk sizes: time with the fastest chunk size",
    );
    ctx.record_result(
        "chunk-largest",
        last.to_string(),
        "chunk sizes: the largest chunk (one per worker)",
    );
    ctx.record_result(
        "chunk-largest-ms",
        ms(pulled.last().expect("some").1.median),
        "chunk sizes: time with one chunk per worker",
    );
    ctx.record_result(
        "chunk-rayon-ms",
        ms(rayon.median),
        "chunk sizes: time with rayon's defaults",
    );
    ctx.record_result(
        "chunk-message-us",
        format!("{:.2} µs", per_message * 1e6),
        "chunk sizes: extra cost per message at chunk 1",
    );
    Ok(())
}
