//! Experiment 4: workers against cores, and what hyperthreading adds.
//!
//! A fixed amount of work is split evenly between 1, 2, ... threads, for
//! three kinds of work: a chain of integer multiplications, a chain of
//! floating-point multiply-adds, and pointer chasing through memory (each
//! step waits for a cache miss). Up to the number of physical cores, each
//! thread gets a core of its own. Past it, threads share cores: with SMT the
//! two hardware threads of a core fill each other's stalls, which helps most
//! when the work waits (on memory, or on long dependency chains); without
//! SMT, extra threads only take turns.

use super::Settings;
use labkit::measure::timed;
use labkit::plot::{Axis, LinePlot, Series};
use labkit::report::{Csv, Table};
use labkit::work::spin;
use labkit::{LabContext, progress};
use rand::SeedableRng;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use std::hint::black_box;
use std::time::Duration;

/// The kinds of work compared.
#[derive(Clone, Copy)]
enum Kind {
    Integer,
    Float,
    Memory,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Integer => "integer multiply chain",
            Kind::Float => "floating-point multiply-add chain",
            Kind::Memory => "pointer chasing (cache misses)",
        }
    }

    /// Does `steps` steps of this kind of work, starting at `start`.
    fn work(self, steps: u64, start: usize, cycle: &[u32]) -> u64 {
        match self {
            Kind::Integer => spin(steps),
            Kind::Float => {
                let mut x = black_box(1.0f64 + start as f64);
                for _ in 0..steps {
                    x = x * 0.999_999_9 + 1e-7;
                }
                black_box(x).to_bits()
            }
            Kind::Memory => {
                let mut i = start % (cycle.len() / LINE) * LINE;
                for _ in 0..steps {
                    i = cycle[i] as usize;
                }
                black_box(i as u64)
            }
        }
    }
}

/// u32 slots per 64-byte cache line: the pointer chase uses one per line.
const LINE: usize = 16;

/// A pointer-chasing table of `bytes` bytes: following `next[i]` from the
/// start of any cache line visits every line once, in a random order the
/// prefetcher cannot guess, so each step waits for memory. Only the cache
/// lines are shuffled, not every slot: that keeps building it fast.
fn random_cycle(bytes: usize, seed: u64) -> Vec<u32> {
    let lines = bytes / (LINE * 4);
    let mut order: Vec<u32> = (0..lines as u32).collect();
    order.shuffle(&mut StdRng::seed_from_u64(seed));
    let mut next = vec![0u32; lines * LINE];
    for (k, &line) in order.iter().enumerate() {
        next[line as usize * LINE] = order[(k + 1) % lines] * LINE as u32;
    }
    next
}

/// How many steps of `kind` take about `target` on one thread. Measured
/// twice: a short probe gives a first estimate, and a run of a quarter of
/// the target corrects it (a short pointer chase stays in the caches and
/// would make the long one look faster than it is).
fn calibrate(kind: Kind, target: Duration, cycle: &[u32]) -> u64 {
    let probe = 100_000;
    let (_, t) = timed(|| kind.work(probe, 0, cycle));
    let estimate = (probe as f64 * target.as_secs_f64() / t.as_secs_f64().max(1e-9)) as u64;
    let quarter = (estimate / 4).max(1);
    let (_, t) = timed(|| kind.work(quarter, 0, cycle));
    ((quarter as f64 * target.as_secs_f64() / t.as_secs_f64().max(1e-9)) as u64).max(1)
}

/// Measures, prints, and saves `cores.csv` and `cores.svg`.
pub fn run(ctx: &mut LabContext, s: &Settings) -> anyhow::Result<()> {
    let m = ctx.machine.clone();
    let max_workers = s.workers.iter().copied().max().unwrap_or(1).max(m.logical_cores);
    let counts: Vec<usize> = (1..=max_workers).collect();
    let per_kind = if ctx.quick { Duration::from_millis(12) } else { Duration::from_millis(50) };
    // 64 MiB: far larger than the caches, so chasing it misses.
    let cycle = random_cycle(if ctx.quick { 16 << 20 } else { 64 << 20 }, ctx.seed);
    let bar = progress::bar((3 * counts.len()) as u64, "workers vs cores");
    let mut csv = Csv::new(&["kind", "workers", "run", "seconds"]);
    let mut curves = Vec::new();
    for kind in [Kind::Integer, Kind::Float, Kind::Memory] {
        let steps = calibrate(kind, per_kind, &cycle);
        let mut medians = Vec::new();
        for &n in &counts {
            let run_once = || {
                std::thread::scope(|sc| {
                    for w in 0..n {
                        let cycle = &cycle;
                        sc.spawn(move || kind.work(steps / n as u64, w * 7919, cycle));
                    }
                })
            };
            let samples = ctx.sample(run_once);
            for (i, seconds) in samples.seconds() {
                csv.row(&[&kind.name(), &n, &i, &seconds]);
            }
            medians.push(samples.stats().median);
            bar.inc(1);
        }
        let speedups: Vec<(usize, f64)> =
            counts.iter().zip(&medians).map(|(&n, &t)| (n, medians[0] / t)).collect();
        curves.push((kind.name(), speedups));
    }
    bar.finish_and_clear();

    let mut headers = vec!["workers".to_string()];
    headers.extend(curves.iter().map(|c| c.0.to_string()));
    let mut table = Table::new(
        format!("Speedup of a fixed amount of work split over threads; {}", m.cores()),
        &headers.iter().map(String::as_str).collect::<Vec<_>>(),
    );
    for (i, n) in counts.iter().enumerate() {
        let mut row = vec![n.to_string()];
        row.extend(curves.iter().map(|c| format!("{:.2}×", c.1[i].1)));
        table.row(row);
    }
    table.print();
    if m.has_smt() {
        println!(
            "this machine has SMT: compare the speedup at {} (physical) and {} (logical) workers\n",
            m.physical_cores, m.logical_cores
        );
    } else {
        println!(
            "this machine has no SMT ({}): workers past {} only take turns on the cores\n",
            m.cores(),
            m.physical_cores
        );
    }
    ctx.save_csv("cores", "time of a fixed amount of work per kind, worker count and run", &csv)?;

    let top = *counts.last().expect("counts") as f64;
    let ideal =
        |cores: usize| counts.iter().map(|&n| (n as f64, n.min(cores) as f64)).collect::<Vec<_>>();
    let mut plot = LinePlot::new("Workers against cores: where extra threads stop helping")
        .x(Axis::linear("workers (threads)").range(1.0, top))
        .y(Axis::linear("speedup over one thread (×)"))
        .series(
            Series::line(
                format!("one thread per physical core ({})", m.physical_cores),
                ideal(m.physical_cores),
            )
            .dashed(),
        );
    if m.has_smt() {
        plot = plot.series(
            Series::line(
                format!("one thread per logical core ({})", m.logical_cores),
                ideal(m.logical_cores),
            )
            .dashed(),
        );
    }
    for (name, pts) in &curves {
        plot = plot.series(Series::line_points(
            *name,
            pts.iter().map(|&(n, sp)| (n as f64, sp)).collect(),
        ));
    }
    ctx.save_figure(
        "cores",
        &plot,
        &format!("{}; medians of {} runs", m.cores(), ctx.repeat),
        &["cores"],
    )?;
    let (physical, logical) = (m.physical_cores, m.logical_cores);
    ctx.record_result("cores", ctx.machine.cores(), "this machine's cores");
    for (key, (_, pts)) in ["integer", "float", "memory"].iter().zip(&curves) {
        let at = |n: usize| pts.iter().find(|p| p.0 == n).map_or(f64::NAN, |p| p.1);
        ctx.record_result(
            &format!("cores-{key}-physical"),
            format!("{:.2}×", at(physical)),
            &format!("cores: {key} speedup at {physical} workers"),
        );
        if logical != physical {
            ctx.record_result(
                &format!("cores-{key}-logical"),
                format!("{:.2}×", at(logical)),
                &format!("cores: {key} speedup at {logical} workers"),
            );
        }
        let top = pts.iter().map(|p| p.1).fold(0.0, f64::max);
        ctx.record_result(
            &format!("cores-{key}-best"),
            format!("{top:.2}×"),
            &format!("cores: {key}, best speedup"),
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_chase_visits_every_line_once_before_it_comes_back() {
        let next = random_cycle(64 * 100, 3);
        let mut seen = [false; 100];
        let mut i = 0;
        for _ in 0..100 {
            assert_eq!(i % LINE, 0, "the chase stays on line starts");
            assert!(!seen[i / LINE], "line {} visited twice", i / LINE);
            seen[i / LINE] = true;
            i = next[i] as usize;
        }
        assert_eq!(i, 0, "after every line, the chase is back where it started");
    }
}
