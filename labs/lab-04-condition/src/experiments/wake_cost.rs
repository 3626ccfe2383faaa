//! What one empty wake-up costs the thread that is woken.
//!
//! `notify_all` wakes consumers that then find nothing to take. To know
//! what that costs them, this measures it alone: one waiter sleeps on
//! std's `Condvar` in a `while` loop whose condition stays false, and a
//! notifier wakes it again and again (pausing between notifies so that the
//! waiter is asleep each time). Every return from `wait` is an empty
//! wake-up; the waiter's own CPU time (its thread CPU clock) divided by
//! its wake-ups is what each one cost it: returning from the futex, taking
//! the mutex back, testing the condition, and going to sleep again.

use crate::cpu::ThreadUsage;
use labkit::measure::Stats;
use std::sync::{Condvar, Mutex};
use std::time::Duration;

/// The pause between two notifies: long enough for the waiter to be back asleep.
const PAUSE: Duration = Duration::from_micros(50);

/// One run of `notifies` notifies: the waiter's CPU seconds per wake-up.
fn once(notifies: u32) -> f64 {
    // (done, wake-ups): `done` stays false until the end, so every wake-up
    // before it finds nothing.
    let state = Mutex::new(false);
    let cond = Condvar::new();
    std::thread::scope(|s| {
        let waiter = s.spawn(|| {
            let start = ThreadUsage::now();
            let mut wakeups = 0u64;
            let mut done = state.lock().expect("not poisoned");
            while !*done {
                done = cond.wait(done).expect("not poisoned");
                wakeups += 1;
            }
            drop(done);
            (ThreadUsage::now().since(&start).cpu, wakeups)
        });
        for _ in 0..notifies {
            std::thread::sleep(PAUSE);
            cond.notify_one();
        }
        *state.lock().expect("not poisoned") = true;
        cond.notify_one();
        let (cpu, wakeups) = waiter.join().expect("the waiter panicked");
        cpu.as_secs_f64() / wakeups.max(1) as f64
    })
}

/// The CPU one empty wake-up costs the woken thread, over `runs` runs.
pub fn measure(runs: u32, quick: bool) -> Stats {
    let notifies = if quick { 300 } else { 1000 };
    let samples: Vec<f64> = (0..runs).map(|_| once(notifies)).collect();
    Stats::of(&samples).expect("at least one run")
}

#[cfg(all(test, not(any(feature = "loom", feature = "shuttle"))))]
mod tests {
    #[test]
    fn a_wake_up_costs_some_cpu_but_not_a_millisecond() {
        let cost = super::once(50);
        assert!(cost > 0.0 && cost < 1e-3, "{cost} s per wake-up");
    }
}
