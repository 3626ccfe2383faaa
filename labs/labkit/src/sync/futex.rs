//! A futex: a 32-bit atomic a thread can sleep on until another wakes it.
//!
//! The operating system's futex (Linux `futex(2)`; `WaitOnAddress` on
//! Windows, `__ulock_wait` on macOS, through the `atomic-wait` crate) has two
//! calls: `wait(&atomic, expected)` sleeps only if the atomic still holds
//! `expected` (checked atomically with going to sleep, so a wake that comes
//! after the check is never lost), and `wake_one` / `wake_all` wake threads
//! sleeping on that atomic. A wait may also return for no reason, so callers
//! always re-check their condition in a loop.
//!
//! loom and shuttle have no futex, so under them [`Futex`] carries a model
//! of one: a mutex and a condition variable. `wait` takes the mutex, checks
//! the value and sleeps on the condition; `wake_*` takes the mutex and
//! notifies. A waker changes the value before it wakes, so either the sleeper
//! sees the new value or it is already asleep when the notification comes:
//! the same no-lost-wake-up guarantee as the kernel's, which lets the model
//! checkers find a lock that forgets to wake anyone.

use super::atomic::{AtomicU32, Ordering};
use std::ops::Deref;

/// A 32-bit atomic with futex wait and wake. Derefs to its [`AtomicU32`],
/// so loads, stores and compare-exchanges are the atomic's own.
pub struct Futex {
    /// The value threads change and sleep on.
    value: AtomicU32,
    /// The model checkers' stand-in for the kernel's wait queue.
    #[cfg(any(feature = "loom", feature = "shuttle"))]
    sleepers: (super::Mutex<()>, super::Condvar),
}

impl Futex {
    /// A futex holding `value`. (Not `const`: loom's atomics cannot be.)
    #[inline]
    pub fn new(value: u32) -> Self {
        Futex {
            value: AtomicU32::new(value),
            #[cfg(any(feature = "loom", feature = "shuttle"))]
            sleepers: (super::Mutex::new(()), super::Condvar::new()),
        }
    }

    /// Sleeps while the value is `expected`. Returns at once if it is not;
    /// may return spuriously, so call it in a loop that re-checks.
    #[inline]
    pub fn wait(&self, expected: u32) {
        #[cfg(not(any(feature = "loom", feature = "shuttle")))]
        atomic_wait::wait(&self.value, expected);
        #[cfg(any(feature = "loom", feature = "shuttle"))]
        {
            let (lock, condvar) = &self.sleepers;
            let guard = lock.lock().unwrap();
            if self.value.load(Ordering::SeqCst) == expected {
                drop(condvar.wait(guard).unwrap());
            }
        }
    }

    /// Wakes one thread sleeping in [`wait`](Self::wait), if any.
    #[inline]
    pub fn wake_one(&self) {
        #[cfg(not(any(feature = "loom", feature = "shuttle")))]
        atomic_wait::wake_one(&self.value);
        #[cfg(any(feature = "loom", feature = "shuttle"))]
        {
            drop(self.sleepers.0.lock().unwrap());
            self.sleepers.1.notify_one();
        }
    }

    /// Wakes every thread sleeping in [`wait`](Self::wait).
    #[inline]
    pub fn wake_all(&self) {
        #[cfg(not(any(feature = "loom", feature = "shuttle")))]
        atomic_wait::wake_all(&self.value);
        #[cfg(any(feature = "loom", feature = "shuttle"))]
        {
            drop(self.sleepers.0.lock().unwrap());
            self.sleepers.1.notify_all();
        }
    }
}

impl Deref for Futex {
    type Target = AtomicU32;
    #[inline]
    fn deref(&self) -> &AtomicU32 {
        &self.value
    }
}

impl std::fmt::Debug for Futex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Futex").field(&self.value.load(Ordering::Relaxed)).finish()
    }
}

#[cfg(all(test, not(any(feature = "loom", feature = "shuttle"))))]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::time::Duration;

    #[test]
    fn wait_returns_at_once_when_the_value_differs() {
        let futex = Futex::new(1);
        futex.wait(0);
    }

    #[test]
    fn a_sleeper_wakes_when_the_value_changes_and_it_is_woken() {
        let futex = Arc::new(Futex::new(0));
        let sleeper = {
            let futex = Arc::clone(&futex);
            std::thread::spawn(move || {
                while futex.load(Ordering::Acquire) == 0 {
                    futex.wait(0);
                }
            })
        };
        std::thread::sleep(Duration::from_millis(10));
        futex.store(1, Ordering::Release);
        futex.wake_all();
        sleeper.join().unwrap();
    }
}
