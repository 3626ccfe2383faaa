//! The notebook's producer and consumer, with every signal counted.
//!
//! The producer runs rounds: it waits a random gap (busy, so the gap is
//! exact), then signals "one more item". The consumer waits for signals
//! and, after each wake-up, is busy handling for a fixed time. A signal is
//! *missed* when no wake-up of the consumer answers it: the consumer
//! handles it late (with the next one) or never.
//!
//! Four ways to signal ([`Handoff`]): the notebook's `set(); clear()` on the
//! step-1 event and on the Python-like event of step 2, the counting
//! [`Signal`] of step 3, and a channel (a queue: one message per item).
//! The consumer never hangs on a missed signal: it waits with a timeout
//! and leaves once the producer is done.
//!
//! Layout: [`Plan`] (one run's gaps and handling time), [`Counted`] (what
//! came of it), [`run`] and one function per hand-off; the hand-offs
//! themselves are in [`crate::handoff`].

use crate::event::Event;
pub use crate::handoff::{Handoff, Pulse};
use crate::signal::Signal;
use crate::state_event::StateEvent;
use labkit::work::spin;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

/// One run: the producer's gaps and the consumer's handling time.
#[derive(Clone, Debug)]
pub struct Plan {
    /// Busy-work iterations the producer spends before each round.
    pub gaps: Vec<u64>,
    /// Busy-work iterations the consumer spends after each wake-up.
    pub handling: u64,
    /// How long the consumer waits before it checks whether the producer is
    /// done: far longer than any gap, so it never fires mid-run.
    pub idle_timeout: Duration,
}

/// What came of one run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Counted {
    /// Signals the producer sent.
    pub sent: u64,
    /// Signals the consumer's wake-ups answered.
    pub received: u64,
    /// For the events: rounds whose `set` found no thread waiting for it.
    pub no_waiter: Option<u64>,
    /// For the events: for each answered round, how long the consumer was
    /// away from `wait`, from that round's `set` until it called `wait`
    /// again (waking up, handling, and any time it waited for a core).
    pub away: Vec<Duration>,
}

impl Counted {
    /// Signals no wake-up answered.
    pub fn missed(&self) -> u64 {
        self.sent - self.received
    }
}

/// Runs the producer and the consumer with `handoff` over `plan`.
pub fn run(handoff: Handoff, plan: &Plan) -> Counted {
    match handoff {
        Handoff::StateEvent => with_event(&StateEvent::new(), plan),
        Handoff::Event => with_event(&Event::new(), plan),
        Handoff::Signal => with_signal(plan),
        Handoff::Channel => with_channel(plan),
    }
}

// ANCHOR: with_event
/// The notebook's producer (`set(); clear()` per item) and consumer (wait,
/// then handle). The producer numbers its rounds in `sent`, so a wake-up
/// knows which round it answers and one round is never counted twice.
fn with_event(event: &impl Pulse, plan: &Plan) -> Counted {
    let sent = AtomicU64::new(0);
    let done = AtomicBool::new(false);
    thread::scope(|s| {
        let consumer = s.spawn(|| {
            let mut answered = 0;
            let mut back_at = Vec::with_capacity(plan.gaps.len()); // (round, back in wait)
            loop {
                if event.wait_timeout(plan.idle_timeout) {
                    let round = sent.load(Ordering::Acquire);
                    if round > answered {
                        answered = round;
                        spin(plan.handling); // busy: not waiting now
                        back_at.push((round, Instant::now()));
                    }
                } else if done.load(Ordering::Acquire) {
                    return back_at;
                }
            }
        });
        let (mut no_waiter, mut set_at) = (0, Vec::with_capacity(plan.gaps.len()));
        for (round, &gap) in (1..).zip(&plan.gaps) {
            spin(gap);
            sent.store(round, Ordering::Release);
            set_at.push(Instant::now());
            if event.set() == 0 {
                no_waiter += 1;
            }
            event.clear();
        }
        done.store(true, Ordering::Release);
        let back_at = consumer.join().expect("the consumer panicked");
        Counted {
            sent: plan.gaps.len() as u64,
            received: back_at.len() as u64,
            no_waiter: Some(no_waiter),
            away: back_at
                .iter()
                .map(|&(r, at)| at.saturating_duration_since(set_at[r as usize - 1]))
                .collect(),
        }
    })
}
// ANCHOR_END: with_event

// ANCHOR: with_signal
/// The fix: the consumer keeps the count it has handled and asks for
/// anything past it; signals sent while it was busy are waiting for it.
fn with_signal(plan: &Plan) -> Counted {
    let signal = Signal::new();
    let done = AtomicBool::new(false);
    thread::scope(|s| {
        let consumer = s.spawn(|| {
            let (mut seen, mut received) = (0, 0);
            loop {
                let now = signal.wait_past_timeout(seen, plan.idle_timeout);
                if now > seen {
                    (seen, received) = (now, received + (now - seen));
                    spin(plan.handling);
                } else if done.load(Ordering::Acquire) && signal.count() == seen {
                    return received;
                }
            }
        });
        for &gap in &plan.gaps {
            spin(gap);
            signal.send();
        }
        done.store(true, Ordering::Release);
        let received = consumer.join().expect("the consumer panicked");
        Counted { sent: plan.gaps.len() as u64, received, no_waiter: None, away: Vec::new() }
    })
}
// ANCHOR_END: with_signal

/// The other fix: a queue. Every item is a message; the consumer takes all
/// that are waiting after each wake-up. Dropping the sender ends the run.
fn with_channel(plan: &Plan) -> Counted {
    let (tx, rx) = mpsc::channel::<usize>();
    thread::scope(|s| {
        let consumer = s.spawn(move || {
            let mut received = 0;
            loop {
                match rx.recv_timeout(plan.idle_timeout) {
                    Ok(_) => {
                        received += 1 + rx.try_iter().count() as u64;
                        spin(plan.handling);
                    }
                    Err(mpsc::RecvTimeoutError::Timeout) => {}
                    Err(mpsc::RecvTimeoutError::Disconnected) => return received,
                }
            }
        });
        for (item, &gap) in plan.gaps.iter().enumerate() {
            spin(gap);
            tx.send(item).expect("the consumer is alive until the sender is dropped");
        }
        drop(tx);
        let received = consumer.join().expect("the consumer panicked");
        Counted { sent: plan.gaps.len() as u64, received, no_waiter: None, away: Vec::new() }
    })
}

#[cfg(all(test, not(any(feature = "loom", feature = "shuttle"))))]
mod tests {
    use super::*;

    fn plan(rounds: usize, gap: u64, handling: u64) -> Plan {
        Plan { gaps: vec![gap; rounds], handling, idle_timeout: Duration::from_millis(20) }
    }

    #[test]
    fn the_fixes_never_miss_whatever_the_consumer_does() {
        for handling in [0, 2_000, 50_000] {
            let plan = plan(300, 1_000, handling);
            for handoff in [Handoff::Signal, Handoff::Channel] {
                let counted = run(handoff, &plan);
                assert_eq!(counted.missed(), 0, "{handoff:?} with handling {handling}");
            }
        }
    }

    #[test]
    fn a_consumer_much_slower_than_the_producer_misses_pulses() {
        // One wake-up keeps the consumer busy for ten times as long as all
        // the gaps together: only the rare pulse can find it waiting.
        let counted = run(Handoff::Event, &plan(200, 2_000, 200 * 2_000 * 10));
        assert!(counted.missed() >= 150, "{counted:?}");
    }
}
