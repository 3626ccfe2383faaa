//! Experiment 1: producers and consumers on a queue.
//!
//! The same transfer (items numbered 0..n from the producers to the
//! consumers) runs on std's condition variable and on the hand-built one.
//! Making an item takes 20 µs of work and using it 1 µs, so the consumers
//! spend most of their time waiting, which is when waking matters. Three
//! ways of waiting and waking are compared: `notify_one` with a `while` loop
//! (right), `notify_all` with a `while` loop (right, wasteful), and
//! `notify_one` with an `if` (wrong: a stolen wake-up pops an empty queue;
//! here it is counted instead). Every run checks that each item arrived
//! exactly once. The cost is the consumers' own CPU time per item, read
//! from each consumer thread's CPU clock.

use super::Settings;
use crate::monitor::{HandMonitor, Monitor, StdMonitor};
use crate::prodcon::{Channel, Check, State, Transfer, Wake, transfer};
use anyhow::ensure;
use labkit::claim::{Claim, Quantity, show};
use labkit::measure::Stats;
use labkit::plot::{Axis, BarPlot};
use labkit::report::{Csv, Table};
use labkit::{LabContext, progress, work};
use std::time::Duration;

/// The ways of waking and testing compared, with their short keys.
const CASES: [(&str, &str, Wake, Check); 3] = [
    ("notify_one, while", "one", Wake::One, Check::While),
    ("notify_all, while", "all", Wake::All, Check::While),
    ("notify_one, if", "if", Wake::One, Check::If),
];

/// The work a producer does to make an item.
const MAKE: Duration = Duration::from_micros(20);
/// The work a consumer does with an item: far less, so consumers wait.
const USE: Duration = Duration::from_micros(1);

/// One case, summed up from its runs (medians over the runs).
struct Summary {
    /// Wall-clock time per item.
    ns_per_item: f64,
    /// The consumers' CPU time per item.
    cpu_ns_per_item: f64,
    /// Wake-ups of a consumer per 1000 items.
    wakeups: f64,
    /// Wake-ups that found the queue empty, per 1000 items.
    empty: f64,
    /// Stolen wake-ups (only with `if`) per run, median over the runs.
    stolen: f64,
    /// The consumers' CPU seconds per item, over the runs.
    cpu: Stats,
    /// Empty wake-ups per 1000 items, over the runs.
    empty_runs: Stats,
    /// Items a consumer took on its first look, without waiting, per 1000
    /// items, over the runs.
    at_once: Stats,
    /// The consumers' voluntary context switches (times a consumer went to
    /// sleep, in a wait or on the mutex) per item, over the runs.
    sleeps: Stats,
}

fn measure<M: Monitor<State>>(
    ctx: &LabContext,
    s: &Settings,
    csv: &mut Csv,
    bar: &indicatif::ProgressBar,
) -> anyhow::Result<Vec<Summary>> {
    let (make, using) = (s.cal.iterations_for(MAKE), s.cal.iterations_for(USE));
    let make = move || {
        work::spin(make);
    };
    let using = move || {
        work::spin(using);
    };
    let mut summaries = Vec::new();
    for (name, _, wake, check) in CASES {
        let mut runs: Vec<Transfer> = Vec::new();
        let samples = ctx.sample(|| {
            let channel = Channel::<M>::new(wake, check);
            runs.push(transfer(&channel, s.producers, s.consumers, s.items, &make, &using));
        });
        let expected_sum = s.items * (s.items - 1) / 2;
        let bad = runs.iter().find(|t| t.taken != s.items || t.sum != expected_sum);
        ensure!(bad.is_none(), "{} / {name}: items lost or duplicated: {bad:?}", M::NAME);
        // The first run was the untimed warm-up.
        let runs = &runs[1..];
        for ((i, seconds), t) in samples.seconds().zip(runs) {
            let c = t.counts;
            let cpu = t.consumer_cpu.as_secs_f64();
            csv.row(&[
                &M::NAME,
                &name,
                &i,
                &seconds,
                &cpu,
                &c.wakeups,
                &c.empty_wakeups,
                &c.stolen,
                &c.taken_at_once,
                &t.consumer_sleeps,
            ]);
        }
        let per_item = |x: f64| x / s.items as f64;
        let per_k = |n: u64| n as f64 * 1000.0 / s.items as f64;
        let over_runs = |f: &dyn Fn(&Transfer) -> f64| {
            Stats::of(&runs.iter().map(f).collect::<Vec<_>>()).expect("runs")
        };
        // Every figure of a case, in the table, the results and the claims,
        // is the same statistic: the median over the runs (the mean of the
        // middle two when the runs are even in number).
        let cpu = over_runs(&|t| per_item(t.consumer_cpu.as_secs_f64()));
        let empty_runs = over_runs(&|t| per_k(t.counts.empty_wakeups));
        summaries.push(Summary {
            ns_per_item: per_item(samples.stats().median * 1e9),
            cpu_ns_per_item: cpu.median * 1e9,
            wakeups: over_runs(&|t| per_k(t.counts.wakeups)).median,
            empty: empty_runs.median,
            stolen: over_runs(&|t| t.counts.stolen as f64).median,
            cpu,
            empty_runs,
            at_once: over_runs(&|t| per_k(t.counts.taken_at_once)),
            sleeps: over_runs(&|t| per_item(t.consumer_sleeps as f64)),
        });
        bar.inc(1);
    }
    Ok(summaries)
}

/// Measures, prints, and saves `prodcon.csv`, `prodcon-wakeups.svg` and `prodcon-cpu.svg`.
pub fn run(ctx: &mut LabContext, s: &Settings) -> anyhow::Result<()> {
    let mut csv = Csv::new(&[
        "condition",
        "case",
        "run",
        "seconds",
        "consumer_cpu_seconds",
        "wakeups",
        "empty_wakeups",
        "stolen_if",
        "taken_at_once",
        "consumer_sleeps",
    ]);
    let bar = progress::bar(6, "producers and consumers");
    let rows = [
        ("std", StdMonitor::<State>::NAME, measure::<StdMonitor<State>>(ctx, s, &mut csv, &bar)?),
        (
            "hand",
            HandMonitor::<State>::NAME,
            measure::<HandMonitor<State>>(ctx, s, &mut csv, &bar)?,
        ),
    ];
    bar.finish_and_clear();

    let mut table = Table::new(
        format!(
            "{} items from {} producers to {} consumers (medians of {} runs)",
            s.items, s.producers, s.consumers, ctx.repeat
        ),
        &[
            "condition",
            "case",
            "time per item",
            "consumer CPU per item",
            "wake-ups per 1000 items",
            "empty wake-ups per 1000",
            "stolen (if), per run",
            "taken at once per 1000",
            "consumer sleeps per item",
        ],
    );
    for (_, monitor, row) in &rows {
        for ((case, ..), r) in CASES.iter().zip(row) {
            table.row([
                monitor.to_string(),
                case.to_string(),
                format!("{:.1} µs", r.ns_per_item / 1e3),
                format!("{:.1} µs", r.cpu_ns_per_item / 1e3),
                format!("{:.0}", r.wakeups),
                format!("{:.0}", r.empty),
                format!("{:.0}", r.stolen),
                format!("{:.0}", r.at_once.median),
                format!("{:.2}", r.sleeps.median),
            ]);
        }
    }
    table.print();
    ctx.save_csv(
        "prodcon",
        "producer/consumer runs: time, consumer CPU and wake-ups per case",
        &csv,
    )?;

    let categories = CASES.map(|c| c.0);
    let mut wasted = BarPlot::new("Wake-ups that found the queue empty")
        .categories(categories)
        .y(Axis::linear("empty wake-ups per 1000 items"));
    let mut cpu = BarPlot::new("What the consumers spend per item")
        .categories(categories)
        .y(Axis::linear("consumer CPU time per item (µs)"));
    for (_, monitor, row) in &rows {
        wasted = wasted.group_measured(*monitor, row.iter().map(|r| r.empty_runs).collect());
        cpu = cpu.group_measured(*monitor, row.iter().map(|r| r.cpu.map(|x| x * 1e6)).collect());
    }
    let what = format!(
        "{} producers, {} consumers, {} items; medians of {} runs, bars from lowest to highest",
        s.producers, s.consumers, s.items, ctx.repeat
    );
    ctx.save_figure("prodcon-wakeups", &wasted, &what, &["prodcon"])?;
    ctx.save_figure("prodcon-cpu", &cpu, &what, &["prodcon"])?;

    for (key, monitor, row) in &rows {
        for ((case, case_key, ..), r) in CASES.iter().zip(row) {
            let k = format!("prodcon-{key}-{case_key}");
            let what = format!("producer/consumer, {monitor}, {case}");
            let record = |ctx: &mut LabContext, suffix: &str, value: String, about: &str| {
                ctx.record_result(&format!("{k}-{suffix}"), value, &format!("{what}: {about}"));
            };
            record(
                ctx,
                "cpu",
                format!("{:.1} µs", r.cpu_ns_per_item / 1e3),
                "consumer CPU per item",
            );
            record(ctx, "time", format!("{:.1} µs", r.ns_per_item / 1e3), "time per item");
            record(ctx, "empty", format!("{:.0}", r.empty), "empty wake-ups per 1000 items");
            record(ctx, "wakeups", format!("{:.0}", r.wakeups), "wake-ups per 1000 items");
            record(
                ctx,
                "at-once",
                format!("{:.0}", r.at_once.median),
                "items taken without waiting, per 1000 items",
            );
            record(
                ctx,
                "sleeps",
                format!("{:.2}", r.sleeps.median),
                "consumer voluntary context switches per item",
            );
            if *case_key == "if" {
                record(
                    ctx,
                    "stolen",
                    format!("{:.0}", r.stolen),
                    "stolen wake-ups per run, median over the runs",
                );
            }
        }
    }
    ctx.record_result("prodcon-items", s.items.to_string(), "producer/consumer: items per run");
    let stolen: Vec<f64> = rows.iter().map(|r| r.2[2].stolen).collect();
    ctx.claim(
        "if-stolen-seen",
        Claim::fact(
            "in the `if` version, a consumer on each condition would have popped an empty list at least once a run, by the median over the runs",
            stolen.iter().all(|&n| n >= 1.0),
            format!("std: {:.0}, hand-built: {:.0}", stolen[0], stolen[1]),
        )
        .if_not("a stolen wake-up needs a consumer that is not asleep to take the lock between a notify and the woken consumer; with few consumers or an idle machine that meeting can be rare"),
    );
    notify_all_claims(ctx, &rows[0].2)
}

/// What `notify_all` costs the consumers, on std's condition: more empty
/// wake-ups for certain, and more CPU only if those wake-ups are dear.
/// Measures one empty wake-up's cost alone ([`super::wake_cost`]) and
/// records what the extra wake-ups should cost next to what was measured.
fn notify_all_claims(ctx: &mut LabContext, std_rows: &[Summary]) -> anyhow::Result<()> {
    let (one, all) = (&std_rows[0], &std_rows[1]);
    let q = |label: &str, stats: Stats, show: fn(f64) -> String| Quantity::new(label, stats, show);
    ctx.claim(
        "notify-all-more-empty",
        Claim::greater(
            "with std's condition, notify_all makes more empty wake-ups per item than notify_one",
            &q("notify_all, empty wake-ups per 1000 items", all.empty_runs, show::number),
            &q("notify_one", one.empty_runs, show::number),
        ),
    );
    let sleeps = if cfg!(target_os = "linux") {
        Claim::less(
            "with std's condition, notify_all's consumers went to sleep fewer times per item than notify_one's",
            &q("notify_all, consumer sleeps per item", all.sleeps, show::number),
            &q("notify_one", one.sleeps, show::number),
        )
    } else {
        Claim::not_measured(
            "with std's condition, notify_all's consumers went to sleep fewer times per item than notify_one's",
            "only Linux counts a thread's voluntary context switches",
        )
    };
    let fewer_sleeps = sleeps.held();
    ctx.claim("notify-all-fewer-sleeps", sleeps);
    ctx.claim(
        "notify-all-more-at-once",
        Claim::greater(
            "with std's condition, more items were taken by a consumer that did not wait at all with notify_all than with notify_one",
            &q("notify_all, items taken without waiting per 1000", all.at_once, show::number),
            &q("notify_one", one.at_once, show::number),
        ),
    );
    // Why notify_all may not cost more, from what this run measured.
    let why_not_more = if all.cpu.median < one.cpu.median && fewer_sleeps {
        "notify_all came out cheaper: its consumers went to sleep fewer times per item (see below), and a sleep with the wake-up that ends it costs more CPU than the empty wake-ups add"
    } else if all.cpu.median < one.cpu.median {
        "notify_all came out cheaper, although its consumers did not go to sleep fewer times per item; what else differed between the two cases this lab does not measure"
    } else {
        "the extra empty wake-ups cost less than the difference between one run and the next"
    };
    ctx.claim(
        "notify-all-more-cpu",
        Claim::greater(
            "with std's condition, notify_all costs the consumers more CPU per item than notify_one",
            &q("notify_all, consumer CPU per item", all.cpu, show::seconds),
            &q("notify_one", one.cpu, show::seconds),
        )
        .if_not(why_not_more),
    );
    let cost = super::wake_cost::measure(ctx.repeat * 2, ctx.quick);
    let extra_wakeups = (all.empty - one.empty).max(0.0) / 1000.0;
    let expected = extra_wakeups * cost.median;
    let measured = all.cpu.median - one.cpu.median;
    // How far apart the middle halves of the runs of one figure lie: the
    // smallest difference the figure can show.
    let noise = (one.cpu.q3 - one.cpu.q1).max(all.cpu.q3 - all.cpu.q1);
    let us = |s: f64| format!("{:.2} µs", s * 1e6);
    let results = [
        (
            "empty-wake-cpu",
            us(cost.median),
            "CPU one empty wake-up costs the woken thread (std Condvar), median",
        ),
        (
            "empty-wake-cpu-range",
            format!("{} to {}", us(cost.q1), us(cost.q3)),
            "CPU of one empty wake-up, middle half of the runs",
        ),
        (
            "notify-all-extra-wakeups",
            format!("{extra_wakeups:.2}"),
            "std, notify_all: extra empty wake-ups per item over notify_one",
        ),
        (
            "notify-all-extra-expected",
            us(expected),
            "std, notify_all: extra consumer CPU per item those wake-ups should cost",
        ),
        (
            "notify-all-extra-measured",
            us(measured),
            "std, notify_all: extra consumer CPU per item measured (median minus median)",
        ),
        (
            "prodcon-cpu-noise",
            us(noise),
            "std: the wider middle half of the runs of the two consumer CPU figures",
        ),
    ];
    for (key, value, what) in results {
        ctx.record_result(key, value, what);
    }
    ctx.claim(
        "notify-all-extra-in-noise",
        Claim::fact(
            "the extra CPU that notify_all's empty wake-ups should cost the consumers is smaller than the spread between runs of the consumers' CPU figure",
            expected < noise,
            format!("{} expected per item, against runs spread over {}", us(expected), us(noise)),
        ),
    );
    println!(
        "One empty wake-up costs the woken thread {} of CPU (median of {} runs); notify_all's {extra_wakeups:.2} extra per item should cost {}, measured {} (runs spread over {}).\n",
        us(cost.median),
        cost.n,
        us(expected),
        us(measured),
        us(noise)
    );
    Ok(())
}
