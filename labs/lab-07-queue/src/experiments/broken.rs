//! Experiment 6: the broken steps on real threads, under a watchdog.
//!
//! Each version of the queue runs the same small scenario with a capacity
//! of 1: producers put items, consumers get them. Every thread writes what
//! it is doing on the watchdog's board and catches its own panic, so the
//! lab can say who died and who was left waiting. The shared-condition
//! queue usually deadlocks within a few items; the `if`-not-`while` queue
//! usually loses a consumer to an empty queue (and its lock is then
//! poisoned, which kills the others in turn). The correct versions finish.
//! Threads stuck in a deadlock cannot be stopped: they stay blocked, using
//! no CPU, until the lab exits.

use crate::queue::Queue;
use crate::steps::BlockingQueue;
use crate::steps::if_not_while::IfNotWhileQueue;
use crate::steps::minimal::MinimalQueue;
use crate::steps::one_condition::OneConditionQueue;
use labkit::LabContext;
use labkit::report::Table;
use labkit::watchdog::{Outcome, Watchdog, panic_message};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// How a scenario ended.
struct Verdict {
    /// Items that reached a consumer.
    delivered: u64,
    /// The first panic message of a thread, if one died.
    died: Option<String>,
    /// The board at the deadline, if the scenario did not finish.
    stuck: Option<String>,
}

/// Runs `producers` producers and `consumers` consumers through a `Q` of
/// capacity 1, with `items` items, for at most `deadline`.
fn scenario<Q: BlockingQueue<u64> + Send + 'static>(
    producers: u64,
    consumers: u64,
    items: u64,
    deadline: Duration,
) -> Verdict {
    let watchdog = Watchdog::new(deadline);
    let queue = Arc::new(Q::with_capacity(1));
    let delivered = Arc::new(AtomicU64::new(0));
    let deaths = Arc::new(Mutex::new(Vec::<String>::new()));
    let mut threads = Vec::new();
    for p in 0..producers {
        let (queue, me) = (Arc::clone(&queue), watchdog.participant(format!("producer {}", p + 1)));
        threads.push((
            me.clone(),
            Box::new(move || {
                for i in 0..items / producers {
                    me.doing(format!("putting item {} (waits while the queue is full)", i + 1));
                    queue.put(i);
                }
            }) as Box<dyn FnOnce() + Send>,
        ));
    }
    for c in 0..consumers {
        let (queue, me) = (Arc::clone(&queue), watchdog.participant(format!("consumer {}", c + 1)));
        let delivered = Arc::clone(&delivered);
        threads.push((
            me.clone(),
            Box::new(move || {
                for i in 0..items / consumers {
                    me.doing(format!("getting item {} (waits while the queue is empty)", i + 1));
                    queue.get();
                    delivered.fetch_add(1, Ordering::Relaxed);
                }
            }),
        ));
    }
    let dead = Arc::clone(&deaths);
    let outcome = watchdog.run(move || {
        let handles: Vec<_> = threads
            .into_iter()
            .map(|(me, body)| {
                let dead = Arc::clone(&dead);
                std::thread::spawn(move || match catch_unwind(AssertUnwindSafe(body)) {
                    Ok(()) => me.doing("done"),
                    Err(panic) => {
                        let message = panic_message(panic.as_ref());
                        me.doing(format!("died: {message}"));
                        dead.lock().unwrap().push(message);
                    }
                })
            })
            .collect();
        handles.into_iter().for_each(|h| h.join().expect("each thread catches its panic"));
    });
    // The first thread to die poisons the lock; the others then die of the
    // poison. Report the first cause, not the poison.
    let deaths = deaths.lock().unwrap();
    let died = deaths.iter().find(|m| !m.contains("PoisonError")).or(deaths.first()).cloned();
    let stuck = match outcome {
        Outcome::Finished(()) => None,
        Outcome::TimedOut(report) => Some(report.to_string()),
        Outcome::Panicked(message) => Some(format!("the scenario itself panicked: {message}")),
    };
    Verdict { delivered: delivered.load(Ordering::Relaxed), died, stuck }
}

/// Runs the four versions, prints what happened, records a line for each.
pub fn run(ctx: &mut LabContext) -> anyhow::Result<()> {
    let items = if ctx.quick { 2_000 } else { 6_000 };
    let deadline = Duration::from_millis(if ctx.quick { 400 } else { 1_000 });
    // The dying threads' panics are reported below; keep them off stderr.
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let runs = [
        (
            "one condition, notify_one",
            "one-condition",
            1,
            2,
            scenario::<OneConditionQueue<u64>> as fn(u64, u64, u64, Duration) -> Verdict,
        ),
        ("if instead of while", "if-not-while", 2, 2, scenario::<IfNotWhileQueue<u64>>),
        ("minimal port", "minimal", 2, 2, scenario::<MinimalQueue<u64>>),
        ("Queue (this chapter)", "queue", 2, 2, scenario::<Queue<u64>>),
    ];
    let mut table = Table::new(
        format!(
            "{items} items through a queue of capacity 1, watchdog after {} s",
            deadline.as_secs_f64()
        ),
        &["version", "producers/consumers", "items delivered", "outcome"],
    );
    let mut reports = Vec::new();
    for (name, key, producers, consumers, run) in runs {
        let v = run(producers, consumers, items, deadline);
        let (outcome, result) = match (&v.died, &v.stuck) {
            (Some(message), _) => (
                format!("a thread died: {message}"),
                format!("a thread died after {} of {items} items: {message}", v.delivered),
            ),
            (None, Some(_)) => (
                "stuck: still running at the deadline".to_string(),
                format!(
                    "stuck after {} of {items} items (still running at the deadline)",
                    v.delivered
                ),
            ),
            (None, None) => ("finished".to_string(), format!("finished all {items} items")),
        };
        let threads = format!("{producers}/{consumers}");
        table.row([name.to_string(), threads, v.delivered.to_string(), outcome]);
        ctx.record_result(
            &format!("broken-{key}"),
            result,
            &format!("capacity 1, {producers} producer(s), {consumers} consumer(s): {name}"),
        );
        if let Some(report) = v.stuck {
            reports.push(format!("{name}:\n{report}"));
        }
    }
    std::panic::set_hook(default_hook);
    table.print();
    for report in reports {
        println!("{report}");
    }
    Ok(())
}
