//! Experiment 7: a worker panics; does `join` return?
//!
//! Two workers take 20 tasks from a queue; task 7 panics. With `task_done`
//! called by hand after the work (the notebook's consumer), the panicking
//! worker never calls it: one task stays unfinished forever and `join`
//! never returns; the watchdog reports it. With the [`crate::Task`] guard,
//! unwinding drops the guard, the guard marks the task done, and `join`
//! returns. Python behaves like the first version: an exception in the
//! worker skips its `task_done()` unless it sits in a `finally`.

use crate::queue::Queue;
use labkit::LabContext;
use labkit::report::Table;
use labkit::watchdog::{Outcome, Participant, Watchdog};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The task that fails.
const BAD: u32 = 7;

/// One worker's loop; `None` is the poison pill that ends it.
fn worker(queue: &Queue<Option<u32>>, me: &Participant, guard: bool) {
    loop {
        me.doing("waiting for a task");
        if guard {
            // ANCHOR: guarded
            let task = queue.get_task();
            let Some(n) = *task else { break };
            me.doing(format!("working on task {n}"));
            assert_ne!(n, BAD, "task {BAD} failed");
            // `task` is dropped here, or while unwinding: task_done either way.
            // ANCHOR_END: guarded
        } else {
            // ANCHOR: by_hand
            let Some(n) = queue.get() else {
                queue.task_done().expect("the pill was put");
                break;
            };
            me.doing(format!("working on task {n}"));
            assert_ne!(n, BAD, "task {BAD} failed");
            queue.task_done().expect("each task is marked done once");
            // ANCHOR_END: by_hand
        }
    }
    me.doing("finished");
}

/// Runs one version; returns how long `join` took, or the watchdog's report.
fn attempt(guard: bool, deadline: Duration) -> Result<Duration, String> {
    let watchdog = Watchdog::new(deadline);
    let main = watchdog.participant("main thread");
    let workers: Vec<Participant> =
        (1..=2).map(|w| watchdog.participant(format!("worker {w}"))).collect();
    let queue = Arc::new(Queue::unbounded());
    let outcome = watchdog.run(move || {
        for me in workers {
            let queue = Arc::clone(&queue);
            std::thread::spawn(move || worker(&queue, &me, guard));
        }
        let start = Instant::now();
        (1..=20).for_each(|n| queue.put(Some(n)));
        main.doing(format!("in join(), {} tasks unfinished", queue.unfinished()));
        queue.join();
        let took = start.elapsed();
        main.doing("join returned; putting a pill per worker");
        (0..2).for_each(|_| queue.put(None));
        took
    });
    match outcome {
        Outcome::Finished(took) => Ok(took),
        Outcome::TimedOut(report) => Err(report.to_string()),
        Outcome::Panicked(message) => Err(format!("the main thread panicked: {message}")),
    }
}

/// Runs both versions, prints what happened, records a line for each.
pub fn run(ctx: &mut LabContext) -> anyhow::Result<()> {
    let deadline = Duration::from_millis(if ctx.quick { 300 } else { 600 });
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {})); // the worker's panic is expected
    let by_hand = attempt(false, deadline);
    let guarded = attempt(true, deadline);
    std::panic::set_hook(default_hook);
    let mut table = Table::new(
        format!(
            "20 tasks, 2 workers, task {BAD} panics; watchdog after {} s",
            deadline.as_secs_f64()
        ),
        &["task_done", "join"],
    );
    for (name, key, result) in [
        ("by hand, after the work", "by-hand", &by_hand),
        ("Task guard (on drop)", "guard", &guarded),
    ] {
        let outcome = match result {
            Ok(took) => format!("returned after {}", labkit::report::duration(*took)),
            Err(_) => format!("still waiting after {} s", deadline.as_secs_f64()),
        };
        table.row([name.to_string(), outcome.clone()]);
        ctx.record_result(
            &format!("join-{key}"),
            outcome,
            &format!("a worker panics, task_done {name}: join"),
        );
    }
    table.print();
    for report in [by_hand, guarded].into_iter().filter_map(Result::err) {
        println!("{report}");
    }
    Ok(())
}
