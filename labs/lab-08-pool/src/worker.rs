//! What a worker does: take a message from the queue, act on it, repeat.
//!
//! This is the notebook's `Fetcher.run`, for any kind of job and with
//! both ways of ending. The queue carries [`Message`]s:
//!
//! | message | what the worker does |
//! | --- | --- |
//! | `Job(j)` | runs `j` (or drops it unrun once the pool is terminated) and takes the next message |
//! | `Quit` | exits: a poison pill, the notebook's `'quit'`; one is needed per worker |
//! | `Closed` | puts the marker back, for the next worker, then exits: one is enough for all |
//!
//! The pool (`pool.rs`) gives each of its threads this loop. It is also
//! exercise `08-worker-loop`: on its own, a student writes [`work`] and
//! the tests below run it with a queue from chapter 07.

use lab_07_queue::Queue;
use labkit::sync::atomic::{AtomicBool, Ordering};

// ANCHOR: message
/// What travels on a pool's queue.
pub enum Message<J> {
    /// A task to run.
    Job(J),
    /// A poison pill: the worker that takes it exits. A pool that ends
    /// this way must put exactly one per worker, after the last job.
    Quit,
    /// The queue is closed: the worker that takes it puts it back, so the
    /// next worker takes it too, and exits. One marker ends every worker.
    Closed,
}
// ANCHOR_END: message

/// How a worker's loop ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// It took a poison pill.
    Pill,
    /// It took the closed marker (and put it back).
    Closed,
}

/// What one worker did, returned when its loop ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Report {
    /// Jobs it ran.
    pub ran: usize,
    /// Jobs it dropped without running, because `cancelled` was set.
    pub dropped: usize,
    /// Which message ended it.
    pub exit: Exit,
}

// ANCHOR: work
/// Takes messages from `queue` until one tells the worker to exit. A job is
/// given to `run`, unless `cancelled` is set when the worker takes it: then
/// it is dropped unrun (dropping it tells its caller it was cancelled).
pub fn work<J>(
    queue: &Queue<Message<J>>,
    cancelled: &AtomicBool,
    mut run: impl FnMut(J),
) -> Report {
    // exercise: solution
    let (mut ran, mut dropped) = (0, 0);
    loop {
        match queue.get() {
            Message::Job(job) if cancelled.load(Ordering::Acquire) => {
                drop(job);
                dropped += 1;
            }
            Message::Job(job) => {
                run(job);
                ran += 1;
            }
            Message::Quit => return Report { ran, dropped, exit: Exit::Pill },
            Message::Closed => {
                queue.put(Message::Closed); // for the next worker
                return Report { ran, dropped, exit: Exit::Closed };
            }
        }
    }
    // exercise: starter
    // let _ = (queue, cancelled, &mut run, Ordering::Acquire, Exit::Pill);
    // todo!("loop: take a message with queue.get(); run or drop a job, exit on Quit, put Closed back and exit")
    // exercise: end
}
// ANCHOR_END: work

#[cfg(all(test, not(any(feature = "loom", feature = "shuttle"))))]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn queue_of(messages: Vec<Message<u32>>) -> Queue<Message<u32>> {
        let queue = Queue::unbounded();
        messages.into_iter().for_each(|m| queue.put(m));
        queue
    }

    #[test]
    fn runs_jobs_in_order_until_a_pill() {
        let queue = queue_of(vec![Message::Job(1), Message::Job(2), Message::Quit]);
        let mut seen = Vec::new();
        let report = work(&queue, &AtomicBool::new(false), |j| seen.push(j));
        assert_eq!(seen, [1, 2]);
        assert_eq!(report, Report { ran: 2, dropped: 0, exit: Exit::Pill });
    }

    #[test]
    fn a_pill_ends_one_worker_and_leaves_the_rest_of_the_queue() {
        let queue = queue_of(vec![Message::Quit, Message::Job(7), Message::Quit]);
        let report = work(&queue, &AtomicBool::new(false), |_| {});
        assert_eq!(report.ran, 0);
        assert_eq!(queue.len(), 2, "the job and the second pill are for other workers");
    }

    #[test]
    fn the_closed_marker_is_put_back_for_the_next_worker() {
        let queue = queue_of(vec![Message::Job(1), Message::Closed]);
        let first = work(&queue, &AtomicBool::new(false), |_| {});
        assert_eq!(first, Report { ran: 1, dropped: 0, exit: Exit::Closed });
        assert_eq!(queue.len(), 1, "the marker is back in the queue");
        let second = work(&queue, &AtomicBool::new(false), |_| {});
        assert_eq!(second, Report { ran: 0, dropped: 0, exit: Exit::Closed });
    }

    #[test]
    fn cancelled_jobs_are_dropped_unrun_and_the_worker_still_exits() {
        let queue = queue_of(vec![Message::Job(1), Message::Job(2), Message::Quit]);
        let mut seen = Vec::new();
        let report = work(&queue, &AtomicBool::new(true), |j| seen.push(j));
        assert!(seen.is_empty());
        assert_eq!(report, Report { ran: 0, dropped: 2, exit: Exit::Pill });
    }

    #[test]
    fn waits_for_messages_put_later_by_another_thread() {
        let queue = Arc::new(Queue::unbounded());
        let feeder = {
            let queue = Arc::clone(&queue);
            std::thread::spawn(move || {
                std::thread::sleep(std::time::Duration::from_millis(20));
                queue.put(Message::Job(5));
                queue.put(Message::Quit);
            })
        };
        let mut seen = Vec::new();
        work(&queue, &AtomicBool::new(false), |j| seen.push(j));
        feeder.join().unwrap();
        assert_eq!(seen, [5]);
    }
}
