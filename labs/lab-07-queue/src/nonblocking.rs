//! `try_put`, `try_get`, `put_timeout` and `get_timeout`: the operations
//! that give up.
//!
//! Python folds them into `put(item, block, timeout)` and `get(block,
//! timeout)`; here each has its own name and its own error. The timed ones
//! leave the deadline loop to [`wait_until`] (exercise `07-timed-wait`)
//! and tell it how to sleep: on their condition, counted as a sleeper, for
//! the time left.
//!
//! The notebook's Python 2 code measures its deadlines with `time.time()`,
//! the wall clock: set the clock back an hour and a one-second timeout
//! lasts an hour and a second. `Instant` is monotonic (Python 3 switched to
//! a monotonic clock too).

use crate::deadline::wait_until;
use crate::errors::{Empty, Full};
use crate::queue::Queue;
use crate::store::Store;
use std::time::Duration;

impl<T, S: Store<T>> Queue<T, S> {
    /// Puts `item` if there is room right now; otherwise hands it back.
    pub fn try_put(&self, item: T) -> Result<(), Full<T>> {
        let state = self.lock();
        if state.items.len() >= self.capacity {
            return Err(Full(item));
        }
        self.push(state, item);
        Ok(())
    }

    /// Takes an item if there is one right now.
    pub fn try_get(&self) -> Result<T, Empty> {
        let state = self.lock();
        if state.items.is_empty() {
            return Err(Empty);
        }
        Ok(self.pop(state))
    }

    // ANCHOR: get_timeout
    /// Takes an item, waiting at most `timeout` for one to arrive.
    pub fn get_timeout(&self, timeout: Duration) -> Result<T, Empty> {
        let state = self.lock();
        let sleep = |state, left| {
            self.sleep(&self.not_empty, state, |s| &mut s.sleeping_getters, Some(left))
        };
        match wait_until(state, timeout, |s| !s.items.is_empty(), sleep) {
            Ok(state) => Ok(self.pop(state)),
            Err(_) => Err(Empty),
        }
    }
    // ANCHOR_END: get_timeout

    /// Puts `item`, waiting at most `timeout` for room; if the queue is
    /// still full then, hands the item back.
    pub fn put_timeout(&self, item: T, timeout: Duration) -> Result<(), Full<T>> {
        let state = self.lock();
        let sleep = |state, left| {
            self.sleep(&self.not_full, state, |s| &mut s.sleeping_putters, Some(left))
        };
        match wait_until(state, timeout, |s| s.items.len() < self.capacity, sleep) {
            Ok(state) => {
                self.push(state, item);
                Ok(())
            }
            Err(_) => Err(Full(item)),
        }
    }
}
