//! Experiment 4: the time the notebook's ending adds to every run.
//!
//! After the sentinels, the notebook waits with `while qsize(): sleep(10)`
//! and only then joins the workers. The loop first looks right after the
//! last sentinel is put, while the queue still holds the last chunks and
//! the sentinels, so it goes to sleep for a whole interval. The workers
//! empty the queue and finish early in that interval, and the loop only
//! notices when it wakes: nearly a whole interval after the last profile
//! (up to one more if the work outlasts the first sleep). `join` returns
//! when the last worker ends. The lab scales the notebook's 10 s down to 100 ms
//! and measures, for each ending, how long after the last profile was
//! done the run returned.

use crate::corpus::{Corpus, Profile};
use crate::refresh::{Refresh, polling, queue};
use crate::tally::Tally;
use labkit::LabContext;
use labkit::claim::{Claim, Quantity, show};
use labkit::measure::Stats;
use labkit::plot::{Axis, BarPlot};
use labkit::report::{Csv, Table, duration};
use std::sync::Arc;
use std::time::Duration;

/// The polling loop's sleep: the notebook's 10 s, divided by 100.
pub const INTERVAL: Duration = Duration::from_millis(100);

/// Measures both endings over several runs, prints, saves `ending.csv`
/// and `ending.svg`, and claims that `join` ends sooner.
pub fn run(ctx: &mut LabContext) -> anyhow::Result<()> {
    let corpus = Corpus::write(200, 2, ctx.seed)?;
    let work: Arc<Refresh> = Arc::new(|_: &Profile| {
        std::thread::sleep(Duration::from_micros(500));
        Tally { skipped: 1, ..Tally::default() }
    });
    let options = queue::Options::new(4, 10);
    let runs = ctx.repeat * 3;
    let mut csv = Csv::new(&["ending", "run", "returned_after_last_ms"]);
    let (mut joined, mut polled) = (Vec::new(), Vec::new());
    for run in 0..runs {
        let j =
            queue::run(&corpus, Arc::clone(&work), options).map_err(|e| anyhow::anyhow!("{e}"))?;
        let p = polling::run(&corpus, Arc::clone(&work), options, INTERVAL)?;
        anyhow::ensure!(
            j.tally.total() == corpus.len() && p.tally.total() == corpus.len(),
            "a profile was lost"
        );
        csv.row(&[&"join", &run, &(j.after_last.as_secs_f64() * 1e3)]);
        csv.row(&[&"qsize polling", &run, &(p.after_last.as_secs_f64() * 1e3)]);
        joined.push(j.after_last);
        polled.push(p.after_last);
    }
    let (j, p) =
        (Stats::of_durations(&joined).expect("runs"), Stats::of_durations(&polled).expect("runs"));
    let ms = |s: &Stats| duration(Duration::from_secs_f64(s.median));
    let mut table = Table::new(
        format!("From the last profile done to the run's end (median of {runs})"),
        &["ending", "median", "longest"],
    );
    table.row(["join".to_string(), ms(&j), duration(Duration::from_secs_f64(j.max))]);
    table.row([
        format!("while qsize(): sleep({})", duration(INTERVAL)),
        ms(&p),
        duration(Duration::from_secs_f64(p.max)),
    ]);
    table.print();
    println!();
    ctx.save_csv(
        "ending",
        "time from the last profile done to the run returning, per ending and run",
        &csv,
    )?;
    let plot = BarPlot::new("Time wasted at the end of a run")
        .categories(["join".to_string(), format!("while qsize(): sleep({})", duration(INTERVAL))])
        .y(Axis::log("returned after the last profile (ms)"))
        .group_measured("after the last profile", vec![j.map(|x| x * 1e3), p.map(|x| x * 1e3)]);
    ctx.save_figure(
        "ending",
        &plot,
        &format!("200 profiles, 4 workers, 0.5 ms each; medians of {runs} runs, bars from fastest to slowest"),
        &["ending"],
    )?;
    ctx.record_result(
        "ending-join",
        ms(&j),
        "join: the run returned this long after the last profile",
    );
    ctx.record_result(
        "ending-polling",
        ms(&p),
        "qsize polling: the run returned this long after the last profile",
    );
    ctx.record_result("ending-interval", duration(INTERVAL), "the polling loop's sleep");
    let jq = Quantity::new("join", j, show::seconds);
    let pq = Quantity::new("qsize polling", p, show::seconds);
    ctx.claim(
        "join-ends-sooner",
        Claim::less(
            "waiting with join() returns sooner after the last profile than the qsize() polling loop",
            &jq,
            &pq,
        ),
    );
    let half = Quantity::exact(
        format!("half the interval ({})", duration(INTERVAL / 2)),
        INTERVAL.as_secs_f64() / 2.0,
        show::seconds,
    );
    ctx.claim(
        "polling-costs-interval",
        Claim::greater(
            "the polling loop added more than half its interval to the median run",
            &pq,
            &half,
        )
        .if_not("the loop's first look came after the work was done, so it did not sleep a whole interval past the end"),
    );
    Ok(())
}
