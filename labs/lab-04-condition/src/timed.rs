//! The notebook's timed wait: poll the one-shot, sleep, poll again.
//!
//! Python 2's locks could not block with a timeout, so `_Condition.wait`
//! with a timeout tries its one-shot without blocking (`acquire(0)`) and
//! sleeps between tries: the first sleep is 1 ms (the delay starts at
//! 0.5 ms and is doubled before each sleep), then 2, 4, 8, 16, 32 ms, then
//! 50 ms for as long as the wait lasts, never past the deadline. A notify
//! is seen at the next try, up to 50 ms late, and an idle waiter wakes
//! about 20 times a second.
//!
//! When the time runs out the waiter withdraws its one-shot from the queue
//! under the queue's lock. If a notifier took it first, the wait reports
//! "notified": that notifier counted this waiter as the one it woke.

use crate::condition::Condition;
use lab_02_lock::{Guard, RawLock};
use std::time::{Duration, Instant};

/// The notebook's first delay, before it is doubled: `delay = 0.0005`.
pub const FIRST_DELAY: Duration = Duration::from_micros(500);
/// The longest sleep between two tries: `.05` s, "20 times per second".
pub const LONGEST_DELAY: Duration = Duration::from_millis(50);

/// How a timed wait ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimedWait {
    /// Whether a notify woke this waiter (`false`: the time ran out).
    pub notified: bool,
    /// How many times the waiter looked at its one-shot.
    pub tries: u32,
}

/// The next sleep of the polling loop: the last one doubled, but never
/// longer than [`LONGEST_DELAY`] or than the time left.
pub fn next_delay(last: Duration, remaining: Duration) -> Duration {
    (last * 2).min(LONGEST_DELAY).min(remaining)
}

impl Condition {
    // ANCHOR: polling
    /// Like [`wait`](Condition::wait), but gives up after `timeout`; it
    /// polls with growing sleeps, as the notebook's Python 2 code does.
    pub fn wait_timeout_polling<T, L: RawLock>(
        &self,
        guard: &mut Guard<'_, T, L>,
        timeout: Duration,
    ) -> TimedWait {
        let shot = self.register();
        Guard::unlocked(guard, || {
            let deadline = Instant::now() + timeout;
            let mut delay = FIRST_DELAY;
            let mut tries = 0;
            loop {
                tries += 1;
                if shot.is_signalled() {
                    return TimedWait { notified: true, tries };
                }
                let remaining = deadline.saturating_duration_since(Instant::now());
                if remaining.is_zero() {
                    break;
                }
                delay = next_delay(delay, remaining);
                std::thread::sleep(delay);
            }
            // Out of time: leave the queue, unless a notifier took us first.
            TimedWait { notified: !self.withdraw(&shot), tries }
        })
    }
    // ANCHOR_END: polling
}

#[cfg(all(test, not(any(feature = "loom", feature = "shuttle"))))]
mod tests {
    use super::*;
    use lab_02_lock::Mutex;

    #[test]
    fn the_sleeps_are_1_2_4_to_32_ms_then_50() {
        let mut delay = FIRST_DELAY;
        let sleeps: Vec<u128> = (0..9)
            .map(|_| {
                delay = next_delay(delay, Duration::from_secs(10));
                delay.as_millis()
            })
            .collect();
        assert_eq!(sleeps, [1, 2, 4, 8, 16, 32, 50, 50, 50]);
        assert_eq!(next_delay(LONGEST_DELAY, Duration::from_millis(3)).as_millis(), 3);
    }

    #[test]
    fn nobody_notifies_so_the_wait_times_out_and_leaves_the_queue() {
        let (state, cond): (Mutex<()>, _) = (Mutex::new(()), Condition::new());
        let mut guard = state.lock();
        let start = Instant::now();
        let outcome = cond.wait_timeout_polling(&mut guard, Duration::from_millis(40));
        assert!(start.elapsed() >= Duration::from_millis(40));
        assert!(!outcome.notified);
        // 1 + 2 + 4 + 8 + 16 ms, then the 9 ms left: at most seven tries
        // (fewer if the sleeps overran on a busy machine).
        assert!((1..=7).contains(&outcome.tries), "{outcome:?}");
        assert_eq!(cond.waiting(), 0);
    }

    #[test]
    fn a_notify_is_seen_at_the_next_try() {
        let (state, cond): (Mutex<bool>, _) = (Mutex::new(false), Condition::new());
        std::thread::scope(|s| {
            s.spawn(|| {
                let mut ready = state.lock();
                while !*ready {
                    let outcome = cond.wait_timeout_polling(&mut ready, Duration::from_secs(10));
                    assert!(outcome.notified || *ready);
                }
            });
            std::thread::sleep(Duration::from_millis(20));
            *state.lock() = true;
            cond.notify_one();
        });
    }
}
