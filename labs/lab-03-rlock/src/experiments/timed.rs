//! Experiment 3: taking the lock with a time limit ([`try_lock_for`]).
//!
//! Another thread holds the lock for `hold`. A waiter with a short timeout
//! must give up, no sooner than its timeout and not much later. A waiter
//! with time to spare gets the lock once the holder lets go; the *lag* is
//! how long after the release it notices. It is measured for a blocking
//! `lock()` (the release wakes it through the futex) and for
//! `try_lock_for` (which notices at the end of a nap).

use crate::RLock;
use crate::timeout::{MAX_NAP, try_lock_for};
use labkit::claim::{Claim, Quantity, show};
use labkit::plot::{Axis, BarPlot};
use labkit::report::{Csv, Table};
use labkit::{LabContext, Stats};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// How a waiter asks for the lock; returns whether it got it.
type Waiter<'a> = &'a dyn Fn(&RLock<()>) -> bool;

/// One run: a holder keeps the lock for `hold`; `waiter` asks meanwhile.
/// Returns whether it got it, how long it waited, and (if it got it) how
/// long after the release.
fn once(hold: Duration, waiter: Waiter) -> (bool, Duration, Option<Duration>) {
    let lock = RLock::new(());
    let released = std::sync::Mutex::new(None::<Instant>);
    std::thread::scope(|s| {
        let (held_tx, held_rx) = mpsc::channel();
        let (lock, released) = (&lock, &released);
        s.spawn(move || {
            let guard = lock.lock();
            held_tx.send(()).unwrap();
            std::thread::sleep(hold);
            *released.lock().unwrap() = Some(Instant::now());
            drop(guard);
        });
        held_rx.recv().unwrap();
        let start = Instant::now();
        let got = waiter(lock);
        let (now, waited) = (Instant::now(), start.elapsed());
        let lag = got.then(|| now - released.lock().unwrap().expect("released before we got it"));
        (got, waited, lag)
    })
}

/// Measures, prints, and saves `timed.csv` and `timed-lag.svg`.
pub fn run(ctx: &mut LabContext) -> anyhow::Result<()> {
    let hold = Duration::from_millis(if ctx.quick { 5 } else { 20 });
    let short = hold / 4;
    let cases: [(&str, Waiter); 3] = [
        ("try_lock_for(hold / 4)", &|l| try_lock_for(l, short).is_some()),
        ("lock() (blocking)", &|l| {
            drop(l.lock());
            true
        }),
        ("try_lock_for(1 s) (polling)", &|l| try_lock_for(l, Duration::from_secs(1)).is_some()),
    ];
    let mut csv = Csv::new(&["waiter", "run", "got_it", "waited_seconds", "lag_seconds"]);
    let mut summary = Vec::new(); // (waiter, got every time, waited, lag)
    for (name, waiter) in cases {
        let (mut waited, mut lags, mut got_all) = (Vec::new(), Vec::new(), true);
        for run in 0..ctx.repeat {
            let (got, w, lag) = once(hold, waiter);
            let lag_s = lag.map_or(f64::NAN, |l| l.as_secs_f64());
            csv.row(&[&name, &run, &got, &w.as_secs_f64(), &lag_s]);
            got_all &= got;
            waited.push(w.as_secs_f64());
            lags.extend(lag.map(|l| l.as_secs_f64()));
        }
        summary.push((name, got_all, Stats::of(&waited), Stats::of(&lags)));
    }

    let mut table = Table::new(
        format!("Waiting while another thread holds the lock for {} ms", hold.as_millis()),
        &["waiter", "got the lock", "waited (ms)", "lag after the release (µs)"],
    );
    for (name, got, waited, lag) in &summary {
        table.row([
            name.to_string(),
            if *got { "every time" } else { "no (timed out)" }.to_string(),
            waited.map_or("-".into(), |w| format!("{:.2}", w.median * 1e3)),
            lag.map_or("-".into(), |l| format!("{:.0}", l.median * 1e6)),
        ]);
    }
    table.print();
    ctx.save_csv(
        "timed",
        "waiting for a held lock: blocking and with a time limit, per run",
        &csv,
    )?;

    let (blocking, polling) = (summary[1].3, summary[2].3);
    let (Some(blocking), Some(polling)) = (blocking, polling) else {
        anyhow::bail!("a waiter with time to spare did not get the lock");
    };
    let us = |s: Stats| s.map(|x| x * 1e6);
    let (b, p) = (us(blocking), us(polling));
    let bars = BarPlot::new("How late a waiter notices the release")
        .categories(["lock() (woken by the release)", "try_lock_for (polling)"])
        .y(Axis::linear("lag after the release (µs)"))
        .group_with_spread(
            format!("median of {} runs", ctx.repeat),
            vec![b.median, p.median],
            vec![(b.min, b.max), (p.min, p.max)],
        );
    let what = format!(
        "holder keeps the lock {} ms; polling naps double up to {} µs; bars fastest to slowest",
        hold.as_millis(),
        MAX_NAP.as_micros()
    );
    ctx.save_figure("timed-lag", &bars, &what, &["timed"])?;

    let us_shown = |x: f64| show::seconds(x * 1e-6);
    ctx.claim(
        "poll-later-than-block",
        Claim::greater(
            "the polling waiter notices the release later than the blocking `lock()`",
            &Quantity::new("polling try_lock_for", p, us_shown),
            &Quantity::new("blocking lock()", b, us_shown),
        )
        .if_not("the futex wake-up itself takes tens of microseconds on a busy machine, as long as a short nap"),
    );
    ctx.claim(
        "short-gives-up",
        Claim::fact(
            "the waiter with a timeout of a quarter of the hold gave up every time",
            summary[0].3.is_none(),
            format!(
                "{} runs; {}",
                ctx.repeat,
                if summary[0].3.is_none() {
                    "it never got the lock"
                } else {
                    "it got the lock at least once"
                }
            ),
        ),
    );
    if let Some(w) = summary[0].2 {
        let gave_up = if summary[0].1 { "got it (unexpected)" } else { "gave up" };
        ctx.record_result("timed-short-outcome", gave_up, "try_lock_for a quarter of the hold");
        ctx.record_result(
            "timed-short-ms",
            format!("{:.1} ms", w.median * 1e3),
            "waited before giving up",
        );
    }
    ctx.record_result(
        "timed-timeout-ms",
        format!("{:.1} ms", short.as_secs_f64() * 1e3),
        "the short timeout",
    );
    ctx.record_result(
        "timed-hold-ms",
        format!("{} ms", hold.as_millis()),
        "how long the holder keeps the lock",
    );
    ctx.record_result(
        "timed-lag-lock-us",
        format!("{:.0} µs", b.median),
        "lag after release: blocking lock()",
    );
    ctx.record_result(
        "timed-lag-poll-us",
        format!("{:.0} µs", p.median),
        "lag after release: try_lock_for",
    );
    Ok(())
}
