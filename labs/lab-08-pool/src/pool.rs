//! The pool: a fixed set of worker threads around one queue of jobs.
//!
//! [`Pool::new`] starts `n` threads, each running the loop of `worker.rs`
//! on the same chapter-07 queue. Calls put jobs on the queue (`submit`
//! here, the maps in `map.rs`); results come back through each call's own
//! inbox (`reply.rs`).
//!
//! How it ends, in Python's words:
//!
//! | call | what happens |
//! | --- | --- |
//! | `close` | no more work is taken; the jobs queued still run; then the workers exit |
//! | `terminate` | no more work is taken; jobs not yet started are dropped, their callers told `Cancelled` |
//! | `join` | waits for every worker to exit (after `close` or `terminate`, else an error) |
//! | drop | `close`, then `join`: a pool cannot be forgotten with its threads running |
//!
//! `close` ends the workers one of two ways ([`Shutdown`]): one poison
//! pill per worker, as the notebook does, or one closed marker that every
//! worker passes on. Either way the end messages go on the queue after
//! every job, because taking work and closing take the same lock
//! (`state`): a job can never slip in behind the pills and wait forever.

use crate::reply::PoolError;
use crate::worker::{self, Message};
use lab_07_queue::Queue;
use labkit::sync::atomic::{AtomicBool, Ordering};
use labkit::sync::{Arc, Mutex, thread};

/// A job: a chunk of tasks and the way back for their results, as one
/// closure. Dropping it unrun reports its tasks cancelled.
pub(crate) type Job = Box<dyn FnOnce() + Send + 'static>;

/// How many times a worker or caller blocked on one of the pool's queues
/// looks again before it sleeps: the queue's default, or none under loom,
/// where each spin would multiply the interleavings to explore without
/// changing what can happen.
pub(crate) const SPIN_TRIES: u32 =
    if cfg!(feature = "loom") { 0 } else { lab_07_queue::queue::SPIN_TRIES };

/// How `close` tells the workers to exit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shutdown {
    /// One poison pill per worker (the notebook's `'quit'`).
    PoisonPills,
    /// One closed marker, passed on by every worker (a channel's close).
    Close,
}

// ANCHOR: pool
/// A fixed number of worker threads taking jobs from one queue.
pub struct Pool {
    /// The jobs and end messages, shared with every worker.
    queue: Arc<Queue<Message<Job>>>,
    /// Whether the pool still takes work: `true` = open, `false` = closed
    /// (by `close` or `terminate`). Held while jobs or end messages are put.
    open: Mutex<bool>,
    /// Set by `terminate`: workers drop the jobs they take instead of running them.
    cancelled: Arc<AtomicBool>,
    /// The workers' threads, taken out and joined by `join`.
    threads: Mutex<Vec<thread::JoinHandle<worker::Report>>>,
    /// What the workers did, summed as they are joined.
    done: Mutex<Done>,
    /// How many workers the pool started.
    size: usize,
    /// How `close` ends the workers.
    shutdown: Shutdown,
}
// ANCHOR_END: pool

/// What the joined workers did, in total.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Done {
    /// Workers joined.
    pub workers: usize,
    /// Jobs (chunks) they ran.
    pub ran: usize,
    /// Jobs they dropped unrun after `terminate`.
    pub dropped: usize,
}

impl Pool {
    /// A pool of `workers` threads (at least 1), closed with one marker.
    pub fn new(workers: usize) -> Pool {
        Pool::with_shutdown(workers, Shutdown::Close)
    }

    /// A pool of `workers` threads that `close` ends the way `shutdown` says.
    pub fn with_shutdown(workers: usize, shutdown: Shutdown) -> Pool {
        assert!(workers > 0, "a pool needs at least one worker");
        let queue = Arc::new(Queue::unbounded().spin_tries(SPIN_TRIES));
        let cancelled = Arc::new(AtomicBool::new(false));
        let threads = (0..workers)
            .map(|i| {
                let (queue, cancelled) = (Arc::clone(&queue), Arc::clone(&cancelled));
                thread::Builder::new()
                    .name(format!("pool worker {}", i + 1))
                    .spawn(move || worker::work(&queue, &cancelled, |job: Job| job()))
                    .expect("starting a pool worker")
            })
            .collect();
        Pool {
            queue,
            open: Mutex::new(true),
            cancelled,
            threads: Mutex::new(threads),
            done: Mutex::new(Done::default()),
            size: workers,
            shutdown,
        }
    }

    /// How many workers the pool started.
    pub fn workers(&self) -> usize {
        self.size
    }

    /// Jobs waiting in the queue at this instant (a chunk counts once).
    pub fn queued(&self) -> usize {
        self.queue.len()
    }

    // ANCHOR: put_jobs
    /// Puts `jobs` on the queue, all or none: none once the pool is closed.
    pub(crate) fn put_jobs(&self, jobs: Vec<Job>) -> Result<(), PoolError> {
        let open = self.open.lock().unwrap();
        if !*open {
            return Err(PoolError::Closed); // `jobs` are dropped: each reports Cancelled
        }
        for job in jobs {
            self.queue.put(Message::Job(job)); // unbounded: never waits with the lock held
        }
        Ok(())
    }

    /// Stops taking work and puts the end messages behind the last job.
    /// Closing twice does nothing the second time.
    pub fn close(&self) {
        let mut open = self.open.lock().unwrap();
        if !*open {
            return;
        }
        *open = false;
        match self.shutdown {
            Shutdown::PoisonPills => (0..self.size).for_each(|_| self.queue.put(Message::Quit)),
            Shutdown::Close => self.queue.put(Message::Closed),
        }
    }
    // ANCHOR_END: put_jobs

    /// Closes the pool and makes the workers drop the jobs still queued,
    /// unrun (their callers get [`TaskError::Cancelled`](crate::TaskError)).
    /// Tasks already running finish: a thread cannot be stopped from outside.
    pub fn terminate(&self) {
        self.cancelled.store(true, Ordering::Release);
        self.close();
    }

    /// Waits for every worker to exit and returns what they did. The pool
    /// must be closed first (Python's `join` raises the same error).
    pub fn join(&self) -> Result<Done, PoolError> {
        if *self.open.lock().unwrap() {
            return Err(PoolError::NotClosed);
        }
        let threads = std::mem::take(&mut *self.threads.lock().unwrap());
        let me = thread::current().id();
        for handle in threads {
            if handle.thread().id() == me {
                // The last handle to the pool was dropped inside one of its
                // own tasks (`Arc<Pool>` captured by a task): a worker cannot
                // wait for itself. Its end message is queued, so it exits by
                // itself once this task returns; it is left to do so.
                continue;
            }
            // A worker cannot panic: every task runs under catch_unwind.
            let report = handle.join().expect("a pool worker panicked outside a task");
            let mut done = self.done.lock().unwrap();
            done.workers += 1;
            done.ran += report.ran;
            done.dropped += report.dropped;
        }
        Ok(*self.done.lock().unwrap())
    }
}

// ANCHOR: drop
impl Drop for Pool {
    /// Closes the pool (the queued jobs still run) and joins every worker,
    /// so no thread outlives the pool that started it.
    fn drop(&mut self) {
        self.close();
        let _ = self.join(); // closed just above, so this cannot be NotClosed
    }
}
// ANCHOR_END: drop
