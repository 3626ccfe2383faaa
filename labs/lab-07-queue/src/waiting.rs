//! How a thread waits for the queue: for its lock, awake, and asleep.
//!
//! - `lock` takes the one mutex, counting the times it found it taken.
//! - `spin_until` looks again a few times, with the lock released and a
//!   [`Backoff`] in between, before a thread resorts to sleeping.
//! - `sleep` sleeps on one of the three conditions, counted in the state
//!   so that a thread that changes the state knows whether anyone needs a
//!   notification.
//!
//! [`Counters`] keeps the totals for the lab's breakdown of where the time goes.

use crate::backoff::Backoff;
use crate::queue::{Queue, State};
use crate::store::Store;
use labkit::sync::{Condvar, MutexGuard};
use std::sync::{PoisonError, TryLockError};
use std::time::Duration;

/// How often threads had to wait, counted since the queue was made.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counters {
    /// Times a thread found the lock taken and had to wait for it.
    pub contended: u64,
    /// Times a thread went to sleep on one of the three conditions.
    pub sleeps: u64,
}

impl<T, S: Store<T>> Queue<T, S> {
    // ANCHOR: spin
    /// Before sleeping, looks again a few times: releases the lock, waits
    /// a little awake (longer each time), takes the lock, checks `ready`.
    /// Returns the lock, with `ready` true or the tries used up.
    pub(crate) fn spin_until<'a>(
        &'a self,
        mut state: MutexGuard<'a, State<S>>,
        ready: impl Fn(&State<S>) -> bool,
    ) -> MutexGuard<'a, State<S>> {
        let mut backoff = Backoff::default();
        while !ready(&state) && backoff.tries() < self.spin_tries {
            drop(state);
            backoff.snooze();
            state = self.lock();
        }
        state
    }
    // ANCHOR_END: spin

    // ANCHOR: sleep
    /// Sleeps on `condition` with the lock released, counted in the sleeper
    /// count that `count` picks, for at most `timeout` (`None` = no limit).
    /// Returns the lock, taken again. The caller re-checks its condition
    /// (and its clock) in a loop: a wake-up means "look again", not "it is
    /// your turn" (another thread may have been faster, or the time ran
    /// out, or the wake-up came for no reason).
    pub(crate) fn sleep<'a>(
        &self,
        condition: &Condvar,
        mut state: MutexGuard<'a, State<S>>,
        count: fn(&mut State<S>) -> &mut usize,
        timeout: Option<Duration>,
    ) -> MutexGuard<'a, State<S>> {
        *count(&mut state) += 1;
        state.counters.sleeps += 1;
        let mut state = match timeout {
            None => condition.wait(state).unwrap_or_else(PoisonError::into_inner),
            Some(t) => condition.wait_timeout(state, t).unwrap_or_else(PoisonError::into_inner).0,
        };
        *count(&mut state) -= 1;
        state
    }
    // ANCHOR_END: sleep

    /// How often threads have had to wait for the lock or sleep so far.
    pub fn counters(&self) -> Counters {
        self.lock().counters
    }

    /// Takes the lock, counting the times it was taken by someone else.
    /// A thread that panicked while holding the lock leaves it "poisoned";
    /// nothing here panics half-way through a change of the state (a store
    /// that panics in `push` or `pop` does so before the counts change), so
    /// the poison is ignored.
    pub(crate) fn lock(&self) -> MutexGuard<'_, State<S>> {
        match self.state.try_lock() {
            Ok(state) => state,
            Err(TryLockError::Poisoned(poisoned)) => poisoned.into_inner(),
            Err(TryLockError::WouldBlock) => {
                let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
                state.counters.contended += 1;
                state
            }
        }
    }
}
