//! Experiment 7: how a pool ends, right and wrong, under a watchdog; a
//! panicking task; `terminate` with work queued.
//!
//! The first three scenarios are the notebook's own pool: workers running
//! the loop of `worker.rs` on a chapter-07 queue, fed the notebook's URL
//! list (with its missing comma, which glues two URLs into one) and ended
//! with poison pills. Each "fetch" is a 1 ms sleep. The fourth does the
//! same with this chapter's `Pool`, whose drop closes it.
//!
//! | scenario | what happens |
//! | --- | --- |
//! | one pill per worker | every worker exits; `join` returns |
//! | one pill short | one worker waits for a pill forever; the watchdog reports it |
//! | an error before the pills | `inject` returns early at the glued URL (`?`): no pill is sent, every worker waits |
//! | the same error, with `Pool` | the pool is dropped on the way out: drop closes it and joins |
//!
//! Stuck workers cannot be stopped: they stay blocked, using no CPU, until
//! the lab exits. That is why this experiment runs last.

use crate::pool::Pool;
use crate::reply::TaskError;
use crate::worker::{self, Message};
use lab_07_queue::Queue;
use labkit::LabContext;
use labkit::claim::Claim;
use labkit::report::Table;
use labkit::sync::atomic::AtomicBool; // the shim's, as `worker::work` takes it
use labkit::watchdog::{Outcome, Watchdog};
use std::sync::Arc;
use std::time::Duration;

/// The notebook's first URL list, missing comma included.
const URLS: [&str; 3] = [
    "http://www.python.org",
    concat!("http://www.yahoo.com", "http://www.scala.org"),
    "http://www.google.com",
];

/// How a scenario feeds and ends its workers.
#[derive(Clone, Copy)]
struct Feed {
    /// Pills fewer than workers.
    short: usize,
    /// Whether each URL is checked before it is queued (and `inject` returns at a bad one).
    check: bool,
}

/// A scenario, ready to run under the watchdog.
type Scenario = Box<dyn FnOnce() -> Result<usize, String> + Send>;

/// Makes a scenario whose threads report to the watchdog.
type Setup = Box<dyn Fn(&Watchdog) -> Scenario>;

/// What the notebook's `urlopen` would reject: two URLs glued into one.
fn check(url: &str) -> Result<(), String> {
    match url.matches("://").count() {
        1 => Ok(()),
        _ => Err(format!("`{url}` is two URLs glued together (a missing comma)")),
    }
}

/// The notebook's pool: `workers` threads on one queue, fed and ended the
/// way `feed` says, then joined. Returns how many URLs were fetched, or
/// the error that ended `inject` early (after joining, which may hang).
fn notebook(
    workers: usize,
    feed: Feed,
    watchdog: &Watchdog,
) -> impl FnOnce() -> Result<usize, String> + Send + 'static {
    let queue = Arc::new(Queue::<Message<String>>::unbounded());
    let cancelled = Arc::new(AtomicBool::new(false));
    let threads: Vec<_> = (0..workers)
        .map(|i| {
            let (queue, cancelled, me) = (
                Arc::clone(&queue),
                Arc::clone(&cancelled),
                watchdog.participant(format!("worker {}", i + 1)),
            );
            std::thread::spawn(move || {
                me.doing("waiting in get() for a URL or a pill");
                let report = worker::work(&queue, &cancelled, |url| {
                    me.doing(format!("fetching {url}"));
                    std::thread::sleep(Duration::from_millis(1));
                    me.doing("waiting in get() for a URL or a pill");
                });
                me.doing("exited: took its pill");
                report.ran
            })
        })
        .collect();
    let main = watchdog.participant("main thread");
    move || {
        let Feed { short, check: checking } = feed;
        // ANCHOR: inject
        let inject = || -> Result<(), String> {
            for url in URLS.iter().cycle().take(12) {
                if checking {
                    check(url)?; // returns early: the pills below are never put
                }
                queue.put(Message::Job(url.to_string()));
            }
            for _ in 0..workers - short {
                queue.put(Message::Quit);
            }
            Ok(())
        };
        // ANCHOR_END: inject
        let fed = inject();
        main.doing("joining the workers");
        let fetched = threads.into_iter().map(|t| t.join().unwrap()).sum();
        main.doing("done");
        fed.map(|()| fetched)
    }
}

// ANCHOR: with_pool
/// The same error with this chapter's pool: `?` returns, the pool drops.
fn with_pool(workers: usize) -> Result<usize, String> {
    let pool = Pool::new(workers);
    let mut pending = Vec::new();
    for url in URLS.iter().cycle().take(12) {
        check(url)?; // returns early: `pool` is dropped, which closes and joins it
        pending.push(
            pool.submit(|| std::thread::sleep(Duration::from_millis(1)))
                .map_err(|e| e.to_string())?,
        );
    }
    Ok(pending.into_iter().map(|p| p.wait()).filter(Result::is_ok).count())
}
// ANCHOR_END: with_pool

/// One scenario under a watchdog: its row in the table and whether it finished.
fn watched<T: Send + std::fmt::Debug + 'static>(
    deadline: Duration,
    scenario: impl FnOnce(&Watchdog) -> Box<dyn FnOnce() -> T + Send>,
) -> (String, bool) {
    let watchdog = Watchdog::new(deadline);
    let body = scenario(&watchdog);
    match watchdog.run(body) {
        Outcome::Finished(v) => (format!("finished: {v:?}"), true),
        Outcome::TimedOut(report) => {
            let stuck: Vec<String> = report
                .entries
                .iter()
                .filter(|e| e.doing.starts_with("waiting") || e.doing.starts_with("joining"))
                .map(|e| format!("{}: {}", e.name, e.doing))
                .collect();
            (
                format!(
                    "stuck after {}: {}",
                    labkit::report::duration(report.deadline),
                    stuck.join("; ")
                ),
                false,
            )
        }
        Outcome::Panicked(why) => (format!("panicked: {why}"), false),
    }
}

pub fn run(ctx: &mut LabContext, workers: usize) -> anyhow::Result<()> {
    let workers = workers.max(2);
    let deadline = if ctx.quick { Duration::from_millis(500) } else { Duration::from_secs(1) };
    let scenarios: [(&str, &str, Setup); 4] = [
        (
            "shutdown-pills",
            "one pill per worker",
            Box::new(move |w| Box::new(notebook(workers, Feed { short: 0, check: false }, w))),
        ),
        (
            "shutdown-pill-short",
            "one pill short",
            Box::new(move |w| Box::new(notebook(workers, Feed { short: 1, check: false }, w))),
        ),
        (
            "shutdown-error",
            "an error before the pills",
            Box::new(move |w| Box::new(notebook(workers, Feed { short: 0, check: true }, w))),
        ),
        (
            "shutdown-pool-drop",
            "the same error, with Pool",
            Box::new(move |_| Box::new(move || with_pool(workers))),
        ),
    ];
    let mut table =
        Table::new(format!("Ending a pool of {workers} workers"), &["scenario", "outcome"]);
    let mut finished = Vec::new();
    for (key, name, scenario) in &scenarios {
        let (outcome, done) = watched(deadline, |w| scenario(w));
        table.row([name.to_string(), outcome.clone()]);
        ctx.record_result(key, outcome, name);
        finished.push(done);
    }
    table.print();
    ctx.claim(
        "pills-right-finish",
        Claim::fact(
            "with one pill per worker, every worker exits and join returns",
            finished[0],
            scenario_evidence(finished[0]),
        ),
    );
    ctx.claim(
        "pill-short-hangs",
        Claim::fact(
            "with one pill short, join waits forever for the last worker (the watchdog ends it)",
            !finished[1],
            scenario_evidence(finished[1]),
        ),
    );
    ctx.claim(
        "error-skips-pills",
        Claim::fact(
            "an early return between feeding and the pills leaves every worker waiting",
            !finished[2],
            scenario_evidence(finished[2]),
        ),
    );
    ctx.claim(
        "drop-closes",
        Claim::fact(
            "with Pool, the same early return closes and joins the pool on the way out",
            finished[3],
            scenario_evidence(finished[3]),
        ),
    );

    panics(ctx, workers);
    terminate(ctx);
    Ok(())
}

fn scenario_evidence(finished: bool) -> String {
    if finished { "it finished".into() } else { "the watchdog's deadline passed first".into() }
}

/// A task that panics: its caller gets the error, the other tasks finish,
/// and the pool keeps working.
fn panics(ctx: &mut LabContext, workers: usize) {
    let pool = Pool::new(workers);
    let quiet = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {})); // the panic is expected: keep the output readable
    let out = pool
        .map(|i: u32| if i == 3 { panic!("task {i} failed") } else { i * 10 }, 0..8, 2)
        .expect("open");
    std::panic::set_hook(quiet);
    let ok = out.iter().filter(|r| r.is_ok()).count();
    let err: Vec<String> =
        out.iter().filter_map(|r| r.as_ref().err()).map(TaskError::to_string).collect();
    let after = pool.submit(|| "still working").expect("open").wait();
    let text = format!(
        "{ok} results and {} error ({}); the next task: {after:?}",
        err.len(),
        err.join(", ")
    );
    println!("a panicking task: {text}\n");
    ctx.record_result("panic-outcome", text, "map over 8 tasks, task 3 panics");
    ctx.claim(
        "panic-contained",
        Claim::fact("the panicking task gave its caller an error, the other seven their results, and the pool went on working", ok == 7 && err.len() == 1 && after.is_ok(), format!("{ok} results, {} errors, next task {after:?}", err.len())),
    );
}

/// `terminate` with work queued: what ran, what was cancelled.
fn terminate(ctx: &mut LabContext) {
    let pool = Pool::new(1);
    let pending: Vec<_> = (0..50)
        .map(|_| pool.submit(|| std::thread::sleep(Duration::from_millis(2))).expect("open"))
        .collect();
    std::thread::sleep(Duration::from_millis(15));
    pool.terminate();
    let done = pool.join().expect("terminated");
    let outcomes: Vec<_> = pending.into_iter().map(|p| p.wait()).collect();
    let cancelled = outcomes.iter().filter(|o| **o == Err(TaskError::Cancelled)).count();
    let ran = outcomes.iter().filter(|o| o.is_ok()).count();
    let text = format!("{ran} ran, {cancelled} cancelled, of 50");
    println!("terminate after 15 ms: {text}\n");
    ctx.record_result(
        "terminate-outcome",
        text,
        "50 tasks of 2 ms on one worker, terminated after 15 ms",
    );
    ctx.claim(
        "terminate-accounts",
        Claim::fact(
            "after terminate every task either ran or was reported cancelled, none lost",
            ran + cancelled == 50 && done.ran == ran && done.dropped == cancelled,
            format!("{ran} ran + {cancelled} cancelled = {}", ran + cancelled),
        ),
    );
}
