//! Experiment 3: the missed wake-ups of `set(); clear()`, counted.
//!
//! The producer of [`crate::rounds`] runs rounds with random gaps (an
//! exponential distribution, as for arrivals nobody schedules, with mean
//! `--gap-us`); the consumer is busy for a fixed handling time after each
//! wake-up, from none to twice the mean gap. For each of the four
//! hand-offs, the signals no wake-up answered are counted per 1,000
//! rounds (median of the runs).
//!
//! A model for the Python-like event: after each pulse that wakes it, the
//! consumer is away from `wait` for a time `B`; pulses arrive at random at
//! a mean gap `G`, so on average `B/G` of them arrive while it is away, and
//! are missed, against the one it woke for. The share missed is
//! `(B/G) / (1 + B/G) = B / (G + B)`. Away means handling (`H`), but also
//! waking up and getting a core to run on: the runs measure `B` itself
//! (from each answered `set` until the consumer calls `wait` again), and
//! the model is drawn both with `B = H` (waking up takes no time) and with
//! the mean `B` measured at each `H`.

use super::{Settings, watched};
use crate::rounds::{self, Counted, Handoff, Plan};
use labkit::claim::Claim;
use labkit::measure::Stats;
use labkit::plot::{Axis, LinePlot, Series};
use labkit::report::duration;
use labkit::report::{Csv, Table};
use labkit::{LabContext, progress};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::time::Duration;

/// The handling time the chapter quotes results for, as a share of the gap.
const QUOTED_RATIO: f64 = 1.0;

/// Gaps drawn from an exponential distribution with mean `gap`, capped at
/// ten means, as busy-work iterations.
fn gaps(s: &Settings, rng: &mut StdRng) -> Vec<u64> {
    let mean_us = s.gap.as_secs_f64() * 1e6;
    (0..s.rounds)
        .map(|_| {
            let u: f64 = rng.random();
            let us = (-(1.0 - u).ln() * mean_us).min(10.0 * mean_us);
            (us * s.cal.iterations_per_us).round() as u64
        })
        .collect()
}

/// Missed signals per 1,000 sent.
fn per_1000(missed: u64, sent: u64) -> f64 {
    missed as f64 * 1000.0 / sent.max(1) as f64
}

/// The share of pulses missed, per 1,000, when the consumer is away from
/// `wait` for `away` after each wake-up and pulses come at a mean `gap`.
fn model(away: f64, gap: f64) -> f64 {
    1000.0 * away / (gap + away)
}

/// The mean time away of all `runs`, in µs (0 when none): the model needs
/// the mean, the expected number of pulses missed per wake-up.
fn mean_away_us(runs: &[Counted]) -> f64 {
    let all: Vec<f64> = runs.iter().flat_map(|c| &c.away).map(|d| d.as_secs_f64() * 1e6).collect();
    if all.is_empty() { 0.0 } else { all.iter().sum::<f64>() / all.len() as f64 }
}

/// Measures, prints, and saves `missed-wakeups.csv` and `missed-wakeups.svg`.
pub fn run(ctx: &mut LabContext, s: &Settings) -> anyhow::Result<()> {
    let ratios: &[f64] = if ctx.quick { &[0.0, QUOTED_RATIO] } else { &[0.0, 0.5, 1.0, 2.0] };
    let gap_us = s.gap.as_secs_f64() * 1e6;

    let idle_timeout = (s.gap * 20).max(Duration::from_millis(5));
    let mut rng = StdRng::seed_from_u64(ctx.seed);
    let mut csv = Csv::new(&[
        "handoff",
        "handling_us",
        "run",
        "sent",
        "received",
        "missed",
        "set_found_no_waiter",
        "mean_away_seconds",
    ]);
    let bar = progress::bar((ratios.len() * Handoff::ALL.len()) as u64, "missed wake-ups");
    // [handoff][ratio]: missed per 1000, and set() finding no waiter per 1000.
    let mut missed = vec![Vec::new(); Handoff::ALL.len()];
    let mut no_waiter = vec![Vec::new(); Handoff::ALL.len()];
    // [ratio]: the Python-like event's consumer's mean time away, in µs.
    let mut away_us = Vec::new();
    for &ratio in ratios {
        let handling_us = ratio * gap_us;
        let handling = (handling_us * s.cal.iterations_per_us).round() as u64;
        for (h, &handoff) in Handoff::ALL.iter().enumerate() {
            let plans: Vec<Plan> = (0..ctx.repeat)
                .map(|_| Plan { gaps: gaps(s, &mut rng), handling, idle_timeout })
                .collect();
            let runs: Vec<Counted> = watched(
                &format!("rounds: {}, handling {handling_us:.0} µs", handoff.name()),
                Duration::from_secs(60),
                move || plans.iter().map(|plan| rounds::run(handoff, plan)).collect(),
            )?;
            for (i, c) in runs.iter().enumerate() {
                let none = c.no_waiter.map_or(String::new(), |n| n.to_string());
                let away = if c.away.is_empty() {
                    String::new()
                } else {
                    (c.away.iter().sum::<Duration>() / c.away.len() as u32)
                        .as_secs_f64()
                        .to_string()
                };
                csv.row(&[
                    &handoff.key(),
                    &handling_us,
                    &i,
                    &c.sent,
                    &c.received,
                    &c.missed(),
                    &none,
                    &away,
                ]);
            }
            if handoff == Handoff::Event {
                away_us.push(mean_away_us(&runs));
            }
            let rate = |f: &dyn Fn(&Counted) -> u64| {
                let values: Vec<f64> = runs.iter().map(|c| per_1000(f(c), c.sent)).collect();
                Stats::of(&values).expect("at least one run")
            };
            missed[h].push((handling_us, rate(&|c| c.missed())));
            no_waiter[h].push(rate(&|c| c.no_waiter.unwrap_or(0)));
            bar.inc(1);
        }
    }
    bar.finish_and_clear();

    let mut table = Table::new(
        format!(
            "Signals missed per 1,000 rounds ({} rounds, mean gap {gap_us:.0} µs, median of {} runs); in brackets, set() finding no thread in wait",
            s.rounds, ctx.repeat
        ),
        &[
            "handling after each wake-up",
            "step-1 event",
            "Python-like event",
            "counting signal",
            "channel",
        ],
    );
    for (r, &ratio) in ratios.iter().enumerate() {
        let mut row = vec![format!("{:.0} µs ({ratio} × gap)", ratio * gap_us)];
        for h in 0..Handoff::ALL.len() {
            let m = missed[h][r].1.median;
            row.push(match Handoff::ALL[h] {
                Handoff::StateEvent | Handoff::Event => {
                    format!("{m:.0} ({:.0})", no_waiter[h][r].median)
                }
                _ => format!("{m:.0}"),
            });
        }
        table.row(row);
    }
    table.print();
    let aways: Vec<String> =
        away_us.iter().map(|b| duration(std::time::Duration::from_secs_f64(b / 1e6))).collect();
    println!(
        "after each pulse it answered, the Python-like event's consumer was away from wait() for {} (mean at each handling time)\n",
        aways.join(", ")
    );
    ctx.save_csv(
        "missed-wakeups",
        "signals sent and answered per hand-off, handling time and run",
        &csv,
    )?;

    let top = ratios.last().copied().unwrap_or(1.0) * gap_us;
    let smooth: Vec<(f64, f64)> =
        (0..=40).map(|i| top * i as f64 / 40.0).map(|h| (h, model(h, gap_us))).collect();
    let with_away: Vec<(f64, f64)> =
        ratios.iter().zip(&away_us).map(|(r, b)| (r * gap_us, model(*b, gap_us))).collect();
    let mut plot = LinePlot::new("Signals no wake-up answered, per 1,000 rounds")
        .x(Axis::linear("consumer busy after each wake-up, H (µs)"))
        .y(Axis::linear("missed per 1,000 rounds").range(0.0, 1000.0))
        .series(Series::line("model, Python-like event, away = H", smooth).dashed())
        .series(
            Series::line("model, Python-like event, with the time away measured", with_away)
                .dashed(),
        );
    for (handoff, points) in Handoff::ALL.iter().zip(&missed) {
        plot = plot.series(Series::measured(handoff.name(), points.iter().copied()));
    }
    ctx.save_figure(
        "missed-wakeups",
        &plot,
        &format!(
            "{} rounds, random gaps with mean G = {gap_us:.0} µs; medians of {} runs, bars from least to most",
            s.rounds, ctx.repeat
        ),
        &["missed-wakeups"],
    )?;

    let quoted =
        ratios.iter().position(|&r| r == QUOTED_RATIO).expect("the quoted ratio is measured");
    for (h, handoff) in Handoff::ALL.iter().enumerate() {
        ctx.record_result(
            &format!("missed-{}", handoff.key()),
            format!("{:.0}", missed[h][quoted].1.median),
            &format!("missed per 1,000 rounds, {}, handling = gap", handoff.name()),
        );
        ctx.record_result(
            &format!("missed-{}-idle", handoff.key()),
            format!("{:.0}", missed[h][0].1.median),
            &format!("missed per 1,000 rounds, {}, no handling", handoff.name()),
        );
    }
    for (h, handoff) in [(0, "state-event"), (1, "event")] {
        ctx.record_result(
            &format!("no-waiter-{handoff}"),
            format!("{:.0}", no_waiter[h][quoted].median),
            &format!(
                "set() found no thread in wait, per 1,000 rounds, {}, handling = gap",
                Handoff::ALL[h].name()
            ),
        );
    }
    let quoted_h = QUOTED_RATIO * gap_us;
    ctx.record_result(
        "missed-model",
        format!("{:.0}", model(quoted_h, gap_us)),
        "missed per 1,000 rounds, the model with away = handling = gap",
    );
    ctx.record_result(
        "missed-model-away",
        format!("{:.0}", model(away_us[quoted], gap_us)),
        "missed per 1,000 rounds, the model with the time away measured, handling = gap",
    );
    ctx.record_result(
        "missed-model-away-idle",
        format!("{:.0}", model(away_us[0], gap_us)),
        "missed per 1,000 rounds, the model with the time away measured, no handling",
    );
    ctx.record_result(
        "away",
        duration(std::time::Duration::from_secs_f64(away_us[quoted] / 1e6)),
        "time away from wait() after an answered pulse (Python-like event, handling = gap)",
    );
    ctx.record_result(
        "away-idle",
        duration(std::time::Duration::from_secs_f64(away_us[0] / 1e6)),
        "time away from wait() after an answered pulse (Python-like event, no handling)",
    );
    ctx.record_result(
        "missed-gap",
        format!("{gap_us:.0} µs"),
        "missed wake-ups: mean gap between rounds",
    );
    ctx.record_result("missed-rounds", s.rounds.to_string(), "missed wake-ups: rounds per run");

    // The chapter's reading of the figure, checked on this run's medians.
    let at = |h: usize, r: usize| missed[h][r].1.median;
    ctx.claim(
        "state-event-misses-most",
        Claim::fact(
            "the step-1 event misses most pulses, with no handling and with handling as long as the gap",
            at(0, 0) > 500.0 && at(0, quoted) > 500.0,
            format!("{:.0} and {:.0} in 1,000", at(0, 0), at(0, quoted)),
        ),
    );
    let lower = model(quoted_h, gap_us);
    ctx.claim(
        "event-above-handling-model",
        Claim::fact(
            "the Python-like event misses at least as many pulses as the model counting only the handling predicts",
            at(1, quoted) >= lower,
            format!("{:.0} measured against {lower:.0} predicted, in 1,000", at(1, quoted)),
        )
        .if_not("the model's pulses are random; with few rounds, a run can miss a few less than the average predicts"),
    );
    let (signal, channel) = (at(2, quoted).max(at(2, 0)), at(3, quoted).max(at(3, 0)));
    ctx.claim(
        "counting-loses-nothing",
        Claim::fact(
            "the counting signal and the channel miss no round, busy consumer or not",
            signal == 0.0 && channel == 0.0,
            format!("at most {signal:.0} and {channel:.0} in 1,000"),
        ),
    );
    Ok(())
}
