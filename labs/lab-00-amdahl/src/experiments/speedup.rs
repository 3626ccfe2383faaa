//! Experiment 1: speedup against workers, next to Amdahl's law.
//!
//! A job with a serial fraction we chose is run on 1, 2, ... workers, with
//! std threads and with rayon. Its speedup is its sequential time divided by
//! its time on `n` workers. Amdahl's law with the chosen fraction predicts a
//! curve; the serial fraction fitted to the measurements says how much more
//! the machine and the runtime serialise on top (thread start-up, the
//! imbalance of the last pieces, memory bandwidth).

use super::Settings;
use crate::fit::serial_fraction;
use crate::runners::{job_rayon, job_std, rayon_pool};
use crate::{amdahl, workload::Job};
use labkit::claim::{Claim, Quantity, show};
use labkit::measure::Stats;
use labkit::plot::{Axis, LinePlot, Series};
use labkit::report::{Csv, Table};
use labkit::{LabContext, progress};
use std::time::Duration;

/// Measures, prints, and saves `speedup.csv`, `speedup.svg` and `amdahl-family.svg`.
pub fn run(ctx: &mut LabContext, s: &Settings) -> anyhow::Result<()> {
    let total = if ctx.quick { Duration::from_millis(25) } else { Duration::from_millis(120) };
    let job = Job::new(&s.cal, total, s.serial, 256);
    let sequential = ctx
        .sample(|| {
            job.serial_phase();
            (0..job.pieces).for_each(|i| {
                job.piece(i);
            });
        })
        .stats();
    let bar = progress::bar((s.workers.len() * 2) as u64, "speedup vs workers");
    let mut csv = Csv::new(&["runner", "workers", "run", "seconds", "sequential_median_seconds"]);
    let mut rows = Vec::new(); // (workers, std speedup, rayon speedup)
    let mut std_runs: Vec<(usize, Vec<f64>)> = Vec::new(); // each std run's speedup
    for &n in &s.workers {
        let pool = rayon_pool(n)?;
        let mut per_runner = Vec::new();
        for (runner, run_once) in [
            ("std threads", &(|| job_std(&job, n)) as &dyn Fn() -> u64),
            ("rayon", &|| job_rayon(&job, &pool)),
        ] {
            let samples = ctx.sample(|| {
                run_once();
            });
            for (i, seconds) in samples.seconds() {
                csv.row(&[&runner, &n, &i, &seconds, &sequential.median]);
            }
            if runner == "std threads" {
                let each = samples.seconds().map(|(_, t)| sequential.median / t).collect();
                std_runs.push((n, each));
            }
            per_runner.push(samples.stats().map(|t| sequential.median / t));
            bar.inc(1);
        }
        rows.push((n, per_runner[0], per_runner[1]));
    }
    bar.finish_and_clear();

    // Amdahl's law speaks of n processors: fit only counts that have a core each.
    let fit = |pick: fn(&(usize, Stats, Stats)) -> &Stats| {
        let points: Vec<(f64, f64)> = rows
            .iter()
            .filter(|r| r.0 <= ctx.machine.physical_cores)
            .map(|r| (r.0 as f64, pick(r).median))
            .collect();
        serial_fraction(&points)
    };
    let fitted = (fit(|r| &r.1), fit(|r| &r.2));
    // No fit without a measurement on 2 or more workers, one per core.
    let shown =
        |f: Option<f64>| f.map_or("n/a (measure 2 or more workers)".into(), |f| format!("{f:.3}"));
    let designed = job.serial_fraction();

    let mut table = Table::new(
        format!(
            "Speedup of a job with serial fraction {designed:.2} (sequential: {:.1} ms)",
            sequential.median * 1e3
        ),
        &["workers", "std threads", "rayon", "Amdahl (as built)"],
    );
    for (n, std, ray) in &rows {
        let amdahl = amdahl::speedup(designed, *n as f64);
        table.row([
            n.to_string(),
            format!("{:.2}×", std.median),
            format!("{:.2}×", ray.median),
            format!("{amdahl:.2}×"),
        ]);
    }
    table.print();
    println!(
        "fitted serial fraction (over 2..={} workers): std threads {}, rayon {} (built with {designed:.3})\n",
        ctx.machine.physical_cores,
        shown(fitted.0),
        shown(fitted.1)
    );
    ctx.save_csv("speedup", "time of the Amdahl job per runner, worker count and run", &csv)?;

    let max_n = *s.workers.last().expect("at least one worker count") as f64;
    let curve = |sf: f64| {
        (1..=(max_n as usize * 4))
            .map(|i| i as f64 / 4.0)
            .filter(|&n| n >= 1.0)
            .map(|n| (n, amdahl::speedup(sf, n)))
            .collect::<Vec<_>>()
    };
    let mut plot = LinePlot::new("Speedup against workers, with Amdahl's law")
        .x(Axis::linear("workers (threads)"))
        .y(Axis::linear("speedup over one thread (×)"))
        .series(Series::line("ideal: n×", vec![(1.0, 1.0), (max_n, max_n)]).dashed())
        .series(
            Series::line(format!("Amdahl, s = {designed:.2} (as built)"), curve(designed)).dashed(),
        );
    if let Some(fitted) = fitted.0 {
        plot = plot.series(
            Series::line(format!("Amdahl, s = {fitted:.2} (fitted to std)"), curve(fitted))
                .dashed(),
        );
    }
    let plot = plot
        .series(Series::measured("std threads (measured)", rows.iter().map(|r| (r.0 as f64, r.1))))
        .series(Series::measured("rayon (measured)", rows.iter().map(|r| (r.0 as f64, r.2))));
    ctx.save_figure(
        "speedup",
        &plot,
        &format!(
            "medians of {} runs, bars from fastest to slowest run; {} physical cores",
            ctx.repeat, ctx.machine.physical_cores
        ),
        &["speedup"],
    )?;
    family(ctx)?;

    let fitted_runs = fit_each_run(&std_runs, ctx.machine.physical_cores);
    claims(ctx, &rows, designed, fitted_runs);
    if let Some((_, std, ray)) = rows.iter().find(|r| r.0 == 2) {
        ctx.record_result(
            "speedup-2-std",
            format!("{:.2}×", std.median),
            "speedup at 2 workers, std threads",
        );
        ctx.record_result(
            "speedup-2-rayon",
            format!("{:.2}×", ray.median),
            "speedup at 2 workers, rayon",
        );
    }
    ctx.record_result(
        "sequential-ms",
        format!("{:.1} ms", sequential.median * 1e3),
        "the Amdahl job on one thread",
    );
    ctx.record_result(
        "serial-built",
        format!("{designed:.3}"),
        "serial fraction the job is built with",
    );
    ctx.record_result("serial-fitted-std", shown(fitted.0), "serial fraction fitted, std threads");
    ctx.record_result("serial-fitted-rayon", shown(fitted.1), "serial fraction fitted, rayon");
    Ok(())
}

/// Amdahl's curves for several serial fractions: computed, not measured.
fn family(ctx: &mut LabContext) -> anyhow::Result<()> {
    let workers: Vec<f64> = (0..=10).map(|k| 2f64.powi(k)).collect();
    let mut plot = LinePlot::new("Amdahl's law: the serial fraction caps the speedup")
        .x(Axis::log("workers (n)"))
        .y(Axis::log("speedup (×)"));
    for s in [0.5, 0.25, 0.1, 0.05, 0.01, 0.0] {
        let label = if s == 0.0 {
            "s = 0 (ideal)".to_string()
        } else {
            format!("s = {s} (limit {:.0}×)", amdahl::limit(s))
        };
        plot = plot.series(Series::line(
            label,
            workers.iter().map(|&n| (n, amdahl::speedup(s, n))).collect(),
        ));
    }
    ctx.save_figure("amdahl-family", &plot, "computed from the formula, not measured", &[])?;
    Ok(())
}

/// The serial fraction fitted to each run on its own (run `i` at every
/// worker count up to `cores`), so the fit has a spread to weigh: `None`
/// without a worker count from 2 to `cores`.
fn fit_each_run(runs: &[(usize, Vec<f64>)], cores: usize) -> Option<Stats> {
    let used: Vec<&(usize, Vec<f64>)> = runs.iter().filter(|r| r.0 <= cores).collect();
    let count = used.iter().map(|r| r.1.len()).min()?;
    let fits: Vec<f64> = (0..count)
        .filter_map(|i| {
            let points: Vec<(f64, f64)> = used.iter().map(|r| (r.0 as f64, r.1[i])).collect();
            serial_fraction(&points)
        })
        .collect();
    Stats::of(&fits)
}

/// The comparisons the chapter states about the speedups.
fn claims(
    ctx: &mut LabContext,
    rows: &[(usize, Stats, Stats)],
    designed: f64,
    fitted_runs: Option<Stats>,
) {
    let speedup = |label: String, s: &Stats| Quantity::new(label, *s, show::ratio);
    let near = match rows.iter().find(|r| r.0 == 2) {
        Some((_, std, _)) => Claim::ratio_at_least(
            "with two workers, std threads reach at least 85 % of the speedup Amdahl's law gives for the job as built",
            &speedup("std threads at 2 workers".into(), std),
            &Quantity::exact("Amdahl at 2 workers", amdahl::speedup(designed, 2.0), show::ratio),
            0.85,
        )
        .if_not("the machine added serial time of its own: another program on a core, or two vCPUs that share one physical core"),
        None => Claim::not_measured("with two workers, std threads reach at least 85 % of Amdahl's speedup", "2 workers were not measured (see --workers)"),
    };
    ctx.claim("near-amdahl-2", near);
    ctx.claim(
        "fitted-above-built",
        match fitted_runs {
            Some(f) => Claim::greater(
                "the serial fraction fitted to each run of std threads is above the one the job was built with",
                &Quantity::new("fitted, median of the runs' fits", f, fraction),
                &Quantity::exact("built", designed, fraction),
            )
            .if_not("the job's own serial phase is nearly all the serial time there is here: starting and joining the threads and waiting for the slowest block cost too little to show in the runs' spread"),
            None => Claim::not_measured("the fitted serial fraction is above the built one", "no fit: measure 2 or more workers, one per core"),
        },
    );
    let cores = ctx.machine.physical_cores;
    let past = match rows.last() {
        Some((n, std, ray)) if *n > cores => Claim::greater(
            format!("past the cores, at {n} workers, rayon's speedup is above std threads' with one fixed block each"),
            &speedup(format!("rayon at {n} workers"), ray),
            &speedup(format!("std threads at {n} workers"), std),
        )
        .if_not("the blocks happened to finish together: the scheduler shared the cores evenly between the threads"),
        _ => Claim::not_measured("past the cores, rayon's speedup is above std threads'", format!("no worker count above the {cores} physical cores was measured")),
    };
    ctx.claim("rayon-above-std-past-cores", past);
}

/// A serial fraction as the evidence writes it: `0.104`.
fn fraction(f: f64) -> String {
    format!("{f:.3}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_run_is_fitted_on_its_own_up_to_the_cores() {
        let exact = |s: f64, n: f64| amdahl::speedup(s, n);
        // Run 0 follows s = 0.1, run 1 s = 0.2, run 2 s = 0.3; 4 workers lie past 2 cores.
        let runs: Vec<(usize, Vec<f64>)> = [1, 2, 4]
            .iter()
            .map(|&n| {
                let past = if n > 2 { 0.9 } else { 1.0 };
                (n, [0.1, 0.2, 0.3].iter().map(|&s| exact(s, n as f64) * past).collect())
            })
            .collect();
        let fits = fit_each_run(&runs, 2).expect("2 workers, one per core");
        assert_eq!(fits.n, 3);
        assert!((fits.median - 0.2).abs() < 1e-9, "{fits:?}");
        assert!((fits.min - 0.1).abs() < 1e-9 && (fits.max - 0.3).abs() < 1e-9, "{fits:?}");
        assert!(fit_each_run(&runs[..1], 2).is_none(), "one worker says nothing");
    }
}
