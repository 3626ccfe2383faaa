//! Producers and consumers sharing a queue through a monitor, the
//! notebook's `Producer`/`Consumer` pair made measurable.
//!
//! Two choices are left open, to be compared:
//!
//! - [`Check`]: after a wake-up, does the consumer test the queue again in a
//!   loop (`while`, right), or once (`if`, wrong)? Between the notify and
//!   the moment the woken consumer has the mutex back, another consumer can
//!   take the item: a *stolen* wake-up. With `if`, the woken consumer then
//!   pops from an empty queue (a Python `IndexError`); here it is counted.
//! - [`Wake`]: does a producer wake one consumer per item, or all of them?
//!
//! The state counts every wake-up and every wake-up that found nothing to
//! take, so the experiments can show what each choice costs.

use crate::cpu::ThreadUsage;
use crate::monitor::Monitor;
use std::collections::VecDeque;

/// How a consumer tests the queue after waking up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    /// Test again after every wake-up (right).
    While,
    /// Test once, then pop whatever is there (wrong).
    If,
}

/// How many consumers a producer wakes per item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wake {
    /// `notify_one`: one item, one consumer.
    One,
    /// `notify_all`: every waiting consumer.
    All,
}

/// What a consumer got from [`Channel::pop`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Popped {
    /// An item.
    Item(u64),
    /// Nothing: the queue is closed and empty.
    Closed,
    /// Nothing: the consumer was woken, tested once (`Check::If`) and found
    /// the queue empty. With `Check::While` this never happens.
    Stolen,
}

/// Wake-ups counted by the consumers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Returns from a wait.
    pub wakeups: u64,
    /// Returns from a wait that found the queue empty and open: wasted
    /// (spurious, stolen, or one of the many a `notify_all` makes).
    pub empty_wakeups: u64,
    /// `Check::If` consumers that went on to pop an empty queue.
    pub stolen: u64,
    /// Items a consumer found on its first look, without waiting at all.
    pub taken_at_once: u64,
}

/// The state behind the monitor.
#[derive(Debug, Default)]
pub struct State {
    /// Items produced and not yet taken, oldest first.
    items: VecDeque<u64>,
    /// No more items will come: consumers waiting on an empty queue leave.
    closed: bool,
    /// What the consumers counted.
    counts: Counts,
}

/// A queue of items between producers and consumers.
pub struct Channel<M> {
    /// The state and the condition consumers wait on.
    monitor: M,
    /// How producers notify.
    wake: Wake,
    /// How consumers test the queue.
    check: Check,
}

impl<M: Monitor<State>> Channel<M> {
    /// An empty, open queue.
    pub fn new(wake: Wake, check: Check) -> Self {
        Channel { monitor: M::new(State::default()), wake, check }
    }

    // ANCHOR: push
    /// Adds an item and wakes consumers (while holding the mutex, as the
    /// notebook's producer does).
    pub fn push(&self, item: u64) {
        let mut state = self.monitor.lock();
        state.items.push_back(item);
        match self.wake {
            Wake::One => self.monitor.notify_one(),
            Wake::All => self.monitor.notify_all(),
        }
    }
    // ANCHOR_END: push

    // ANCHOR: pop
    /// Takes the oldest item, waiting while the queue is empty and open.
    pub fn pop(&self) -> Popped {
        let mut state = self.monitor.lock();
        let mut waited = false;
        loop {
            if let Some(item) = state.items.pop_front() {
                state.counts.taken_at_once += u64::from(!waited);
                return Popped::Item(item);
            }
            if state.closed {
                return Popped::Closed;
            }
            state = self.monitor.wait(state);
            waited = true;
            state.counts.wakeups += 1;
            if state.items.is_empty() && !state.closed {
                state.counts.empty_wakeups += 1;
                if self.check == Check::If {
                    // The `if` version would pop here, from an empty queue.
                    state.counts.stolen += 1;
                    return Popped::Stolen;
                }
            }
        }
    }
    // ANCHOR_END: pop

    /// Says no more items will come and wakes every waiting consumer.
    pub fn close(&self) {
        self.monitor.lock().closed = true;
        self.monitor.notify_all();
    }

    /// The wake-ups counted so far.
    pub fn counts(&self) -> Counts {
        self.monitor.lock().counts
    }
}

/// What one run of [`transfer`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Transfer {
    /// How many items the consumers took.
    pub taken: u64,
    /// The sum of the items taken (each item is its number, so a lost or
    /// duplicated item changes it).
    pub sum: u64,
    /// The consumers' wake-ups.
    pub counts: Counts,
    /// CPU time the consumers used, all together.
    pub consumer_cpu: std::time::Duration,
    /// Times the consumers went to sleep by themselves, all together
    /// (voluntary context switches: in a wait, or on a contended mutex; 0
    /// where the OS does not count them).
    pub consumer_sleeps: u64,
}

/// Runs `producers` threads that push `items` numbered items in all (item
/// `i` is `i`) and `consumers` threads that pop until the queue closes.
/// `make` runs before each push, `using` after each pop. The queue is closed
/// when every producer is done.
pub fn transfer<M: Monitor<State>>(
    channel: &Channel<M>,
    producers: u64,
    consumers: u64,
    items: u64,
    make: &(dyn Fn() + Sync),
    using: &(dyn Fn() + Sync),
) -> Transfer {
    std::thread::scope(|s| {
        let takers: Vec<_> = (0..consumers)
            .map(|_| {
                s.spawn(|| {
                    let (mut taken, mut sum) = (0, 0);
                    let start = ThreadUsage::now();
                    loop {
                        match channel.pop() {
                            Popped::Item(item) => {
                                using();
                                taken += 1;
                                sum += item;
                            }
                            Popped::Stolen => continue,
                            Popped::Closed => {
                                return (taken, sum, ThreadUsage::now().since(&start));
                            }
                        }
                    }
                })
            })
            .collect();
        std::thread::scope(|p| {
            for k in 0..producers {
                p.spawn(move || {
                    for item in (k..items).step_by(producers as usize) {
                        make();
                        channel.push(item);
                    }
                });
            }
        });
        channel.close();
        let (mut taken, mut sum) = (0, 0);
        let (mut consumer_cpu, mut consumer_sleeps) = (std::time::Duration::ZERO, 0);
        for t in takers {
            let (n, s, used) = t.join().expect("a consumer panicked");
            (taken, sum) = (taken + n, sum + s);
            (consumer_cpu, consumer_sleeps) =
                (consumer_cpu + used.cpu, consumer_sleeps + used.sleeps);
        }
        Transfer { taken, sum, counts: channel.counts(), consumer_cpu, consumer_sleeps }
    })
}

#[cfg(all(test, not(any(feature = "loom", feature = "shuttle"))))]
mod tests {
    use super::*;
    use crate::monitor::StdMonitor;
    use std::time::Duration;

    #[test]
    fn every_item_is_taken_at_once_or_by_a_wake_up_that_found_it() {
        let channel = Channel::<StdMonitor<State>>::new(Wake::One, Check::While);
        (0..3).for_each(|i| channel.push(i));
        (0..3).for_each(|i| assert_eq!(channel.pop(), Popped::Item(i)));
        assert_eq!(channel.counts().taken_at_once, 3);
        std::thread::scope(|s| {
            let taker = s.spawn(|| channel.pop());
            // Most likely the consumer is waiting by now; either way is counted.
            std::thread::sleep(Duration::from_millis(50));
            channel.push(7);
            assert_eq!(taker.join().unwrap(), Popped::Item(7));
        });
        // Every item was taken either at once or by a wake-up that found it.
        let c = channel.counts();
        assert_eq!(c.taken_at_once + (c.wakeups - c.empty_wakeups), 4, "{c:?}");
    }
}
