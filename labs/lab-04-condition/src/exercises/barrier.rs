//! Exercise `04-barrier`: a reusable barrier on one condition.
//!
//! `parties` threads call `wait`; none returns until all have called it.
//! Then the barrier is ready for the next round. Exactly one thread per
//! round is told it is the *leader* (the last to arrive), as std's
//! `Barrier::wait` does with `BarrierWaitResult::is_leader`.
//!
//! The trap is reuse. A thread released from round 1 may call `wait` for
//! round 2 before a slower thread of round 1 has even woken up. If waiters
//! tested "have all arrived?" with a count that round 2 has already started
//! to reset and refill, the slow thread would go back to sleep and miss its
//! release. So the state carries a *generation*: a round number that the
//! last arrival moves on, and each waiter waits for its own round to end.
//!
//! Built on chapter 02's `Mutex` and this chapter's `Condition`.

use lab_02_lock::Mutex;
use lab_04_condition::Condition;

/// Where the barrier's current round stands.
struct Round {
    /// Threads that have called `wait` in this round so far.
    arrived: usize,
    /// How many rounds have completed: moved on by the last arrival.
    generation: u64,
}

/// A barrier for `parties` threads, usable for any number of rounds.
pub struct Barrier {
    /// How many threads each round waits for.
    parties: usize,
    /// The current round.
    round: Mutex<Round>,
    /// Where the early arrivals wait for the last.
    all_here: Condition,
}

impl Barrier {
    /// A barrier for `parties` threads (at least one).
    pub fn new(parties: usize) -> Barrier {
        assert!(parties > 0, "a barrier needs at least one party");
        Barrier {
            parties,
            round: Mutex::new(Round { arrived: 0, generation: 0 }),
            all_here: Condition::new(),
        }
    }

    /// Waits until all `parties` threads have called `wait` in this round.
    /// Returns `true` in exactly one of them, the last to arrive.
    pub fn wait(&self) -> bool {
        // exercise: solution
        let mut round = self.round.lock();
        let mine = round.generation;
        round.arrived += 1;
        if round.arrived == self.parties {
            round.arrived = 0;
            round.generation += 1;
            self.all_here.notify_all();
            return true;
        }
        while round.generation == mine {
            self.all_here.wait(&mut round);
        }
        false
        // exercise: starter
        // todo!("count the arrival; the last one starts a new generation and wakes all; the others wait for their generation to end")
        // exercise: end
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use labkit::testing::join_within;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::thread;
    use std::time::Duration;

    /// How long a test waits for a thread to pass: a barrier that never
    /// releases anyone fails the test then instead of hanging it.
    const LIMIT: Duration = Duration::from_secs(10);

    #[test]
    fn a_barrier_for_one_never_waits() {
        let barrier = Barrier::new(1);
        assert!(barrier.wait());
        assert!(barrier.wait());
    }

    #[test]
    fn nobody_passes_before_everyone_has_arrived() {
        let barrier = Arc::new(Barrier::new(3));
        let passed = Arc::new(AtomicUsize::new(0));
        let early: Vec<_> = (0..2)
            .map(|_| {
                let (barrier, passed) = (Arc::clone(&barrier), Arc::clone(&passed));
                thread::spawn(move || {
                    let leader = barrier.wait();
                    passed.fetch_add(1, Ordering::SeqCst);
                    leader
                })
            })
            .collect();
        thread::sleep(Duration::from_millis(50));
        assert_eq!(passed.load(Ordering::SeqCst), 0, "a thread passed with only 2 of 3 here");
        let last = barrier.wait();
        let leaders =
            early.into_iter().map(|t| join_within(t, LIMIT, "an early arrival")).filter(|&l| l);
        assert_eq!(leaders.count() + usize::from(last), 1, "exactly one leader");
        assert!(last, "the last to arrive is the leader");
    }

    #[test]
    fn many_rounds_keep_every_thread_in_step() {
        let (parties, rounds) = (4, 300);
        let barrier = Arc::new(Barrier::new(parties));
        // arrivals[r]: threads that have reached round r.
        let arrivals: Arc<Vec<AtomicUsize>> =
            Arc::new((0..rounds).map(|_| AtomicUsize::new(0)).collect());
        let threads: Vec<_> = (0..parties)
            .map(|_| {
                let (barrier, arrivals) = (Arc::clone(&barrier), Arc::clone(&arrivals));
                thread::spawn(move || {
                    let mut leaders = 0;
                    for r in 0..rounds {
                        arrivals[r].fetch_add(1, Ordering::SeqCst);
                        leaders += usize::from(barrier.wait());
                        let here = arrivals[r].load(Ordering::SeqCst);
                        assert_eq!(
                            here, parties,
                            "round {r}: passed with {here} of {parties} here"
                        );
                    }
                    leaders
                })
            })
            .collect();
        let leaders: usize = threads.into_iter().map(|t| join_within(t, LIMIT, "a party")).sum();
        assert_eq!(leaders, rounds, "one leader per round");
    }
}
