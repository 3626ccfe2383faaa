//! The queue: one mutex, three conditions, a counter of unfinished tasks.
//!
//! This is the notebook's `Queue.Queue` in Rust. Everything that changes
//! lives in one `State` behind one mutex; three condition variables share
//! that mutex, one per kind of waiting thread:
//!
//! | condition | who sleeps on it | who wakes it |
//! | --- | --- | --- |
//! | `not_empty` | `get`, while there is no item | `put`, one sleeper per item |
//! | `not_full` | `put`, while the queue is full | `get`, one sleeper per freed slot |
//! | `all_tasks_done` | `join`, while tasks are unfinished | the last `task_done`, every sleeper |
//!
//! This file holds the type and the blocking `put` and `get`. How a thread
//! waits (taking the lock, spinning, sleeping) is in `waiting.rs`; the
//! non-blocking and timed operations are in `nonblocking.rs` (with the
//! deadline loop in `deadline.rs`), `task_done` and `join` in `tasks.rs`.
//!
//! Two steps beyond Python, both measured in the chapter against
//! [`crate::steps::minimal`], the direct port:
//!
//! - The state counts the sleepers on each condition, and a thread
//!   notifies only when someone sleeps. std's `Condvar` cannot know that
//!   itself, so without the count every `put` and every `get` would pay
//!   for a system call.
//! - A `put` or `get` that must wait first looks again a few times, awake,
//!   before it sleeps ([`Queue::spin_tries`]).

use crate::store::{Fifo, Store};
use crate::waiting::Counters;
use labkit::sync::{Condvar, Mutex, MutexGuard};
use std::marker::PhantomData;

/// How many times a blocked `put` or `get` looks again before it sleeps,
/// by default: 7 rounds of spinning (1 to 64 spins), then 3 yields, as
/// crossbeam's channels do.
pub const SPIN_TRIES: u32 = 10;

// ANCHOR: queue
/// A blocking queue of `T`s, kept in a store `S` (first in, first out by default).
pub struct Queue<T, S = Fifo<T>> {
    /// Everything that changes, behind the one lock.
    pub(crate) state: Mutex<State<S>>,
    /// `get` sleeps here while the store is empty; `put` wakes one sleeper.
    pub(crate) not_empty: Condvar,
    /// `put` sleeps here while the store is full; `get` wakes one sleeper.
    pub(crate) not_full: Condvar,
    /// `join` sleeps here while tasks are unfinished; the last `task_done` wakes them all.
    pub(crate) all_tasks_done: Condvar,
    /// The most items the store may hold; `usize::MAX` = unbounded.
    pub(crate) capacity: usize,
    /// Tries a blocked `put` or `get` makes, awake, before it sleeps:
    /// 0 = sleep at once (Python's way); see [`Queue::spin_tries`].
    pub(crate) spin_tries: u32,
    /// The queue holds `T`s only through `S`; this ties `T` to the type.
    items: PhantomData<fn(T) -> T>,
}

/// What the lock protects.
pub(crate) struct State<S> {
    /// The items waiting to be got.
    pub(crate) items: S,
    /// Items put and not yet marked done (Python's `unfinished_tasks`):
    /// +1 in `put`, −1 in `task_done`; `join` returns when it is 0.
    pub(crate) unfinished: usize,
    /// Threads asleep on `not_empty`: 0 = a `put` need not notify.
    pub(crate) sleeping_getters: usize,
    /// Threads asleep on `not_full`: 0 = a `get` need not notify.
    pub(crate) sleeping_putters: usize,
    /// Threads asleep on `all_tasks_done`: 0 = the last `task_done` need not notify.
    pub(crate) sleeping_joiners: usize,
    /// What waiting cost so far, for the lab's breakdown (free to keep:
    /// the lock is held whenever it changes).
    pub(crate) counters: Counters,
}

// ANCHOR_END: queue

impl<T> Queue<T> {
    /// A FIFO queue holding at most `capacity` items (at least 1).
    pub fn bounded(capacity: usize) -> Queue<T> {
        assert!(capacity > 0, "a bounded queue needs room for at least one item");
        Queue::with_store(Fifo::with_capacity(capacity.min(1 << 16)), Some(capacity))
    }

    /// A FIFO queue with no bound: `put` never waits.
    pub fn unbounded() -> Queue<T> {
        Queue::with_store(Fifo::default(), None)
    }
}

impl<T, S: Store<T>> Queue<T, S> {
    /// A queue keeping its items in `store`, with at most `capacity` of them
    /// (`None` = unbounded). Python's `maxsize <= 0` means unbounded;
    /// crossbeam's `bounded(0)` means a queue with no room at all, where each
    /// put waits for a get. The same 0 meaning opposite things is why the
    /// bound here is an `Option` and a capacity of 0 is refused.
    pub fn with_store(store: S, capacity: Option<usize>) -> Queue<T, S> {
        assert!(capacity != Some(0), "a bounded queue needs room for at least one item");
        Queue {
            state: Mutex::new(State {
                items: store,
                unfinished: 0,
                sleeping_getters: 0,
                sleeping_putters: 0,
                sleeping_joiners: 0,
                counters: Counters::default(),
            }),
            not_empty: Condvar::new(),
            not_full: Condvar::new(),
            all_tasks_done: Condvar::new(),
            capacity: capacity.unwrap_or(usize::MAX),
            spin_tries: SPIN_TRIES,
            items: PhantomData,
        }
    }

    /// Sets how many times a blocked `put` or `get` looks again, with the
    /// lock released and a [`Backoff`](crate::backoff::Backoff) in between, before it sleeps on its
    /// condition (default [`SPIN_TRIES`]; 0 sleeps at once, as Python does).
    pub fn spin_tries(mut self, tries: u32) -> Self {
        self.spin_tries = tries;
        self
    }

    /// The bound given at creation; `None` when unbounded.
    pub fn capacity(&self) -> Option<usize> {
        (self.capacity != usize::MAX).then_some(self.capacity)
    }

    /// The number of items in the queue at this instant. It is exact while
    /// the lock is held, and may be wrong by the time the caller reads it:
    /// what Python's docstring calls "not reliable".
    pub fn len(&self) -> usize {
        self.lock().items.len()
    }

    /// Whether the queue held no item at this instant (same caveat as [`Queue::len`]).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    // ANCHOR: is_full
    /// Whether the queue was full at this instant: Python's `full()`, with
    /// the same caveat as [`Queue::len`]. An unbounded queue is never full.
    pub fn is_full(&self) -> bool {
        self.len() >= self.capacity
    }
    // ANCHOR_END: is_full

    // ANCHOR: put
    /// Puts `item` at the back, waiting while the queue is full.
    pub fn put(&self, item: T) {
        let state = self.lock();
        let mut state = self.spin_until(state, |s| s.items.len() < self.capacity);
        while state.items.len() >= self.capacity {
            state = self.sleep(&self.not_full, state, |s| &mut s.sleeping_putters, None);
        }
        self.push(state, item);
    }

    /// Stores `item` (there is room), counts it as a task and wakes one getter.
    pub(crate) fn push(&self, mut state: MutexGuard<'_, State<S>>, item: T) {
        state.items.push(item);
        state.unfinished += 1;
        let someone_sleeps = state.sleeping_getters > 0;
        drop(state); // notify after unlocking: the woken getter finds the lock free
        if someone_sleeps {
            self.not_empty.notify_one();
        }
    }
    // ANCHOR_END: put

    // ANCHOR: get
    /// Takes the item at the front, waiting while the queue is empty.
    pub fn get(&self) -> T {
        let state = self.lock();
        let mut state = self.spin_until(state, |s| !s.items.is_empty());
        while state.items.is_empty() {
            state = self.sleep(&self.not_empty, state, |s| &mut s.sleeping_getters, None);
        }
        self.pop(state)
    }

    /// Takes the next item (there is one) and wakes one putter.
    pub(crate) fn pop(&self, mut state: MutexGuard<'_, State<S>>) -> T {
        let item = state.items.pop().expect("pop is called only when the store has an item");
        let someone_sleeps = state.sleeping_putters > 0;
        drop(state);
        if someone_sleeps {
            self.not_full.notify_one();
        }
        item
    }
    // ANCHOR_END: get
}
