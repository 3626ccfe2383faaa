//! One job's table, CSV and figure: wall time against workers, for threads
//! and processes in each language, with one task at a time as a dashed
//! level line.

use super::{Point, Settings};
use crate::jobs::Job;
use crate::modes::Mode;
use labkit::LabContext;
use labkit::claim::show;
use labkit::plot::{Axis, LinePlot, Series};
use labkit::report::{Csv, Table};

/// What each job is, for titles.
pub fn title(job: &Job) -> String {
    match job {
        Job::Io { urls, .. } => format!("I/O-bound: {} page fetches", urls.len()),
        Job::Cpu { limit, .. } => format!("CPU-bound: primes below {limit}"),
        Job::Data { chunks } => {
            let mib = chunks.iter().map(Vec::len).sum::<usize>() as f64 / f64::from(1 << 20);
            format!("data-heavy: lines counted in {mib:.0} MiB, {} chunks", chunks.len())
        }
    }
}

/// Prints the table, saves `<job>.csv` and `<job>.svg`.
pub fn job(ctx: &mut LabContext, s: &Settings, job: &Job, points: &[Point]) -> anyhow::Result<()> {
    let key = job.key();
    let mut table = Table::new(
        format!("{}: wall time (median of {} runs)", title(job), ctx.repeat),
        &["language", "mode", "workers", "wall time", "spread"],
    );
    let mut csv =
        Csv::new(&["language", "mode", "workers", "median_seconds", "q1_seconds", "q3_seconds"]);
    for p in points {
        let spread = format!("{:.0} %", 100.0 * p.stats.rel_spread());
        table.row(vec![
            p.language.to_string(),
            p.mode.key().to_string(),
            p.workers.to_string(),
            show::seconds(p.stats.median),
            spread,
        ]);
        csv.row(&[
            &p.language,
            &p.mode.key(),
            &p.workers,
            &p.stats.median,
            &p.stats.q1,
            &p.stats.q3,
        ]);
    }
    table.print();
    ctx.save_csv(key, &format!("{}: wall time per language, mode and workers", title(job)), &csv)?;

    let top = *s.workers.last().expect("worker counts") as f64;
    let mut plot = LinePlot::new(format!("{}: wall time against workers", title(job)))
        .x(Axis::linear("workers (threads or processes)"))
        .y(Axis::log("wall time of the whole job (s)"));
    for language in ["Rust", "Python"] {
        let of =
            |mode: Mode| points.iter().filter(move |p| p.language == language && p.mode == mode);
        if let Some(one) = of(Mode::Sequential).next() {
            let level = one.stats.median;
            plot = plot.series(
                Series::line(
                    format!("{language}, one task at a time"),
                    vec![(1.0, level), (top, level)],
                )
                .dashed(),
            );
        }
        for mode in [Mode::Threads, Mode::Processes] {
            let curve: Vec<(f64, labkit::measure::Stats)> =
                of(mode).map(|p| (p.workers as f64, p.stats)).collect();
            if !curve.is_empty() {
                plot = plot.series(Series::measured(format!("{language}, {}", mode.key()), curve));
            }
        }
    }
    ctx.save_figure(
        key,
        &plot,
        &format!("medians of {} runs, bars from the fastest to the slowest run", ctx.repeat),
        &[key],
    )?;
    Ok(())
}
