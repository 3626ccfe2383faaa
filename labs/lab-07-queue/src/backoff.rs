//! Waiting without sleeping: spin a little longer at each failed try, then
//! give the core away.
//!
//! Going to sleep on a condition and being woken costs two system calls and
//! a trip through the scheduler, microseconds on most machines. When the
//! other side is about to act (a consumer is taking an item right now), it
//! is cheaper to wait a moment awake and look again. [`Backoff`] doubles
//! the wait at each try: 1, 2, 4, ... 64 spins of `spin_loop` (a hint to
//! the CPU that this is a busy wait), then `yield_now` (let another thread
//! run on this core). crossbeam's channels wait the same way before they
//! sleep; here it serves [`crate::Queue`] and the lock-free `ArrayQueue`
//! rival, which never sleeps at all.

use labkit::sync::{hint, thread};

/// Spin-wait steps up to here (2^step spins), yields after.
const SPIN_STEPS: u32 = 6;

/// The state of one waiting thread's backoff.
#[derive(Debug, Default)]
pub struct Backoff {
    /// Failed tries so far.
    tries: u32,
}

impl Backoff {
    /// Waits a little, longer each time: 2^tries spins while tries ≤ 6, then a yield.
    pub fn snooze(&mut self) {
        if self.tries <= SPIN_STEPS {
            for _ in 0..1u32 << self.tries {
                hint::spin_loop();
            }
        } else {
            thread::yield_now();
        }
        self.tries += 1;
    }

    /// Failed tries so far.
    pub fn tries(&self) -> u32 {
        self.tries
    }
}
