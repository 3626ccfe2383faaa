//! Experiment 4: what a thread costs while it waits with nothing to do.
//!
//! Many threads wait, each on its own monitor, and are notified after a
//! fixed time: 10 ms, 100 ms, 1 s (10, 50, 200 ms with `--quick`). Each reads its own CPU clock and its
//! count of voluntary sleeps (one per wake-up) before and after, so the
//! numbers are the waiter's alone. A blocking wait sleeps once and wakes
//! once; the notebook's polling wait wakes at every try.

use crate::monitor::{HandMonitor, Monitor, PollingMonitor, StdTimedMonitor};
use crate::wakeup::{IdleWait, idle_waits};
use labkit::claim::{Claim, Quantity, show};
use labkit::plot::{Axis, LinePlot, Series};
use labkit::report::duration;
use labkit::report::{Csv, Table};
use labkit::{LabContext, Stats, progress};
use std::time::Duration;

/// Threads waiting at once.
const WAITERS: usize = 32;

/// Per waiter: (wake-ups per second waited, CPU µs per second waited).
fn rates(waits: &[IdleWait]) -> (Stats, Stats) {
    let per_s = |x: f64, w: &IdleWait| x / w.waited.as_secs_f64();
    let wakeups: Vec<f64> = waits.iter().map(|w| per_s(w.used.sleeps as f64, w)).collect();
    let cpu: Vec<f64> = waits.iter().map(|w| per_s(w.used.cpu.as_secs_f64() * 1e6, w)).collect();
    (Stats::of(&wakeups).expect("waiters"), Stats::of(&cpu).expect("waiters"))
}

fn waits_of(kind: usize, length: Duration) -> (&'static str, Vec<IdleWait>) {
    match kind {
        0 => (PollingMonitor::<bool>::NAME, idle_waits::<PollingMonitor<bool>>(WAITERS, length)),
        1 => (StdTimedMonitor::<bool>::NAME, idle_waits::<StdTimedMonitor<bool>>(WAITERS, length)),
        _ => {
            ("blocking untimed wait (hand-built)", idle_waits::<HandMonitor<bool>>(WAITERS, length))
        }
    }
}

/// Measures, prints, and saves `idle-cost.csv`, `idle-wakeups.svg` and `idle-cpu.svg`.
pub fn run(ctx: &mut LabContext) -> anyhow::Result<()> {
    let lengths: &[u64] = if ctx.quick { &[10, 50, 200] } else { &[10, 100, 1000] };
    let keys = ["poll", "std", "hand"];
    let bar = progress::bar((keys.len() * lengths.len()) as u64, "waiting idle");
    let mut csv = Csv::new(&["wait", "length_ms", "waiter", "waited_s", "cpu_s", "wakeups"]);
    let mut table = Table::new(
        format!("{WAITERS} threads waiting idle, each until notified (medians over the threads)"),
        &["wait", "length", "wake-ups per s", "CPU per s waited"],
    );
    let mut wake_plot = LinePlot::new("How often an idle waiter wakes up")
        .x(Axis::log("time spent waiting (ms)"))
        .y(Axis::log("wake-ups per second of waiting"));
    let mut cpu_plot = LinePlot::new("CPU time an idle waiter burns")
        .x(Axis::log("time spent waiting (ms)"))
        .y(Axis::log("CPU time per second of waiting (µs)"));
    // CPU per second of the longest wait, per kind, for the ratio.
    let mut longest_cpu = Vec::new();
    // The same, with their spread over the waiters, for the claim.
    let mut longest = Vec::new();
    // The blocking waits' wake-ups per second, per length, for the claim.
    let mut blocking_falls = Vec::new();
    for (kind, key) in keys.iter().enumerate() {
        let (mut wake_points, mut cpu_points, mut name) = (Vec::new(), Vec::new(), "");
        let mut wake_curve = Vec::new();
        for &ms in lengths {
            let (n, waits) = waits_of(kind, Duration::from_millis(ms));
            name = n;
            for (i, w) in waits.iter().enumerate() {
                csv.row(&[
                    &name,
                    &ms,
                    &i,
                    &w.waited.as_secs_f64(),
                    &w.used.cpu.as_secs_f64(),
                    &w.used.sleeps,
                ]);
            }
            let (wake, cpu) = rates(&waits);
            table.row([
                name.to_string(),
                duration(Duration::from_millis(ms)),
                format!("{:.1}", wake.median),
                format!("{} per s", duration(Duration::from_secs_f64(cpu.median / 1e6))),
            ]);
            wake_points.push((ms as f64, wake));
            if *key != "poll" {
                let label = format!("{name}, {} waits", duration(Duration::from_millis(ms)));
                wake_curve.push(Quantity::new(label, wake, show::number));
            }
            cpu_points.push((ms as f64, cpu.map(|c| c.max(0.01))));
            if ms == *lengths.last().unwrap() {
                longest_cpu.push(cpu.median);
                longest.push(Quantity::new(
                    format!("{name}, CPU per s waited"),
                    cpu.map(|c| c * 1e-6),
                    show::seconds,
                ));
                let what =
                    format!("idle waiting for {}, {name}", duration(Duration::from_millis(ms)));
                ctx.record_result(
                    &format!("idle-{key}-wakeups"),
                    format!("{:.1} per s", wake.median),
                    &format!("{what}: wake-ups per second"),
                );
                ctx.record_result(
                    &format!("idle-{key}-cpu"),
                    format!("{} per s", duration(Duration::from_secs_f64(cpu.median / 1e6))),
                    &format!("{what}: CPU time per second waited"),
                );
            }
            bar.inc(1);
        }
        if !wake_curve.is_empty() {
            blocking_falls.push(Claim::falls(
                format!("{name}: wake-ups per second fall as the waits get longer"),
                &wake_curve,
            ));
        }
        wake_plot = wake_plot.series(Series::measured(name, wake_points));
        cpu_plot = cpu_plot.series(Series::measured(name, cpu_points));
    }
    bar.finish_and_clear();
    table.print();
    ctx.save_csv("idle-cost", "idle waiters: CPU time and wake-ups per waiter", &csv)?;
    let what = format!("{WAITERS} waiters at once; median and range over the waiters");
    ctx.save_figure("idle-wakeups", &wake_plot, &what, &["idle-cost"])?;
    ctx.save_figure("idle-cpu", &cpu_plot, &what, &["idle-cost"])?;
    ctx.record_result(
        "idle-cpu-ratio",
        format!("{:.0}×", longest_cpu[0] / longest_cpu[1].max(1e-3)),
        "idle waiting, longest wait: CPU of the polling wait / CPU of std's blocking wait",
    );
    ctx.claim(
        "idle-poll-costs-more",
        Claim::greater(
            "an idle waiter burns more CPU per second with the notebook's polling wait than with std's blocking wait, in the longest wait",
            &longest[0],
            &longest[1],
        ),
    );
    ctx.claim(
        "idle-blocking-wakeups-fall",
        Claim::all(
            "a blocking waiter's wake-ups per second fall as its waits get longer, for both blocking waits",
            blocking_falls,
        ),
    );
    let names: Vec<String> = lengths
        .iter()
        .map(|&ms| if ms % 1000 == 0 { format!("{} s", ms / 1000) } else { format!("{ms} ms") })
        .collect();
    let (last, rest) = names.split_last().expect("lengths");
    ctx.record_result(
        "idle-lengths",
        format!("{} and {last}", rest.join(", ")),
        "idle waiting: the lengths of wait measured",
    );
    ctx.record_result("idle-waiters", WAITERS.to_string(), "idle waiting: threads waiting at once");
    ctx.record_result(
        "idle-longest",
        duration(Duration::from_millis(*lengths.last().unwrap())),
        "idle waiting: the longest wait measured",
    );
    Ok(())
}
