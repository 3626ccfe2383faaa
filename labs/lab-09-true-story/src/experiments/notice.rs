//! How long the queue version takes to notice that a worker died.
//!
//! A worker panics on one profile. The feeder learns of it only through
//! [`crate::refresh::crew::Crew::alive`], which it asks before every put,
//! and again every `check_every` while a put waits for room. With one
//! worker the queue stays full after the death, so the feeder is waiting
//! in a put and notices within about one `check_every`. With several, the
//! others keep taking chunks and the feeder notices at its next put. The
//! notebook's loop (`while all(w.is_alive() ...)` around `put(block=False)`)
//! looks on every try too, but spins while it does; a plain blocking `put`
//! would never look and would hang on the full queue.

use crate::corpus::{Corpus, Profile};
use crate::refresh::queue::{self, Options};
use crate::tally::Tally;
use labkit::LabContext;
use labkit::claim::{Claim, Quantity, show};
use labkit::measure::Stats;
use labkit::plot::{Axis, BarPlot};
use labkit::report::{Csv, Table, duration};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The profile whose refresh panics: the last of the third chunk (snapshot
/// 0 holds ids 0, 4, 8, ...; 10 a chunk), so the worker dies some 2.7 ms
/// after taking its chunk, while the feeder waits on a full queue.
const POISON: u64 = 116;

/// Each profile's simulated work.
const WORK: Duration = Duration::from_micros(300);

/// One run: a worker panics on [`POISON`]; how long until the run noticed.
fn once(corpus: &Corpus, workers: usize, check_every: Duration) -> anyhow::Result<Duration> {
    let died: Arc<Mutex<Option<Instant>>> = Arc::default();
    let at = Arc::clone(&died);
    let refresh = Arc::new(move |p: &Profile| {
        if p.id == POISON {
            *at.lock().unwrap() = Some(Instant::now());
            panic!("profile {POISON} is corrupt");
        }
        std::thread::sleep(WORK);
        Tally { skipped: 1, ..Tally::default() }
    });
    let options = Options { check_every, ..Options::new(workers, 10) };
    match queue::run(corpus, refresh, options) {
        Ok(_) => anyhow::bail!("the run ended without noticing the dead worker"),
        Err(stopped) => {
            let died = died.lock().unwrap().expect("the worker died");
            Ok(stopped.noticed.saturating_duration_since(died))
        }
    }
}

/// Measures the delay for 1 and 4 workers at two check intervals, prints,
/// saves `notice.csv` and `notice.svg`, and claims that a death is noticed
/// within two check intervals.
pub fn run(ctx: &mut LabContext) -> anyhow::Result<()> {
    let corpus = Corpus::write(1_000, 4, ctx.seed)?;
    let checks = [Duration::from_millis(10), Duration::from_millis(50)];
    let crews = [1usize, 4];
    let runs = ctx.repeat * 2;
    let mut csv = Csv::new(&["workers", "check_every_ms", "run", "noticed_after_ms"]);
    let mut table = Table::new(
        "A worker panics: how long until the feeder notices (median)",
        &["workers", "check every 10 ms", "check every 50 ms"],
    );
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {})); // the worker's panic is expected
    let mut measured = Vec::new();
    for &workers in &crews {
        let mut row = Vec::new();
        for &check in &checks {
            let mut delays = Vec::new();
            for run in 0..runs {
                let delay = once(&corpus, workers, check);
                let delay = delay?;
                csv.row(&[&workers, &check.as_millis(), &run, &(delay.as_secs_f64() * 1e3)]);
                delays.push(delay);
            }
            row.push(Stats::of_durations(&delays).expect("runs"));
        }
        measured.push(row);
    }
    std::panic::set_hook(default_hook);
    let mut parts = Vec::new();
    for (&workers, row) in crews.iter().zip(&measured) {
        table.row(
            std::iter::once(workers.to_string())
                .chain(row.iter().map(|s| duration(Duration::from_secs_f64(s.median)))),
        );
        for (&check, stats) in checks.iter().zip(row) {
            let key = format!("notice-{workers}w-{}ms", check.as_millis());
            let shown = duration(Duration::from_secs_f64(stats.median));
            ctx.record_result(
                &key,
                shown,
                &format!(
                    "{workers} worker(s), liveness checked every {}: a death noticed after",
                    duration(check)
                ),
            );
            let q = Quantity::new(
                format!("{workers} worker(s), check every {}", duration(check)),
                *stats,
                show::seconds,
            );
            let bound = Quantity::exact(
                format!("2 × {}", duration(check)),
                2.0 * check.as_secs_f64(),
                show::seconds,
            );
            parts.push(Claim::less(
                format!(
                    "with {workers} worker(s) a death is noticed within 2 × {}",
                    duration(check)
                ),
                &q,
                &bound,
            ));
        }
    }
    table.print();
    println!();
    ctx.save_csv("notice", "time from a worker's panic to the feeder noticing, per run", &csv)?;
    let plot = BarPlot::new("From a worker's panic to the program noticing")
        .categories(checks.iter().map(|c| format!("liveness checked every {}", duration(*c))))
        .y(Axis::linear("noticed after (ms)"));
    let plot = crews.iter().zip(&measured).fold(plot, |plot, (w, row)| {
        plot.group_measured(
            format!("{w} worker(s)"),
            row.iter().map(|s| s.map(|x| x * 1e3)).collect(),
        )
    });
    ctx.save_figure(
        "notice",
        &plot,
        &format!("a worker panics on profile {POISON} of 1000, {} µs of work per profile; medians of {runs} runs, bars from fastest to slowest", WORK.as_micros()),
        &["notice"],
    )?;
    let q = |w: usize, c: usize, label: &str| Quantity::new(label, measured[w][c], show::seconds);
    ctx.claim(
        "notice-lone-waits-for-check",
        Claim::greater(
            "with one worker, a death is noticed later when the feeder looks every 50 ms than every 10 ms",
            &q(0, 1, "1 worker, every 50 ms"),
            &q(0, 0, "1 worker, every 10 ms"),
        ),
    );
    ctx.claim(
        "notice-others-keep-it-moving",
        Claim::less(
            "with four workers, looking every 50 ms, a death is noticed sooner than with one",
            &q(1, 1, "4 workers, every 50 ms"),
            &q(0, 1, "1 worker, every 50 ms"),
        )
        .if_not("the three live workers keep making room, so the feeder's next put, which looks first, comes soon"),
    );
    ctx.claim(
        "notice-within-two-checks",
        Claim::all("every death was noticed within two check intervals", parts)
            .if_not("the feeder must be scheduled again when its timed put gives up, and a busy machine may not have a core free"),
    );
    Ok(())
}
