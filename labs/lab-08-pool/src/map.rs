//! The pool's calls: `submit` one task, or map a function over many, in
//! input order (`map`, `imap`) or as results finish (`imap_unordered`).
//!
//! Every call cuts its items into chunks of `chunksize` tasks; a chunk is
//! one job on the queue and one batch of results back, so a larger chunk
//! pays for fewer messages and balances the load less finely (chapter 00
//! measured that trade on the work's side; this lab measures the pool's
//! cost per message). Each task runs under `catch_unwind`: a panic becomes
//! that task's [`TaskError::Panicked`], and the rest of the chunk runs.
//!
//! | call | returns | results |
//! | --- | --- | --- |
//! | `submit(f)` | [`Pending`] | one, from `Pending::wait` |
//! | `map(f, items, chunksize)` | `Vec<Outcome<R>>` | all, in input order, once all are done |
//! | `imap(f, items, chunksize)` | [`Ordered`] | each as soon as it and all before it are done |
//! | `imap_unordered(f, items, chunksize)` | [`Unordered`] | `(index, outcome)` as each chunk finishes |

use crate::pool::{Job, Pool};
use crate::reorder::Reorder;
use crate::reply::{Batch, Inbox, Outcome, PoolError, Reply, TaskError, inbox};
use labkit::sync::Arc;
use labkit::watchdog::panic_message;
use std::panic::{AssertUnwindSafe, catch_unwind};

// ANCHOR: run_one
/// Runs `f` on one input, turning a panic into that task's error.
fn run_one<T, R>(f: &impl Fn(T) -> R, item: T) -> Outcome<R> {
    catch_unwind(AssertUnwindSafe(|| f(item))).map_err(|p| TaskError::Panicked(panic_message(&*p)))
}
// ANCHOR_END: run_one

impl Pool {
    // ANCHOR: chunks
    /// Cuts `items` into jobs of `chunksize` tasks, each replying to `inbox`;
    /// returns the jobs and the number of tasks.
    fn chunk_jobs<T, R, F>(
        f: F,
        items: impl IntoIterator<Item = T>,
        chunksize: usize,
        inbox: &Inbox<R>,
    ) -> (Vec<Job>, usize)
    where
        T: Send + 'static,
        R: Send + 'static,
        F: Fn(T) -> R + Send + Sync + 'static,
    {
        assert!(chunksize > 0, "a chunk holds at least one task");
        let f = Arc::new(f);
        let (mut jobs, mut chunk, mut tasks) = (Vec::new(), Vec::with_capacity(chunksize), 0);
        let mut cut = |chunk: Vec<T>, first: usize| {
            let (f, reply) = (Arc::clone(&f), Reply::new(Arc::clone(inbox), first, chunk.len()));
            jobs.push(Box::new(move || {
                let batch: Batch<R> = chunk
                    .into_iter()
                    .enumerate()
                    .map(|(i, x)| (first + i, run_one(&*f, x)))
                    .collect();
                reply.send(batch);
            }) as Job);
        };
        for item in items {
            chunk.push(item);
            tasks += 1;
            if chunk.len() == chunksize {
                cut(
                    std::mem::replace(&mut chunk, Vec::with_capacity(chunksize)),
                    tasks - chunksize,
                );
            }
        }
        if !chunk.is_empty() {
            let first = tasks - chunk.len();
            cut(chunk, first);
        }
        (jobs, tasks)
    }
    // ANCHOR_END: chunks

    /// Runs `f` on a worker; Python's `apply_async`.
    pub fn submit<R, F>(&self, f: F) -> Result<Pending<R>, PoolError>
    where
        R: Send + 'static,
        F: FnOnce() -> R + Send + 'static,
    {
        let inbox = inbox();
        let reply = Reply::new(Arc::clone(&inbox), 0, 1);
        let job: Job = Box::new(move || {
            let outcome = catch_unwind(AssertUnwindSafe(f))
                .map_err(|p| TaskError::Panicked(panic_message(&*p)));
            reply.send(vec![(0, outcome)]);
        });
        self.put_jobs(vec![job])?;
        Ok(Pending { inbox })
    }

    /// Runs `f` on every item, `chunksize` items per job, and returns the
    /// results in input order; Python's `imap`.
    pub fn imap<T, R, F>(
        &self,
        f: F,
        items: impl IntoIterator<Item = T>,
        chunksize: usize,
    ) -> Result<Ordered<R>, PoolError>
    where
        T: Send + 'static,
        R: Send + 'static,
        F: Fn(T) -> R + Send + Sync + 'static,
    {
        let unordered = self.imap_unordered(f, items, chunksize)?;
        Ok(Ordered { unordered, reorder: Reorder::default(), most_held: 0 })
    }

    /// Runs `f` on every item and returns every result, in input order;
    /// Python's `map`. A task that panicked is an `Err` in its place.
    pub fn map<T, R, F>(
        &self,
        f: F,
        items: impl IntoIterator<Item = T>,
        chunksize: usize,
    ) -> Result<Vec<Outcome<R>>, PoolError>
    where
        T: Send + 'static,
        R: Send + 'static,
        F: Fn(T) -> R + Send + Sync + 'static,
    {
        Ok(self.imap(f, items, chunksize)?.collect())
    }

    /// Runs `f` on every item and yields `(index, outcome)` as each chunk
    /// finishes; Python's `imap_unordered` (which gives no index).
    pub fn imap_unordered<T, R, F>(
        &self,
        f: F,
        items: impl IntoIterator<Item = T>,
        chunksize: usize,
    ) -> Result<Unordered<R>, PoolError>
    where
        T: Send + 'static,
        R: Send + 'static,
        F: Fn(T) -> R + Send + Sync + 'static,
    {
        let inbox = inbox();
        let (jobs, tasks) = Pool::chunk_jobs(f, items, chunksize, &inbox);
        self.put_jobs(jobs)?;
        Ok(Unordered { inbox, batch: Vec::new(), left: tasks })
    }
}

/// The result of one submitted task, to wait for.
pub struct Pending<R> {
    /// Where the one result arrives.
    inbox: Inbox<R>,
}

impl<R> Pending<R> {
    /// Waits for the task and returns its outcome.
    pub fn wait(self) -> Outcome<R> {
        let mut batch = self.inbox.get();
        batch.pop().expect("a reply holds one result per task").1
    }
}

/// Results as they finish: `(task index, outcome)`.
pub struct Unordered<R> {
    /// Where the batches arrive.
    inbox: Inbox<R>,
    /// The rest of the batch being handed out, last result first.
    batch: Batch<R>,
    /// Results not yet handed out.
    left: usize,
}

impl<R> Iterator for Unordered<R> {
    type Item = (usize, Outcome<R>);

    fn next(&mut self) -> Option<Self::Item> {
        if self.left == 0 {
            return None;
        }
        if self.batch.is_empty() {
            self.batch = self.inbox.get(); // waits for the next chunk to finish
            self.batch.reverse();
        }
        self.left -= 1;
        self.batch.pop()
    }
}

/// Results in input order: each as soon as it and every one before it are done.
pub struct Ordered<R> {
    /// The results as they come.
    unordered: Unordered<R>,
    /// Those that came before their turn.
    reorder: Reorder<Outcome<R>>,
    /// The most results held waiting at once so far.
    most_held: usize,
}

impl<R> Ordered<R> {
    /// Results held now, done but waiting for an earlier one.
    pub fn held(&self) -> usize {
        self.reorder.held()
    }

    /// The most results held waiting at once so far.
    pub fn most_held(&self) -> usize {
        self.most_held
    }
}

// ANCHOR: ordered
impl<R> Iterator for Ordered<R> {
    type Item = Outcome<R>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(next) = self.reorder.pop() {
                return Some(next);
            }
            // Nothing is ready: every result held waits for the missing next one.
            self.most_held = self.most_held.max(self.reorder.held());
            let (index, outcome) = self.unordered.next()?;
            self.reorder.insert(index, outcome);
        }
    }
}
// ANCHOR_END: ordered
