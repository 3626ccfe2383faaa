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
//!
//! The work is cut into equal blocks, one per thread, so with one thread
//! more than there are cores some core gets two blocks, and the run lasts
//! as long as those two take unless the scheduler moves threads around to
//! even it out: the figure draws that bound, `n / ⌈n / cores⌉`, dashed, and
//! a claim checks whether one thread past the cores was slower than one
//! per core.

use super::Settings;
use labkit::claim::{Claim, Quantity, show};
use labkit::measure::Stats;
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
        let mut times: Vec<Stats> = Vec::new();
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
            times.push(samples.stats());
            bar.inc(1);
        }
        curves.push(Curve { kind, times });
    }
    bar.finish_and_clear();

    let mut headers = vec!["workers".to_string()];
    headers.extend(curves.iter().map(|c| c.kind.name().to_string()));
    let mut table = Table::new(
        format!("Speedup of a fixed amount of work split over threads; {}", m.cores()),
        &headers.iter().map(String::as_str).collect::<Vec<_>>(),
    );
    for (i, n) in counts.iter().enumerate() {
        let mut row = vec![n.to_string()];
        row.extend(curves.iter().map(|c| format!("{:.2}×", c.speedup(i).median)));
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
    plot = plot.series(
        Series::line(
            format!("equal blocks, whole blocks per core: n / ⌈n / {}⌉", m.logical_cores),
            counts.iter().map(|&n| (n as f64, equal_blocks(n, m.logical_cores))).collect(),
        )
        .dashed(),
    );
    for curve in &curves {
        plot = plot.series(Series::measured(
            curve.kind.name(),
            (0..counts.len()).map(|i| (counts[i] as f64, curve.speedup(i))),
        ));
    }
    ctx.save_figure(
        "cores",
        &plot,
        &format!(
            "{}; medians of {} runs, bars from the slowest to the fastest run",
            m.cores(),
            ctx.repeat
        ),
        &["cores"],
    )?;
    let (physical, logical) = (m.physical_cores, m.logical_cores);
    ctx.record_result("cores", ctx.machine.cores(), "this machine's cores");
    for (key, curve) in ["integer", "float", "memory"].iter().zip(&curves) {
        let pts: Vec<(usize, f64)> =
            (0..counts.len()).map(|i| (counts[i], curve.speedup(i).median)).collect();
        let at = |n: usize| pts.iter().find(|p| p.0 == n).map_or(f64::NAN, |p| p.1);
        let past = if counts.contains(&(logical + 1)) {
            format!("{:.2}×", at(logical + 1))
        } else {
            format!("not measured ({} workers were not run)", logical + 1)
        };
        ctx.record_result(
            &format!("cores-{key}-past"),
            past,
            &format!("cores: {key} speedup at {} workers", logical + 1),
        );
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
    ctx.record_result(
        "cores-equal-blocks-past",
        format!("{:.2}×", equal_blocks(logical + 1, logical)),
        "equal blocks, whole blocks per core: speedup at one worker past the logical cores",
    );
    ctx.claim("cores-dip-past", dip_claim(&counts, &curves, logical));
    Ok(())
}

/// One kind of work: the time of each worker count's runs, in `counts` order.
struct Curve {
    kind: Kind,
    times: Vec<Stats>,
}

impl Curve {
    /// The speedup of the runs at index `i` over one thread's median.
    fn speedup(&self, i: usize) -> Stats {
        let one = self.times[0].median;
        self.times[i].map(|t| one / t)
    }
}

/// The speedup of `n` equal blocks on `cores` cores when each block stays
/// on one core: the busiest core runs `⌈n / cores⌉` of them.
fn equal_blocks(n: usize, cores: usize) -> f64 {
    n as f64 / n.div_ceil(cores.max(1)) as f64
}

/// One thread past the logical cores takes longer than one per core, for
/// every kind of work.
fn dip_claim(counts: &[usize], curves: &[Curve], logical: usize) -> Claim {
    let statement = format!(
        "every kind of work takes longer with {} threads, one more than the {logical} logical cores, than with {logical}",
        logical + 1
    );
    let (Some(at), Some(past)) =
        (counts.iter().position(|&n| n == logical), counts.iter().position(|&n| n == logical + 1))
    else {
        return Claim::not_measured(
            statement,
            format!("the run did not measure both {logical} and {} threads", logical + 1),
        );
    };
    let parts = curves
        .iter()
        .map(|c| {
            let q = |i: usize| {
                Quantity::new(format!("{} threads", counts[i]), c.times[i], show::seconds)
            };
            Claim::greater(c.kind.name(), &q(past), &q(at))
        })
        .collect();
    Claim::all(statement, parts).if_not(
        "the scheduler can move the threads between the cores often enough to share the time out evenly, and then one thread more costs little",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_blocks_leave_the_busiest_core_with_the_most_blocks() {
        assert_eq!(equal_blocks(1, 2), 1.0);
        assert_eq!(equal_blocks(2, 2), 2.0);
        assert_eq!(equal_blocks(3, 2), 1.5, "one core runs two of the three blocks");
        assert_eq!(equal_blocks(4, 2), 2.0);
    }

    /// Runs of median `m` spread ±1 %.
    fn runs(m: f64) -> Stats {
        Stats { n: 5, median: m, min: 0.98 * m, max: 1.02 * m, q1: 0.99 * m, q3: 1.01 * m }
    }

    #[test]
    fn the_dip_claim_follows_the_times_and_needs_both_counts() {
        let curve = |t: [f64; 3]| Curve { kind: Kind::Integer, times: t.map(runs).to_vec() };
        let counts = [1, 2, 3];
        assert!(dip_claim(&counts, &[curve([1.0, 0.5, 0.66])], 2).held());
        let even = dip_claim(&counts, &[curve([1.0, 0.5, 0.5])], 2);
        assert_eq!(even.verdict, labkit::claim::Verdict::NotHeld, "{even:?}");
        let short = dip_claim(&counts[..2], &[curve([1.0, 0.5, 0.5])], 2);
        assert!(short.evidence.starts_with("not measured"), "{short:?}");
    }

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
