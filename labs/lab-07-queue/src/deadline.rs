//! The deadline loop of every timed wait: exercise `07-timed-wait`.
//!
//! `get_timeout` and `put_timeout` (in `nonblocking.rs`) both wait for
//! something (an item, a free slot) for at most a given time. Both hand
//! the waiting to [`wait_until`], which knows nothing about queues: it is
//! given the locked state, a test of readiness and a way to sleep, and
//! loops until the state is ready or the time is up. The lab's timeout
//! experiment measures how late it gives up.
//!
//! Three details make the loop right:
//!
//! - The deadline is computed once. A wake-up (a notification, or one for
//!   no reason at all) only means "look again"; the next sleep is for the
//!   time *left*, not for the whole timeout again.
//! - Readiness is checked before the clock. A thread woken by the very
//!   item it waited for, just as its time ran out, takes the item: giving
//!   up would leave the item in the queue and the wake-up spent on nobody.
//! - `Instant` is a monotonic clock, and a timeout too large to add to it
//!   (`Duration::MAX`) means "no limit", not an overflow.
//!
//! The tests use std's `Mutex` and `Condvar` only, so they run the same
//! under every backend of the lab.

use std::time::{Duration, Instant};

/// Waits until `ready(&state)` or until `timeout` has passed, whichever
/// comes first. `sleep(state, left)` must sleep at most `left` (it may
/// return earlier) and give the state back; it is called only when the
/// state is not ready and time is left. Returns `Ok(state)` when ready,
/// `Err(state)` when the time ran out.
pub fn wait_until<G>(
    state: G,
    timeout: Duration,
    ready: impl Fn(&G) -> bool,
    sleep: impl FnMut(G, Duration) -> G,
) -> Result<G, G> {
    // exercise: solution
    let (mut state, mut sleep) = (state, sleep);
    let deadline = Instant::now().checked_add(timeout); // None: too far to matter
    while !ready(&state) {
        let left = deadline.map_or(Duration::MAX, |d| d.saturating_duration_since(Instant::now()));
        if left.is_zero() {
            return Err(state);
        }
        state = sleep(state, left);
    }
    Ok(state)
    // exercise: starter
    // let _ = (state, timeout, ready, sleep, Instant::now());
    // todo!("loop: return Ok when ready, Err when no time is left, otherwise sleep for the time left")
    // exercise: end
}

#[cfg(test)]
mod tests {
    use super::wait_until;
    use std::sync::{Condvar, Mutex};
    use std::time::{Duration, Instant};

    fn never(_: bool, _: Duration) -> bool {
        panic!("sleep was called although it did not need to be")
    }

    #[test]
    fn returns_at_once_when_ready() {
        assert_eq!(wait_until(true, Duration::from_secs(5), |&r| r, never), Ok(true));
        assert_eq!(wait_until(true, Duration::ZERO, |&r| r, never), Ok(true));
    }

    #[test]
    fn a_zero_timeout_gives_up_without_sleeping() {
        assert_eq!(wait_until(false, Duration::ZERO, |&r| r, never), Err(false));
    }

    #[test]
    fn gives_up_once_the_timeout_has_passed() {
        let start = Instant::now();
        let mut sleeps = 0;
        let result = wait_until(
            false,
            Duration::from_millis(30),
            |&r| r,
            |s, left| {
                sleeps += 1;
                std::thread::sleep(left);
                s
            },
        );
        assert_eq!(result, Err(false));
        assert!(start.elapsed() >= Duration::from_millis(30), "gave up before the timeout");
        assert!(sleeps >= 1, "it must sleep, not give up at once");
    }

    #[test]
    fn readiness_is_checked_before_the_clock() {
        // The thing waited for arrives just as the time runs out: take it.
        let result = wait_until(
            false,
            Duration::from_millis(5),
            |&r| r,
            |_, left| {
                std::thread::sleep(left + Duration::from_millis(5));
                true
            },
        );
        assert_eq!(result, Ok(true));
    }

    #[test]
    fn each_sleep_is_for_the_time_left_not_the_whole_timeout() {
        let timeout = Duration::from_millis(20);
        let mut asked = Vec::new();
        let result = wait_until(
            0u32,
            timeout,
            |_| false,
            |n, left| {
                asked.push(left);
                std::thread::sleep(Duration::from_millis(4)); // a wake-up for no reason
                n + 1
            },
        );
        assert!(result.is_err());
        assert!(asked.len() >= 2, "woken early, it must sleep again: {asked:?}");
        assert!(asked.iter().all(|&l| l <= timeout), "slept longer than the timeout: {asked:?}");
        assert!(asked.windows(2).all(|w| w[1] < w[0]), "the time left must shrink: {asked:?}");
    }

    #[test]
    fn a_huge_timeout_means_no_limit_and_does_not_overflow() {
        let mut asked = None;
        let result = wait_until(
            false,
            Duration::MAX,
            |&r| r,
            |_, left| {
                asked = Some(left);
                true
            },
        );
        assert_eq!(result, Ok(true));
        assert!(asked.expect("it slept once") > Duration::from_secs(365 * 24 * 3600));
    }

    #[test]
    fn wakes_when_another_thread_makes_the_state_ready() {
        let (lock, changed) = (Mutex::new(false), Condvar::new());
        std::thread::scope(|s| {
            s.spawn(|| {
                std::thread::sleep(Duration::from_millis(10));
                *lock.lock().unwrap() = true;
                changed.notify_one();
            });
            let guard = lock.lock().unwrap();
            let result = wait_until(
                guard,
                Duration::from_secs(10),
                |g| **g,
                |g, left| changed.wait_timeout(g, left).unwrap().0,
            );
            assert!(result.is_ok(), "the other thread set the flag within the timeout");
        });
    }
}
