//! Step 2: an event that behaves like Python's `threading.Event`.
//!
//! Python's `Event.wait` is `if not flag: cond.wait()`, with an `if`: its
//! `Condition` never wakes a thread spuriously, so a thread that was asleep
//! when `set` ran always comes back (and Python 3's `wait` then returns
//! `True`, even if `clear` has run since). std's `Condvar` can wake a thread
//! for no reason, so Rust needs the loop of step 1 (`state_event.rs`),
//! and the loop forgets a `set` that was cleared again before the sleeper
//! looked. The fix is a *generation*: `set` counts itself, and a waiter
//! notes the count when it starts; a different count later means "a `set`
//! happened while I slept", whatever the flag says now.
//!
//! The flag itself lives in an [`AtomicBool`] beside the mutex, written only
//! under the lock but read without it, so [`Event::is_set`] (the check
//! workers make between units of work) costs one load, not a lock.
//!
//! Layout: `State` is what the mutex guards; [`Event`] adds the flag and
//! the condition variable. `wait_timeout` is exercise `06-wait-timeout`.

use labkit::sync::atomic::{AtomicBool, Ordering};
use labkit::sync::{Condvar, Mutex, MutexGuard};
use std::sync::PoisonError;
use std::time::Duration;

// ANCHOR: state
/// What the mutex guards.
#[derive(Debug, Default)]
struct State {
    /// How many times `set` has run. A waiter notes it on the way in; if
    /// it has moved when the waiter looks again, a `set` happened while it
    /// slept, even if `clear` has run since.
    generation: u64,
    /// How many threads are asleep in `wait` or `wait_timeout` and not yet
    /// woken by a `set` (which counts them, then sets this to 0), like the
    /// list of waiters of Python's `Condition`.
    waiting: usize,
}

/// A flag that threads can sleep on until it is raised, with Python's
/// semantics: a thread asleep when `set` runs always wakes.
#[derive(Debug, Default)]
pub struct Event {
    /// The flag: true = set, false = clear. Written only with `state`
    /// locked, so it changes in step with `generation`; read without the
    /// lock by `is_set` and by the fast path of the waits.
    flag: AtomicBool,
    /// The generation and the count of sleepers.
    state: Mutex<State>,
    /// Where the waits sleep; `set` wakes every sleeper.
    cond: Condvar,
}
// ANCHOR_END: state

impl Event {
    /// A cleared event.
    pub fn new() -> Event {
        Event::default()
    }

    // ANCHOR: set
    /// Raises the flag, starts a new generation and wakes every thread in
    /// `wait`; returns how many it woke (0: nobody was waiting for it).
    pub fn set(&self) -> usize {
        let mut state = self.lock();
        // Release: whatever this thread wrote before `set` is visible to a
        // thread whose `is_set` (an Acquire load) sees true.
        self.flag.store(true, Ordering::Release);
        state.generation += 1;
        self.cond.notify_all();
        std::mem::take(&mut state.waiting)
    }

    /// Lowers the flag. Threads already woken by `set` still return.
    pub fn clear(&self) {
        let _state = self.lock();
        self.flag.store(false, Ordering::Relaxed);
    }

    /// Whether the flag is raised: one atomic load, no lock.
    pub fn is_set(&self) -> bool {
        self.flag.load(Ordering::Acquire)
    }

    /// Sleeps until the flag is raised, or until a `set` happens while this
    /// thread sleeps (even one cleared again at once).
    pub fn wait(&self) {
        if self.is_set() {
            return;
        }
        let mut state = self.lock();
        let entered = state.generation;
        // Under the lock, a Relaxed load is enough: every write of the flag
        // is made under the same lock, which orders them.
        while !self.flag.load(Ordering::Relaxed) && state.generation == entered {
            state = self.sleep(state, None);
        }
    }
    // ANCHOR_END: set

    /// Sleeps like [`Event::wait`], for at most `timeout`. Returns true when
    /// the flag was raised or a `set` happened meanwhile, false when the
    /// time ran out first: Python 3's `Event.wait(timeout)`.
    pub fn wait_timeout(&self, timeout: Duration) -> bool {
        // exercise: solution
        if self.is_set() {
            return true;
        }
        let deadline = std::time::Instant::now().checked_add(timeout);
        let mut state = self.lock();
        let entered = state.generation;
        loop {
            if self.flag.load(Ordering::Relaxed) || state.generation != entered {
                return true;
            }
            // A wake-up may be spurious: sleep again for what is left.
            let left = deadline.map(|d| d.saturating_duration_since(std::time::Instant::now()));
            if left == Some(Duration::ZERO) {
                return false;
            }
            state = self.sleep(state, left);
        }
        // exercise: starter
        // let _ = timeout;
        // todo!("return at once if set; else note the generation and sleep (self.sleep) until the flag is up, the generation moves, or the deadline passes")
        // exercise: end
    }

    /// How many threads are asleep in `wait` or `wait_timeout`, not yet
    /// woken by a `set`.
    pub fn waiting(&self) -> usize {
        self.lock().waiting
    }

    // ANCHOR: sleep
    /// Sleeps once on the condition variable, for at most `timeout` (`None`:
    /// no limit), counted in `waiting` until a `set` wakes it. It returns on
    /// a notify, a spurious wake-up or the timeout: the caller re-checks and
    /// decides.
    fn sleep<'a>(
        &'a self,
        mut state: MutexGuard<'a, State>,
        timeout: Option<Duration>,
    ) -> MutexGuard<'a, State> {
        let generation = state.generation;
        state.waiting += 1;
        let mut state = match timeout {
            None => self.cond.wait(state).unwrap_or_else(PoisonError::into_inner),
            Some(t) => self.cond.wait_timeout(state, t).unwrap_or_else(PoisonError::into_inner).0,
        };
        // A set() since has counted this thread already, and reset the count.
        if state.generation == generation {
            state.waiting -= 1;
        }
        state
    }
    // ANCHOR_END: sleep

    /// Takes the lock; each change under it is a single step, so a lock
    /// poisoned by a panic elsewhere still guards a sound state.
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

// Compiled out under loom or shuttle, whose types work only inside their checkers.
#[cfg(all(test, not(any(feature = "loom", feature = "shuttle"))))]
mod tests {
    use super::*;
    use labkit::testing::Pending;
    use std::sync::Arc;
    use std::time::Instant;

    /// Starts a thread in `wait_timeout(timeout)` and returns once it is
    /// asleep there.
    fn sleeping_waiter(event: &Arc<Event>, timeout: Duration) -> Pending<bool> {
        let waiter = Arc::clone(event);
        let mut pending = Pending::spawn(move || waiter.wait_timeout(timeout));
        let start = Instant::now();
        while event.waiting() == 0 {
            pending = match pending.within(Duration::ZERO) {
                Ok(woke) => panic!("wait_timeout returned {woke} before anyone called set()"),
                Err(pending) => pending,
            };
            assert!(
                start.elapsed() < Duration::from_secs(5),
                "the waiter never went to sleep: wait_timeout must sleep through self.sleep(...)"
            );
            std::thread::yield_now();
        }
        pending
    }

    #[test]
    fn returns_true_at_once_when_already_set() {
        let event = Arc::new(Event::new());
        event.set();
        let e = Arc::clone(&event);
        let result = Pending::spawn(move || e.wait_timeout(Duration::from_secs(600)))
            .finish_within(Duration::from_secs(5), "wait_timeout on a set event");
        assert!(result, "the flag was up: wait_timeout must return true");
    }

    #[test]
    fn times_out_with_false_when_nobody_sets() {
        let event = Arc::new(Event::new());
        let e = Arc::clone(&event);
        let (result, took) = Pending::spawn(move || {
            let start = Instant::now();
            (e.wait_timeout(Duration::from_millis(50)), start.elapsed())
        })
        .finish_within(Duration::from_secs(5), "a 50 ms wait_timeout");
        assert!(!result, "nobody called set: wait_timeout must return false");
        assert!(took >= Duration::from_millis(50), "returned after {took:?}, before the timeout");
    }

    #[test]
    fn returns_true_when_set_during_the_wait() {
        let event = Arc::new(Event::new());
        let waiter = sleeping_waiter(&event, Duration::from_secs(600));
        event.set();
        let woke = waiter.finish_within(Duration::from_secs(5), "the waiter after set()");
        assert!(woke, "set() must wake the sleeping thread, which returns true");
    }

    #[test]
    fn returns_true_when_set_and_cleared_during_the_wait() {
        // Python 3's behaviour (CPython's test_set_and_clear, issue 13502):
        // a thread asleep when set() runs returns true even if clear()
        // runs before it wakes up.
        let event = Arc::new(Event::new());
        let waiter = sleeping_waiter(&event, Duration::from_secs(600));
        event.set();
        event.clear();
        let woke = waiter.finish_within(Duration::from_secs(5), "the waiter after set(); clear()");
        assert!(woke, "a set() during the wait counts, even if cleared since");
    }

    #[test]
    fn a_pulse_before_the_wait_is_not_seen() {
        // An event is a state, not a count: set then clear, and a wait that
        // starts afterwards sees a cleared event.
        let event = Arc::new(Event::new());
        event.set();
        event.clear();
        let e = Arc::clone(&event);
        let result = Pending::spawn(move || e.wait_timeout(Duration::from_millis(20)))
            .finish_within(Duration::from_secs(5), "a 20 ms wait_timeout");
        assert!(!result, "the pulse came and went before the wait: it must time out");
    }

    #[test]
    fn a_spurious_wake_up_does_not_end_the_wait() {
        // A notify without a set stands for a spurious wake-up.
        let event = Arc::new(Event::new());
        let start = Instant::now();
        let waiter = sleeping_waiter(&event, Duration::from_millis(200));
        event.cond.notify_all();
        let woke =
            waiter.finish_within(Duration::from_secs(5), "the waiter after a spurious wake-up");
        assert!(!woke, "woken without a set(), the wait must sleep on and time out");
        assert!(start.elapsed() >= Duration::from_millis(200), "returned before the timeout");
    }

    #[test]
    fn set_wakes_every_waiter() {
        let event = Arc::new(Event::new());
        let waiters: Vec<_> = (0..4)
            .map(|_| {
                let e = Arc::clone(&event);
                Pending::spawn(move || e.wait_timeout(Duration::from_secs(600)))
            })
            .collect();
        let start = Instant::now();
        while event.waiting() < 4 {
            assert!(start.elapsed() < Duration::from_secs(5), "the waiters never went to sleep");
            std::thread::yield_now();
        }
        assert_eq!(event.set(), 4, "set() reports the four sleepers");
        for waiter in waiters {
            assert!(waiter.finish_within(Duration::from_secs(5), "a waiter after set()"));
        }
        assert_eq!(event.waiting(), 0);
    }
}
