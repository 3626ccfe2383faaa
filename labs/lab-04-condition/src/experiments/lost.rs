//! Experiment 5: the lost wake-up, on purpose and under a watchdog.
//!
//! A waiter waits for a flag; a notifier sets it and notifies 5 ms later.
//! The waiter is slow between unlocking the mutex and sleeping (a pause of
//! 20 ms, standing for a preemption at the worst moment). With
//! [`Condition::wait`], which registers before unlocking, the pause does no
//! harm. With [`wait_registering_late`], the notify comes while the queue
//! of waiters is empty, wakes nobody, and the waiter then sleeps for good:
//! the watchdog reports it. The lab then notifies once more, so the stuck
//! thread leaves and nothing is left behind.

use crate::condition::Condition;
use crate::mistakes::wait_registering_late;
use labkit::LabContext;
use labkit::report::Table;
use labkit::watchdog::{Outcome, Watchdog};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How long the waiter dawdles between unlocking and sleeping.
const PAUSE: Duration = Duration::from_millis(20);
/// How long after the waiter locked the notifier comes.
const NOTIFY_AFTER: Duration = Duration::from_millis(5);
/// How long the watchdog gives the scenario.
const DEADLINE: Duration = Duration::from_millis(500);

/// One run: the waiter waits (late or not), the notifier notifies once.
/// Returns the outcome and the condition, so a stuck waiter can be freed.
fn scenario(late: bool) -> (Outcome<Duration>, Arc<Condition>, Arc<lab_02_lock::Mutex<bool>>) {
    let watchdog = Watchdog::new(DEADLINE);
    let (waiter, notifier) = (watchdog.participant("waiter"), watchdog.participant("notifier"));
    let flag = Arc::new(lab_02_lock::Mutex::new(false));
    let cond = Arc::new(Condition::new());
    let (f, c) = (Arc::clone(&flag), Arc::clone(&cond));
    let outcome = watchdog.run(move || {
        let start = Instant::now();
        std::thread::scope(|s| {
            s.spawn(|| {
                std::thread::sleep(NOTIFY_AFTER);
                notifier.doing("setting the flag and notifying");
                *f.lock() = true;
                let woken = c.notify_one();
                notifier.doing(format!("done: its notify woke {} waiter(s)", u8::from(woken)));
            });
            let mut ready = f.lock();
            while !*ready {
                waiter.doing("waiting for the flag");
                if late {
                    wait_registering_late(&c, &mut ready, Some(PAUSE));
                } else {
                    // The same pause, but after registering: harmless.
                    let shot = c.register();
                    lab_02_lock::Guard::unlocked(&mut ready, || {
                        std::thread::sleep(PAUSE);
                        shot.wait();
                    });
                }
            }
            waiter.doing("saw the flag and left");
        });
        start.elapsed()
    });
    (outcome, cond, flag)
}

/// Runs both waits, prints what happened, and records it.
pub fn run(ctx: &mut LabContext) -> anyhow::Result<()> {
    let mut table = Table::new(
        format!(
            "A notify {} ms into a waiter's {} ms pause between unlocking and sleeping",
            NOTIFY_AFTER.as_millis(),
            PAUSE.as_millis()
        ),
        &["wait", "outcome"],
    );
    for (late, key, name) in [
        (false, "lost-early", "registers, then unlocks (Condition::wait)"),
        (true, "lost-late", "unlocks, then registers (the mistake)"),
    ] {
        let (outcome, cond, _flag) = scenario(late);
        let said = match outcome {
            Outcome::Finished(took) => {
                format!("woke and left after {}", labkit::report::duration(took))
            }
            Outcome::TimedOut(report) => {
                print!("{report}");
                // Free the stuck waiter: it is registered now, so this reaches it.
                cond.notify_all();
                format!(
                    "stuck: the watchdog stopped it after {}",
                    labkit::report::duration(DEADLINE)
                )
            }
            Outcome::Panicked(message) => {
                anyhow::bail!("the lost wake-up scenario panicked: {message}")
            }
        };
        table.row([name, said.as_str()]);
        ctx.record_result(key, said.clone(), &format!("lost wake-up demo: {name}"));
    }
    println!();
    table.print();
    Ok(())
}
