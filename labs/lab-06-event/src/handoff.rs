//! The four ways the producer of [`crate::rounds`] can tell the consumer
//! about an item, and [`Pulse`], what the two events have in common (so
//! one producer and one consumer serve both).

use crate::event::Event;
use crate::state_event::StateEvent;
use std::time::Duration;

/// How the producer tells the consumer about an item.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Handoff {
    /// `set(); clear()` on the step-1 event, whose wait re-checks the flag.
    StateEvent,
    /// `set(); clear()` on the Python-like event of step 2.
    Event,
    /// `send()` on the counting signal of step 3; the consumer keeps `seen`.
    Signal,
    /// One message per item on a std channel.
    Channel,
}

impl Handoff {
    /// Every hand-off, in the order the chapter shows them.
    pub const ALL: [Handoff; 4] =
        [Handoff::StateEvent, Handoff::Event, Handoff::Signal, Handoff::Channel];

    /// The name in tables and figures.
    pub fn name(self) -> &'static str {
        match self {
            Handoff::StateEvent => "set+clear, step-1 event (re-checks the flag)",
            Handoff::Event => "set+clear, Python-like event",
            Handoff::Signal => "counting signal (generation kept)",
            Handoff::Channel => "channel (a queue)",
        }
    }

    /// A short name for CSV files and result keys.
    pub fn key(self) -> &'static str {
        match self {
            Handoff::StateEvent => "state-event",
            Handoff::Event => "event",
            Handoff::Signal => "signal",
            Handoff::Channel => "channel",
        }
    }
}

/// What the producer needs from an event: the two events of steps 1 and 2.
pub trait Pulse: Sync {
    /// Raises the flag and wakes the sleepers; returns how many it found.
    fn set(&self) -> usize;
    /// Lowers the flag.
    fn clear(&self);
    /// Waits for the flag, at most `timeout`; true if woken by it.
    fn wait_timeout(&self, timeout: Duration) -> bool;
}

impl Pulse for StateEvent {
    fn set(&self) -> usize {
        StateEvent::set(self)
    }
    fn clear(&self) {
        StateEvent::clear(self)
    }
    fn wait_timeout(&self, timeout: Duration) -> bool {
        StateEvent::wait_timeout(self, timeout)
    }
}

impl Pulse for Event {
    fn set(&self) -> usize {
        Event::set(self)
    }
    fn clear(&self) {
        Event::clear(self)
    }
    fn wait_timeout(&self, timeout: Duration) -> bool {
        Event::wait_timeout(self, timeout)
    }
}
