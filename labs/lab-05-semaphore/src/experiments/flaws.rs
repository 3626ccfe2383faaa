//! Experiment 5: the two classic mistakes, on real threads.
//!
//! 1. `if` instead of `while`: four threads share one permit, taking and
//!    giving it back in a loop. With `while`, a thread woken to find the
//!    permit gone goes back to sleep (the lab counts how often that
//!    happens); with `if` it walks in, and two threads hold the one permit.
//! 2. A release that notifies nobody: a thread asleep in `acquire` stays
//!    asleep although the permit is free. A watchdog ends the wait, reports
//!    it, and the lab wakes the sleeper itself.
//!
//! Both run under a [`Watchdog`], so a hang is reported, never suffered.

use crate::flawed::{Flaw, FlawedSemaphore};
use labkit::LabContext;
use labkit::claim::Claim;
use labkit::report::Table;
use labkit::watchdog::{Outcome, Watchdog};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// What one run of threads sharing a flawed semaphore saw.
#[derive(Debug)]
struct Seen {
    /// The most threads holding a permit at once.
    most: usize,
    /// Acquires that found another holder inside (with one permit).
    overlaps: u64,
    /// The lowest count seen by a holder (below 0: more holders than permits).
    lowest: i64,
    /// Wake-ups that found no permit.
    woken_empty: u64,
}

/// Runs both demonstrations; prints what happened and records it.
pub fn run(ctx: &mut LabContext) -> anyhow::Result<()> {
    let rounds = if ctx.quick { 1_000 } else { 5_000 };
    let mut table = Table::new(
        format!("4 threads, 1 permit, {rounds} acquires each"),
        &[
            "acquire checks with",
            "most holders at once",
            "acquires that found a holder inside",
            "lowest count",
            "wake-ups that found no permit",
        ],
    );
    for (name, flaw) in [("while (correct)", Flaw::None), ("if (flawed)", Flaw::IfNotWhile)] {
        let seen = match Watchdog::new(Duration::from_secs(20)).run(move || share(flaw, rounds)) {
            Outcome::Finished(seen) => seen,
            other => anyhow::bail!("the {name} run did not finish: {other:?}"),
        };
        table.row([
            name.to_string(),
            seen.most.to_string(),
            seen.overlaps.to_string(),
            seen.lowest.to_string(),
            seen.woken_empty.to_string(),
        ]);
        let key = if flaw == Flaw::None { "while" } else { "if" };
        if flaw == Flaw::IfNotWhile {
            ctx.claim(
                "if-flaw-seen",
                Claim::fact(
                    "with `if`, the run let a thread in without a permit: more than one holder at once, or a count below zero",
                    seen.most > 1 || seen.lowest < 0,
                    format!("most holders at once {}, lowest count {}", seen.most, seen.lowest),
                )
                .if_not("the flaw needs a thread to take the permit between the notify and the woken thread's return; the counts depend on timing, and a quiet machine can go a whole run without that meeting"),
            );
        }
        ctx.record_result(
            &format!("flaw-{key}-most"),
            seen.most.to_string(),
            &format!("most holders of 1 permit, {name}"),
        );
        ctx.record_result(
            &format!("flaw-{key}-overlaps"),
            seen.overlaps.to_string(),
            &format!("acquires that found a holder inside, {name}"),
        );
        ctx.record_result(
            &format!("flaw-{key}-lowest"),
            seen.lowest.to_string(),
            &format!("lowest count, {name}"),
        );
        ctx.record_result(
            &format!("flaw-{key}-woken-empty"),
            seen.woken_empty.to_string(),
            &format!("wake-ups finding no permit, {name}"),
        );
    }
    ctx.record_result(
        "flaw-rounds",
        format!("{}", 4 * rounds),
        "acquires in each run of the if/while demonstration",
    );
    table.print();
    lost_wake_up(ctx)
}

/// Four threads share one permit through a semaphore with `flaw`.
fn share(flaw: Flaw, rounds: usize) -> Seen {
    let sem = FlawedSemaphore::new(1, flaw);
    let (inside, most) = (AtomicUsize::new(0), AtomicUsize::new(0));
    let (overlaps, lowest) = (AtomicU64::new(0), AtomicI64::new(1));
    std::thread::scope(|s| {
        for _ in 0..4 {
            s.spawn(|| {
                for _ in 0..rounds {
                    sem.acquire();
                    let now = inside.fetch_add(1, Ordering::SeqCst) + 1;
                    most.fetch_max(now, Ordering::SeqCst);
                    if now > 1 {
                        overlaps.fetch_add(1, Ordering::Relaxed);
                    }
                    lowest.fetch_min(sem.count(), Ordering::Relaxed);
                    labkit::work::spin(2_000); // the guarded work
                    inside.fetch_sub(1, Ordering::SeqCst);
                    sem.release();
                    labkit::work::spin(2_000); // work of its own
                }
            });
        }
    });
    Seen {
        most: most.into_inner(),
        overlaps: overlaps.into_inner(),
        lowest: lowest.into_inner(),
        woken_empty: sem.woken_empty(),
    }
}

/// A release that wakes nobody, caught by a watchdog; then the sleeper is freed.
fn lost_wake_up(ctx: &mut LabContext) -> anyhow::Result<()> {
    let deadline = Duration::from_millis(if ctx.quick { 200 } else { 500 });
    let sem = Arc::new(FlawedSemaphore::new(1, Flaw::NoNotify));
    let watchdog = Watchdog::new(deadline);
    let (holder, sleeper) = (watchdog.participant("holder"), watchdog.participant("sleeper"));
    let finished = Arc::new(AtomicBool::new(false));
    let (s, done) = (Arc::clone(&sem), Arc::clone(&finished));
    let outcome = watchdog.run(move || {
        s.acquire();
        holder.doing("holding the only permit");
        let other = Arc::clone(&s);
        let waiter = std::thread::spawn(move || {
            sleeper.doing("in acquire: asleep until a release wakes it");
            other.acquire();
            sleeper.doing("got the permit");
            other.release();
            done.store(true, Ordering::SeqCst);
        });
        std::thread::sleep(Duration::from_millis(50)); // time to fall asleep
        s.release();
        holder.doing("released the permit, notifying nobody");
        waiter.join().expect("the sleeper does not panic");
    });
    let diagnosis = match outcome {
        Outcome::TimedOut(report) => {
            println!("A release that notifies nobody:\n{report}");
            println!(
                "  the count is {} (a permit is free), yet the sleeper sleeps: nobody told it.",
                sem.count()
            );
            // Free it: a notification is all it was missing.
            let give_up = Instant::now() + Duration::from_secs(5);
            while !finished.load(Ordering::SeqCst) && Instant::now() < give_up {
                sem.wake_all();
                std::thread::sleep(Duration::from_millis(1));
            }
            let freed = finished.load(Ordering::SeqCst);
            anyhow::ensure!(freed, "the sleeper did not finish even when woken");
            println!("  woken by hand, it takes the permit and finishes.\n");
            format!("stuck for {} ms with a permit free", deadline.as_millis())
        }
        Outcome::Finished(()) => {
            println!(
                "A release that notifies nobody: this time the sleeper came after the release, and nothing hung.\n"
            );
            "not stuck this time: it came after the release".to_string()
        }
        Outcome::Panicked(message) => {
            anyhow::bail!("the lost wake-up scenario panicked: {message}")
        }
    };
    ctx.record_result("flaw-no-notify", diagnosis, "a release that notifies nobody, one sleeper");
    ctx.record_result(
        "flaw-no-notify-ms",
        format!("{} ms", deadline.as_millis()),
        "the watchdog's deadline",
    );
    Ok(())
}
