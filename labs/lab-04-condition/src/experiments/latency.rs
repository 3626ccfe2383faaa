//! Experiment 3: how late a notified waiter wakes.
//!
//! Three waits are measured the same way (see [`crate::wakeup::wakeups`]):
//! the notebook's polling timed wait on the hand-built condition, std's
//! blocking timed wait (`Condvar::wait_timeout`), and the hand-built
//! condition's untimed wait. The notify comes at a random time, 1 to 150 ms
//! after the wait began, so it lands in every phase of the polling loop.
//! Several waiter/notifier pairs run at once (they mostly sleep) to gather
//! enough samples in a few seconds.

use super::Settings;
use crate::monitor::{HandMonitor, Monitor, PollingMonitor, StdTimedMonitor};
use crate::timed::{FIRST_DELAY, next_delay};
use crate::wakeup::{Phase, WakeSample, wakeups};
use labkit::claim::Claim;
use labkit::measure::percentile;
use labkit::plot::{Axis, LinePlot, Series};
use labkit::report::duration;
use labkit::report::{Csv, Table};
use labkit::{LabContext, progress};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::time::Duration;

/// Waiter/notifier pairs running at once.
const PAIRS: usize = 10;
/// The notify comes up to this long after the wait began.
const LATEST_NOTIFY: Duration = Duration::from_millis(150);

/// The `samples` wake-ups of one kind of wait, `PAIRS` pairs at a time.
fn measure<M: Monitor<Phase>>(delays: &[Vec<Duration>]) -> Vec<WakeSample> {
    std::thread::scope(|s| {
        let pairs: Vec<_> = delays.iter().map(|d| s.spawn(move || wakeups::<M>(d))).collect();
        pairs.into_iter().flat_map(|p| p.join().expect("a pair panicked")).collect()
    })
}

/// Where the notebook's loop looks at its one-shot, in ms from the start
/// of the wait, up to `until`.
fn poll_times(until: f64) -> Vec<f64> {
    let (mut t, mut delay, mut times) = (0.0, FIRST_DELAY, vec![0.0]);
    while t < until {
        delay = next_delay(delay, Duration::from_secs(3600));
        t += delay.as_secs_f64() * 1e3;
        times.push(t);
    }
    times
}

/// The latency the loop would give with exact sleeps: the time to the next
/// look, a sawtooth.
fn sawtooth(until: f64) -> Vec<(f64, f64)> {
    poll_times(until).windows(2).flat_map(|w| [(w[0], w[1] - w[0]), (w[1], 0.0)]).collect()
}

/// Measures, prints, and saves `wakeup-latency.csv`, `wakeup-cdf.svg` and `wakeup-sawtooth.svg`.
pub fn run(ctx: &mut LabContext, s: &Settings) -> anyhow::Result<()> {
    let mut rng = StdRng::seed_from_u64(ctx.seed);
    let per_pair = s.samples.div_ceil(PAIRS);
    let delays: Vec<Vec<Duration>> = (0..PAIRS)
        .map(|_| {
            (0..per_pair)
                .map(|_| {
                    Duration::from_micros(
                        rng.random_range(1_000..=LATEST_NOTIFY.as_micros() as u64),
                    )
                })
                .collect()
        })
        .collect();
    let bar = progress::bar(3, "wake-up latency");
    let mut kinds: Vec<(&str, &str, Vec<WakeSample>)> = Vec::new();
    for (key, kind) in ["poll", "std", "hand"].iter().zip(0..) {
        let (name, samples) = match kind {
            0 => (PollingMonitor::<Phase>::NAME, measure::<PollingMonitor<Phase>>(&delays)),
            1 => (StdTimedMonitor::<Phase>::NAME, measure::<StdTimedMonitor<Phase>>(&delays)),
            _ => ("blocking untimed wait (hand-built)", measure::<HandMonitor<Phase>>(&delays)),
        };
        kinds.push((key, name, samples));
        bar.inc(1);
    }
    bar.finish_and_clear();

    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let mut csv = Csv::new(&["wait", "notified_after_ms", "latency_ms"]);
    let mut table = Table::new(
        format!(
            "Wake-up latency: from notify to the waiter running ({} wake-ups each)",
            PAIRS * per_pair
        ),
        &["wait", "median", "p90", "p99", "max"],
    );
    let mut cdf = LinePlot::new("Wake-up latency, polling against blocking")
        .x(Axis::log("latency from notify to running (ms)"))
        .y(Axis::linear("fraction of wake-ups this fast").range(0.0, 1.0));
    let mut scatter =
        LinePlot::new("When the notify comes decides how late a polling waiter sees it")
            .x(Axis::linear("notify came after (ms of waiting)"))
            .y(Axis::linear("wake-up latency (ms)"));
    let until = ms(LATEST_NOTIFY);
    scatter = scatter.series(Series::line("polling, exact sleeps", sawtooth(until)).dashed());
    for (key, name, samples) in &kinds {
        for w in samples {
            csv.row(&[name, &ms(w.notified_after), &ms(w.latency)]);
        }
        let mut lat: Vec<Duration> = samples.iter().map(|w| w.latency).collect();
        lat.sort_unstable();
        let (median, p90, p99) =
            (percentile(&lat, 0.5), percentile(&lat, 0.9), percentile(&lat, 0.99));
        table.row([
            name.to_string(),
            duration(median),
            duration(p90),
            duration(p99),
            duration(lat[lat.len() - 1]),
        ]);
        let n = lat.len() as f64;
        let curve =
            lat.iter().enumerate().map(|(i, &d)| (ms(d).max(1e-3), (i + 1) as f64 / n)).collect();
        cdf = cdf.series(Series::line(*name, curve));
        let points = samples.iter().map(|w| (ms(w.notified_after), ms(w.latency))).collect();
        scatter = scatter.series(Series::points(*name, points));
        ctx.record_result(
            &format!("latency-{key}-median"),
            duration(median),
            &format!("wake-up latency, {name}: median"),
        );
        ctx.record_result(
            &format!("latency-{key}-p99"),
            duration(p99),
            &format!("wake-up latency, {name}: 99th percentile"),
        );
    }
    table.print();
    ctx.save_csv("wakeup-latency", "wake-up latency of each wait, per notify", &csv)?;
    let what = format!(
        "{} wake-ups per wait; notify 1-{} ms after the wait began",
        PAIRS * per_pair,
        LATEST_NOTIFY.as_millis()
    );
    ctx.save_figure("wakeup-cdf", &cdf, &what, &["wakeup-latency"])?;
    ctx.save_figure("wakeup-sawtooth", &scatter, &what, &["wakeup-latency"])?;
    let (poll, std) = (&kinds[0].2, &kinds[1].2);
    let median = |v: &[WakeSample]| {
        let mut l: Vec<Duration> = v.iter().map(|w| w.latency).collect();
        l.sort_unstable();
        percentile(&l, 0.5)
    };
    let ratio = median(poll).as_secs_f64() / median(std).as_secs_f64().max(1e-9);
    ctx.claim(
        "polling-slower",
        Claim::fact(
            "the polling wait's median wake-up latency is at least 10 times the blocking wait's",
            ratio >= 10.0,
            format!("{} against {}: {ratio:.0}×", duration(median(poll)), duration(median(std))),
        ),
    );
    ctx.record_result(
        "latency-ratio",
        format!("{ratio:.0}×"),
        "wake-up latency: polling median / blocking median",
    );
    ctx.record_result(
        "latency-samples",
        (PAIRS * per_pair).to_string(),
        "wake-up latency: samples per wait",
    );
    Ok(())
}
