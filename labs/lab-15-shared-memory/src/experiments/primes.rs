//! The notebook's prime check over processes: each variant timed on each
//! number (the median of several calibrated runs), and the curve of the
//! time against the check interval N on the number where the flag matters
//! most: expensive non-prime 2, whose smallest factor lies early in the
//! second worker's range.

use super::{NUMBERS, Settings};
use crate::prime::{SERIAL_CUTOFF, root_bound};
use crate::team::{Policy, Runner, is_prime};
use labkit::LabContext;
use labkit::Stats;
use labkit::claim::{Claim, Quantity, show};
use labkit::plot::{Axis, BarPlot, LinePlot, Series};
use labkit::report::{Csv, Table};

/// Why a claim about a prime's time may fail on a busy machine.
const BUSY: &str = "a shared machine's load changes between the runs of one variant and the next, and a prime takes a quarter second per run: noise can be larger than the cost measured";

/// The smallest factor of expensive non-prime 1 (a test checks it).
pub const NP1_FACTOR: u64 = 95_362_951;

/// The notebook's `CHECK_EVERY`.
pub const NOTEBOOK_EVERY: u64 = 1000;

/// The variants, as the chapter names them.
pub const VARIANTS: [(&str, Policy, Runner); 4] = [
    ("processes, no flag", Policy::NoFlag, Runner::Processes),
    (
        "processes, atomic flag in a shared mapping",
        Policy::Atomic { every: NOTEBOOK_EVERY },
        Runner::Processes,
    ),
    ("processes, flag behind a lock", Policy::Locked { every: NOTEBOOK_EVERY }, Runner::Processes),
    ("threads, atomic flag", Policy::Atomic { every: NOTEBOOK_EVERY }, Runner::Threads),
];

/// Times a check of `n`: a check that lasts at least the kit's minimum
/// sample is simply run [`LabContext::repeat`] times (the first run is one
/// of them: a run of a quarter second needs no warm-up); a faster one is
/// calibrated and repeated until each sample lasts that long. Returns
/// seconds per check, and the answer.
pub fn time_check(
    ctx: &LabContext,
    n: u64,
    workers: usize,
    policy: Policy,
    runner: Runner,
) -> anyhow::Result<(Stats, bool)> {
    let start = std::time::Instant::now();
    let expected = is_prime(n, workers, policy, runner)?;
    let first = start.elapsed();
    if first >= ctx.min_sample() {
        let mut runs = vec![first.as_secs_f64()];
        for _ in 1..ctx.repeat {
            let start = std::time::Instant::now();
            anyhow::ensure!(
                is_prime(n, workers, policy, runner)? == expected,
                "{n}: the answer changed between runs"
            );
            runs.push(start.elapsed().as_secs_f64());
        }
        return Ok((Stats::of(&runs).expect("at least one run"), expected));
    }
    let mut error = None;
    let per = ctx.sample_units(|k| {
        for _ in 0..k {
            match is_prime(n, workers, policy, runner) {
                Ok(p) if p == expected => {}
                Ok(_) => error = Some(anyhow::anyhow!("{n}: the answer changed between runs")),
                Err(e) => error = Some(e),
            }
        }
    });
    if let Some(e) = error {
        return Err(e);
    }
    Ok((per.per_unit(), expected))
}

pub fn run(ctx: &mut LabContext, s: &Settings) -> anyhow::Result<()> {
    let mut csv = Csv::new(&[
        "variant",
        "number",
        "n",
        "is_prime",
        "seconds_median",
        "seconds_min",
        "seconds_max",
    ]);
    let mut table = Table::new(
        format!("Time per number, {} workers (median of {} runs)", s.workers, ctx.repeat),
        &["number", "prime?", "no flag", "atomic flag", "flag behind a lock", "threads + atomic"],
    );
    // found[variant][number] = Quantity
    let mut found: Vec<Vec<Quantity>> = vec![Vec::new(); VARIANTS.len()];
    for &i in &s.numbers {
        let (label, n) = NUMBERS[i];
        let mut row = vec![label.to_string(), String::new()];
        for (v, &(name, policy, runner)) in VARIANTS.iter().enumerate() {
            let (st, prime) = time_check(ctx, n, s.workers, policy, runner)?;
            row[1] = if prime { "prime".into() } else { "not prime".into() };
            csv.row(&[&name, &label, &n, &prime, &st.median, &st.min, &st.max]);
            row.push(show::seconds(st.median));
            found[v].push(Quantity::new(format!("{name}, {label}"), st, show::seconds));
            let key = format!("{}-{}", variant_key(v), number_key(i));
            ctx.record_result(
                &key,
                show::seconds(st.median),
                &format!("time to check {label}: {name}"),
            );
        }
        table.row(row);
    }
    table.print();
    ctx.save_csv("primes", "time per number for each variant", &csv)?;
    let labels: Vec<&str> = s.numbers.iter().map(|&i| NUMBERS[i].0).collect();
    let mut plot = BarPlot::new("Time to check each number")
        .categories(labels.iter().copied())
        .y(Axis::log("time per check (s)"))
        .size(900, 420);
    for (v, (name, _, _)) in VARIANTS.iter().enumerate() {
        plot = plot.group_measured(*name, found[v].iter().map(|q| q.stats).collect());
    }
    ctx.save_figure(
        "primes",
        &plot,
        &format!(
            "{} workers, flags looked at every {NOTEBOOK_EVERY} candidates; median of {} runs",
            s.workers, ctx.repeat
        ),
        &["primes"],
    )?;

    let at = |v: usize, number: usize| {
        s.numbers.iter().position(|&i| i == number).map(|p| found[v][p].clone())
    };
    if let (Some(none), Some(flag)) = (at(0, 2), at(1, 2)) {
        ctx.claim(
            "flag-stops-early",
            Claim::less(
                "on expensive non-prime 2 the flag makes the check faster than no flag",
                &flag,
                &none,
            ),
        );
        ctx.record_result(
            "flag-speedup-np2",
            show::ratio(none.stats.median / flag.stats.median),
            "no flag against the atomic flag on expensive non-prime 2",
        );
    }
    // Where np1's smallest factor lies among the workers' ranges.
    let np1 = NUMBERS[1].1;
    let parts = crate::prime::ranges(SERIAL_CUTOFF, root_bound(np1), s.workers);
    let (k, &(from, to)) = parts
        .iter()
        .enumerate()
        .find(|(_, (from, to))| (*from..*to).contains(&NP1_FACTOR))
        .expect("the factor lies below the square root");
    let along = (NP1_FACTOR - from) as f64 / (to - from) as f64;
    ctx.record_result(
        "np1-factor-at",
        format!("{} % of worker {} of {}'s range", (along * 100.0).round(), k + 1, s.workers),
        "where expensive non-prime 1's smallest factor lies",
    );
    const FLAG_NP1: &str = "on expensive non-prime 1 the flag saves time too";
    match (at(0, 1), at(1, 1)) {
        (Some(none), Some(flag)) => ctx.claim(
            "flag-np1",
            Claim::less(FLAG_NP1, &flag, &none)
                .if_not(format!("the factor lies {:.0} % of the way through worker {} of {}'s range, so the workers after it can stop early but the saving is a smaller share of the check, and noise between runs can hide it", along * 100.0, k + 1, s.workers)),
        ),
        _ => ctx.claim(
            "flag-np1",
            Claim::not_measured(FLAG_NP1, "expensive non-prime 1 is checked only in the full run (not with --quick)"),
        ),
    }
    if let (Some(none), Some(flag), Some(lock), Some(threads)) =
        (at(0, 3), at(1, 3), at(2, 3), at(3, 3))
    {
        ctx.claim(
            "flag-free-on-primes",
            Claim::ratio_at_most("on a prime, looking at the atomic flag every 1000 candidates costs at most 5 % over no flag", &flag, &none, 1.05)
                .if_not(BUSY),
        );
        // Each worker looks about (its candidates / 1000) times.
        let n = NUMBERS[3].1;
        let looks =
            (root_bound(n) - SERIAL_CUTOFF) as f64 / 2.0 / s.workers as f64 / NOTEBOOK_EVERY as f64;
        let extra = (lock.stats.median - flag.stats.median) / looks;
        ctx.record_result(
            "locked-extra-per-look",
            if extra > 0.0 {
                show::seconds(extra)
            } else {
                "nothing (the lock was not slower)".into()
            },
            "on prime 1: (flag behind a lock - atomic flag) / looks per worker",
        );
        let stretch = flag.stats.median / looks;
        ctx.record_result(
            "stretch-p1",
            show::seconds(stretch),
            "on prime 1, atomic flag: time for one stretch of 1000 candidates",
        );
        if let Some(&most) = s.every.last() {
            ctx.record_result(
                "late-cost-max",
                format!(
                    "{} at N = {most}",
                    show::seconds(stretch * most as f64 / NOTEBOOK_EVERY as f64)
                ),
                "the longest a worker can run on after the factor is found, at the largest N",
            );
        }
        ctx.claim(
            "lock-flag-cheap-at-1000",
            Claim::ratio_at_most("at one look every 1000 candidates, a flag behind a lock costs at most 5 % more than an atomic one on a prime", &lock, &flag, 1.05)
                .if_not("each look at a lock is a write (lock and unlock) to a cache line the other workers write too, so every look waits for the line to come over from another core's cache, and a stretch of 1000 divisions is short enough for that wait to show; on a busy machine a worker can also lose its core while it holds the lock"),
        );
        ctx.claim(
            "threads-like-processes",
            Claim::all(
                "threads with an atomic flag check a prime within 10 % of the time processes take",
                vec![
                    Claim::ratio_at_most("threads at most 10 % slower", &threads, &flag, 1.1),
                    Claim::ratio_at_least(
                        "threads at most 10 % faster",
                        &threads,
                        &flag,
                        1.0 / 1.1,
                    ),
                ],
            )
            .if_not(BUSY),
        );
    }
    every_curve(ctx, s)
}

/// The time on expensive non-prime 2 against N, for the atomic and the locked flag.
fn every_curve(ctx: &mut LabContext, s: &Settings) -> anyhow::Result<()> {
    let (label, n) = NUMBERS[2];
    let mut csv = Csv::new(&["flag", "every", "seconds_median", "seconds_min", "seconds_max"]);
    let mut plot = LinePlot::new(format!("Time to check {label} against the check interval N"))
        .x(Axis::log("N: candidates between looks at the flag"))
        .y(Axis::log("time per check (s)"));
    let mut table =
        Table::new(format!("{label}: time against N"), &["N", "atomic flag", "flag behind a lock"]);
    let mut curves: Vec<Vec<(f64, Stats)>> = vec![Vec::new(), Vec::new()];
    for &every in &s.every {
        let mut row = vec![every.to_string()];
        for (c, policy) in
            [Policy::Atomic { every }, Policy::Locked { every }].into_iter().enumerate()
        {
            let (st, _) = time_check(ctx, n, s.workers, policy, Runner::Processes)?;
            csv.row(&[&["atomic", "lock"][c], &every, &st.median, &st.min, &st.max]);
            row.push(show::seconds(st.median));
            curves[c].push((every as f64, st));
        }
        table.row(row);
    }
    table.print();
    ctx.save_csv("every", "time on expensive non-prime 2 against the check interval", &csv)?;
    for (c, name) in
        ["atomic flag in a shared mapping", "flag behind the process lock"].iter().enumerate()
    {
        plot = plot.series(Series::measured(*name, curves[c].clone()));
    }
    ctx.save_figure(
        "every",
        &plot,
        &format!("{} worker processes; median of {} runs", s.workers, ctx.repeat),
        &["every"],
    )?;

    let best = curves[0].iter().min_by(|a, b| a.1.median.total_cmp(&b.1.median)).expect("a point");
    ctx.record_result(
        "best-every",
        format!("{}", best.0 as u64),
        "the check interval N with the shortest time (atomic flag)",
    );
    ctx.record_result("best-every-time", show::seconds(best.1.median), "the time at the best N");
    let q = |c: usize, i: usize| {
        Quantity::new(
            format!("{} at N = {}", ["atomic", "lock"][c], curves[c][i].0),
            curves[c][i].1,
            show::seconds,
        )
    };
    let last = curves[0].len() - 1;
    ctx.claim("lock-at-1-costs", Claim::greater("looking at a flag behind a lock at every candidate is slower than looking at an atomic flag at every candidate", &q(1, 0), &q(0, 0)));
    if let Some(k) =
        curves[0].iter().position(|(e, _)| *e == NOTEBOOK_EVERY as f64).filter(|&k| k < last)
    {
        ctx.claim(
            "rare-looks-cost",
            Claim::greater(
                "looking at the flag only every 10^6 candidates is slower than every 1000: the other worker runs on after the factor is found",
                &q(0, last),
                &q(0, k),
            )
            .if_not("running on for up to 10^6 candidates after the factor is found takes a few milliseconds, which the noise between runs can hide"),
        );
    }
    Ok(())
}

fn variant_key(v: usize) -> &'static str {
    ["noflag", "atomic", "locked", "threads"][v]
}

/// `trivial`, `np1`, `np2`, `p1`, `p2`.
pub fn number_key(i: usize) -> &'static str {
    ["trivial", "np1", "np2", "p1", "p2"][i]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn np1_factor_divides_np1_and_lies_below_its_root() {
        let n = NUMBERS[1].1;
        assert_eq!(n % NP1_FACTOR, 0);
        assert!(NP1_FACTOR > SERIAL_CUTOFF && NP1_FACTOR < root_bound(n));
    }
}
