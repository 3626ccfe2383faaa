//! A mutex and a condition variable as one thing (a "monitor"), so that the
//! producer/consumer code and the wake-up measurements are written once and
//! run on each pairing:
//!
//! | monitor | mutex | wait |
//! | --- | --- | --- |
//! | [`StdMonitor`] | std `Mutex` | std `Condvar::wait` |
//! | [`HandMonitor`] | chapter 02's `Mutex` | this chapter's [`Condition::wait`] |
//! | [`PollingMonitor`] | chapter 02's `Mutex` | [`Condition::wait_timeout_polling`], the notebook's timed wait |
//! | [`StdTimedMonitor`] | std `Mutex` | std `Condvar::wait_timeout`, a blocking timed wait |
//!
//! The timed ones wait with a timeout far longer than any experiment, so
//! that only the way they wait differs. They sleep for real, so they are
//! left out of the model-checking builds.

use crate::condition::Condition;
use labkit::sync::{Condvar, Mutex, MutexGuard};
use std::ops::DerefMut;

/// A state of type `S` behind a mutex, with a condition to wait on.
pub trait Monitor<S>: Sync {
    /// Proof that the mutex is held; derefs to the state.
    type Guard<'a>: DerefMut<Target = S>
    where
        Self: 'a;
    /// A short name for tables and figures.
    const NAME: &'static str;
    /// A monitor guarding `state`.
    fn new(state: S) -> Self;
    /// Locks the mutex.
    fn lock(&self) -> Self::Guard<'_>;
    /// Unlocks, sleeps until notified (or spuriously), locks again.
    fn wait<'a>(&'a self, guard: Self::Guard<'a>) -> Self::Guard<'a>;
    /// Wakes one waiter, if any.
    fn notify_one(&self);
    /// Wakes every waiter.
    fn notify_all(&self);
}

/// std's `Mutex` and `Condvar` (the shim's, so it is model-checked too).
pub struct StdMonitor<S> {
    /// The guarded state.
    state: Mutex<S>,
    /// Where consumers wait.
    cond: Condvar,
}

impl<S: Send> Monitor<S> for StdMonitor<S> {
    type Guard<'a>
        = MutexGuard<'a, S>
    where
        S: 'a;
    const NAME: &'static str = "std Condvar";
    fn new(state: S) -> Self {
        StdMonitor { state: Mutex::new(state), cond: Condvar::new() }
    }
    fn lock(&self) -> Self::Guard<'_> {
        self.state.lock().unwrap()
    }
    fn wait<'a>(&'a self, guard: Self::Guard<'a>) -> Self::Guard<'a> {
        self.cond.wait(guard).unwrap()
    }
    fn notify_one(&self) {
        self.cond.notify_one();
    }
    fn notify_all(&self) {
        self.cond.notify_all();
    }
}

/// Chapter 02's futex mutex with this chapter's [`Condition`].
pub struct HandMonitor<S> {
    /// The guarded state.
    state: lab_02_lock::Mutex<S>,
    /// Where consumers wait.
    cond: Condition,
}

impl<S: Send> Monitor<S> for HandMonitor<S> {
    type Guard<'a>
        = lab_02_lock::Guard<'a, S, lab_02_lock::FutexLock>
    where
        S: 'a;
    const NAME: &'static str = "hand-built Condition";
    fn new(state: S) -> Self {
        HandMonitor { state: lab_02_lock::Mutex::new(state), cond: Condition::new() }
    }
    fn lock(&self) -> Self::Guard<'_> {
        self.state.lock()
    }
    fn wait<'a>(&'a self, mut guard: Self::Guard<'a>) -> Self::Guard<'a> {
        self.cond.wait(&mut guard);
        guard
    }
    fn notify_one(&self) {
        self.cond.notify_one();
    }
    fn notify_all(&self) {
        self.cond.notify_all();
    }
}

#[cfg(not(any(feature = "loom", feature = "shuttle")))]
pub use timed::{PollingMonitor, StdTimedMonitor};

#[cfg(not(any(feature = "loom", feature = "shuttle")))]
mod timed {
    use super::*;
    use std::time::Duration;

    /// A timeout no experiment reaches: the timed waits end by a notify.
    const LONG: Duration = Duration::from_secs(3600);

    /// The hand-built condition, waited on the notebook's way: polling.
    pub struct PollingMonitor<S>(
        /// The hand-built monitor; only the way of waiting differs.
        HandMonitor<S>,
    );

    impl<S: Send> Monitor<S> for PollingMonitor<S> {
        type Guard<'a>
            = lab_02_lock::Guard<'a, S, lab_02_lock::FutexLock>
        where
            S: 'a;
        const NAME: &'static str = "polling timed wait (notebook)";
        fn new(state: S) -> Self {
            PollingMonitor(HandMonitor::new(state))
        }
        fn lock(&self) -> Self::Guard<'_> {
            self.0.lock()
        }
        fn wait<'a>(&'a self, mut guard: Self::Guard<'a>) -> Self::Guard<'a> {
            self.0.cond.wait_timeout_polling(&mut guard, LONG);
            guard
        }
        fn notify_one(&self) {
            self.0.notify_one();
        }
        fn notify_all(&self) {
            self.0.notify_all();
        }
    }

    /// std's condition variable with a timed wait: a futex wait with a
    /// timeout on Linux, so the kernel wakes the waiter when notified.
    pub struct StdTimedMonitor<S>(
        /// std's monitor; only the way of waiting differs.
        StdMonitor<S>,
    );

    impl<S: Send> Monitor<S> for StdTimedMonitor<S> {
        type Guard<'a>
            = MutexGuard<'a, S>
        where
            S: 'a;
        const NAME: &'static str = "blocking timed wait (std)";
        fn new(state: S) -> Self {
            StdTimedMonitor(StdMonitor::new(state))
        }
        fn lock(&self) -> Self::Guard<'_> {
            self.0.lock()
        }
        fn wait<'a>(&'a self, guard: Self::Guard<'a>) -> Self::Guard<'a> {
            self.0.cond.wait_timeout(guard, LONG).unwrap().0
        }
        fn notify_one(&self) {
            self.0.notify_one();
        }
        fn notify_all(&self) {
            self.0.notify_all();
        }
    }
}
