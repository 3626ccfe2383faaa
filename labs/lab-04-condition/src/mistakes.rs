//! The mistake a hand-built condition must not make: registering the
//! waiter *after* unlocking the mutex.
//!
//! Between the unlock and the registration there is a window in which a
//! notifier can take the mutex, change the state and notify: the queue of
//! waiters is still empty, so the notify wakes nobody, and the waiter then
//! registers and sleeps on a one-shot nobody will signal. That is the *lost
//! wake-up*. [`Condition::wait`] closes the window by registering first.
//! The lab shows the hang under a watchdog; the shuttle tests find it.

use crate::condition::Condition;
use lab_02_lock::{Guard, RawLock};
use std::time::Duration;

// ANCHOR: late
/// The wrong order: unlock, then register, then sleep. `pause` widens the
/// window between the unlock and the registration (the lab uses it to make
/// the lost wake-up happen every time; `None` leaves the window as narrow
/// as the code makes it).
pub fn wait_registering_late<T, L: RawLock>(
    cond: &Condition,
    guard: &mut Guard<'_, T, L>,
    pause: Option<Duration>,
) {
    Guard::unlocked(guard, || {
        if let Some(pause) = pause {
            std::thread::sleep(pause);
        }
        let shot = cond.register(); // too late: a notify may have come and gone
        shot.wait();
    });
}
// ANCHOR_END: late
