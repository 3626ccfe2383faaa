//! Step 3: the fix for the missed wake-up, a signal that counts.
//!
//! The notebook's producer calls `set(); clear()` to say "one more item".
//! An event is a state, not a count: a consumer that is busy with the last
//! item when the pulse comes, and calls `wait` afterwards, finds the event
//! cleared and sleeps until the *next* pulse. The generation of step 2
//! already counts the pulses; here the consumer keeps it. It remembers the
//! last count it has handled (`seen`), and `wait_past(seen)` returns as soon
//! as the count is past it: at once if signals came while the consumer was
//! busy, and with how many came, so none is lost.
//!
//! Layout: [`Signal`] is a counter under a mutex and a condition variable.
//! `wait_past` is exercise `06-generation`.

use labkit::sync::{Condvar, Mutex, MutexGuard};
use std::sync::PoisonError;
use std::time::{Duration, Instant};

// ANCHOR: signal
/// A counter of signals that threads can sleep on.
#[derive(Debug, Default)]
pub struct Signal {
    /// How many signals have been sent since the start: only ever grows.
    count: Mutex<u64>,
    /// Where `wait_past` sleeps; `send` wakes every sleeper.
    cond: Condvar,
}
// ANCHOR_END: signal

impl Signal {
    /// A signal that nothing has been sent on yet (count 0).
    pub fn new() -> Signal {
        Signal::default()
    }

    // ANCHOR: send
    /// Sends one signal: the count grows by one and every sleeper wakes.
    /// Returns the new count.
    pub fn send(&self) -> u64 {
        let mut count = self.lock();
        *count += 1;
        self.cond.notify_all();
        *count
    }
    // ANCHOR_END: send

    /// How many signals have been sent so far.
    pub fn count(&self) -> u64 {
        *self.lock()
    }

    /// Sleeps until the count is past `seen` (the count the caller has
    /// handled so far) and returns the count. Signals sent while the caller
    /// was busy are not lost: the count is already past `seen`, and the
    /// difference says how many there were.
    pub fn wait_past(&self, seen: u64) -> u64 {
        // exercise: solution
        let mut count = self.lock();
        while *count <= seen {
            count = self.cond.wait(count).unwrap_or_else(PoisonError::into_inner);
        }
        *count
        // exercise: starter
        // let _ = seen;
        // todo!("lock the count; while it is not past `seen`, sleep on self.cond; return the count")
        // exercise: end
    }

    /// Like [`Signal::wait_past`], for at most `timeout`; returns the count,
    /// which is still `seen` if the time ran out first.
    pub fn wait_past_timeout(&self, seen: u64, timeout: Duration) -> u64 {
        let deadline = Instant::now().checked_add(timeout);
        let mut count = self.lock();
        while *count <= seen {
            let left = deadline.map(|d| d.saturating_duration_since(Instant::now()));
            count = match left {
                Some(Duration::ZERO) => break,
                Some(left) => {
                    self.cond.wait_timeout(count, left).unwrap_or_else(PoisonError::into_inner).0
                }
                None => self.cond.wait(count).unwrap_or_else(PoisonError::into_inner),
            };
        }
        *count
    }

    /// Takes the lock; the count is one number, sound even after a panic
    /// elsewhere poisoned the lock.
    fn lock(&self) -> MutexGuard<'_, u64> {
        self.count.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

// Compiled out under loom or shuttle, whose types work only inside their checkers.
#[cfg(all(test, not(any(feature = "loom", feature = "shuttle"))))]
mod tests {
    use super::*;
    use labkit::testing::Pending;
    use std::sync::Arc;

    #[test]
    fn a_signal_sent_before_the_wait_is_not_missed() {
        let signal = Arc::new(Signal::new());
        signal.send();
        let s = Arc::clone(&signal);
        let count = Pending::spawn(move || s.wait_past(0))
            .finish_within(Duration::from_secs(5), "wait_past(0)");
        assert_eq!(count, 1, "one signal was sent before the wait: return at once with count 1");
    }

    #[test]
    fn reports_how_many_signals_came_while_busy() {
        let signal = Arc::new(Signal::new());
        for _ in 0..3 {
            signal.send();
        }
        let s = Arc::clone(&signal);
        let count = Pending::spawn(move || s.wait_past(1))
            .finish_within(Duration::from_secs(5), "wait_past(1)");
        assert_eq!(count, 3, "the caller has seen 1 of 3 signals: return the count, 3");
    }

    #[test]
    fn blocks_until_the_next_signal() {
        let signal = Arc::new(Signal::new());
        signal.send();
        let s = Arc::clone(&signal);
        // Nothing new has been sent: the waiter must still be waiting.
        let waiter = Pending::spawn(move || s.wait_past(1))
            .still_blocked_after(Duration::from_millis(100), "wait_past(1) with the count at 1");
        signal.send();
        assert_eq!(waiter.finish_within(Duration::from_secs(5), "wait_past(1) after a send"), 2);
    }

    #[test]
    fn a_busy_consumer_counts_every_signal() {
        const SIGNALS: u64 = 20_000;
        let signal = Arc::new(Signal::new());
        let s = Arc::clone(&signal);
        let consumer = Pending::spawn(move || {
            let (mut seen, mut wake_ups) = (0, 0);
            while seen < SIGNALS {
                let now = s.wait_past(seen);
                assert!(now > seen, "wait_past({seen}) returned {now}: not past what was seen");
                seen = now;
                wake_ups += 1;
                std::hint::black_box((0..200).sum::<u64>()); // busy with the items
            }
            (seen, wake_ups)
        });
        for _ in 0..SIGNALS {
            signal.send();
        }
        let (seen, wake_ups) = consumer.finish_within(Duration::from_secs(10), "the consumer");
        assert_eq!(seen, SIGNALS, "every signal is counted");
        assert!(wake_ups <= SIGNALS);
    }

    #[test]
    fn timing_out_returns_what_was_seen() {
        let signal = Signal::new();
        signal.send();
        assert_eq!(signal.wait_past_timeout(1, Duration::from_millis(20)), 1);
        assert_eq!(signal.wait_past_timeout(0, Duration::from_secs(600)), 1);
    }
}
