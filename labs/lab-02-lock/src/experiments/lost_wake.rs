//! Experiment 6: an unlock that forgets to wake, caught by a watchdog.
//!
//! A holder takes the lock; a waiter asks for it, finds it held, marks the
//! word `CONTENDED` and goes to sleep in the kernel. The holder unlocks:
//! with the futex lock, the swap sees `CONTENDED` and wakes the waiter;
//! with [`ForgetfulLock`], the word goes back to `UNLOCKED` and nobody calls
//! `wake_one`. The waiter sleeps on a free lock forever. The scenario runs
//! under `labkit::watchdog`, which gives up after a deadline and reports
//! what each thread said it was doing; the stuck threads are abandoned and
//! end with the lab. That is why this experiment runs last.

use crate::broken::ForgetfulLock;
use crate::futex_lock::FutexLock;
use crate::raw::RawLock;
use labkit::LabContext;
use labkit::watchdog::{Outcome, Watchdog};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How the scenario ended, in words.
fn scenario<L: RawLock + 'static>(deadline: Duration) -> (bool, String) {
    let watchdog = Watchdog::new(deadline);
    let holder = watchdog.participant("holder");
    let waiter = watchdog.participant("waiter");
    let started = Instant::now();
    let outcome = watchdog.run(move || {
        let lock = Arc::new(L::new());
        holder.doing("holding the lock");
        lock.lock();
        let sleeper = {
            let lock = Arc::clone(&lock);
            std::thread::spawn(move || {
                waiter.doing("waiting for the lock (asleep on the futex word)");
                lock.lock();
                waiter.doing("holding the lock, then done");
                // Safety: taken just above.
                unsafe { lock.unlock() };
            })
        };
        // Give the waiter time to find the lock held and fall asleep.
        std::thread::sleep(Duration::from_millis(50));
        // Safety: this thread took the lock above.
        unsafe { lock.unlock() };
        holder.doing("unlocked; waiting for the waiter to finish");
        sleeper.join().expect("the waiter does not panic");
        holder.doing("done");
    });
    match outcome {
        Outcome::Finished(()) => {
            (true, format!("finished in {:.0} ms", started.elapsed().as_secs_f64() * 1e3))
        }
        Outcome::TimedOut(report) => (false, report.to_string()),
        Outcome::Panicked(message) => (false, format!("panicked: {message}")),
    }
}

/// Runs the scenario with both locks and records how each ended.
pub fn run(ctx: &mut LabContext) -> anyhow::Result<()> {
    let deadline = Duration::from_millis(if ctx.quick { 300 } else { 600 });
    println!("A waiter asleep on the lock, and an unlock (deadline {} ms):", deadline.as_millis());
    let (finished, how) = scenario::<FutexLock>(deadline);
    println!("- futex lock: {how}");
    anyhow::ensure!(finished, "the futex lock did not wake its waiter: {how}");
    ctx.record_result("wake-futex", how, "a sleeping waiter and the futex lock's unlock");

    let (finished, how) = scenario::<ForgetfulLock>(deadline);
    println!("- forgetful lock (unlock never wakes): {}", if finished { &how } else { "stuck" });
    if finished {
        // The waiter had not fallen asleep yet, so the store alone let it in.
        println!("  (this time the waiter took the lock before it slept: rerun to see the hang)\n");
        ctx.record_result(
            "wake-forgetful",
            "finished (the waiter had not slept yet)",
            "the forgetful lock",
        );
    } else {
        print!("{how}");
        println!(
            "  The word says UNLOCKED, but the waiter sleeps in the kernel until someone calls\n  \
             wake_one, and nobody will. Its thread is abandoned; it ends with the lab.\n"
        );
        ctx.record_result(
            "wake-forgetful",
            format!("still asleep after {} ms", deadline.as_millis()),
            "a sleeping waiter and the forgetful lock's unlock",
        );
    }
    Ok(())
}
