//! The three ways of running a job: one task after another, a number of
//! threads, a pool of forked processes. Each returns the sum of the tasks'
//! answers, so a test can check that every way did every task once.
//!
//! Threads and processes take their next task from a shared counter, so a
//! worker that finishes early takes more (dynamic dealing, as `Pool.map`
//! with a small chunk size does). A thread is handed its task's input by
//! reference. A process is a separate address space: the parent sends each
//! task to its worker through a pipe, in chapter 12's frames (the task's
//! number, then its input), and reads the answer back through another.
//!
//! The pool is forked before the parent starts its feeding threads (chapter
//! 11: a child forked while another thread holds a lock may wait for ever),
//! and it is started and ended inside the timed run, as Python's
//! `with Pool(k) as pool:` is.

use crate::fds::keep_only;
use crate::jobs::Job;
use anyhow::{Context, Result, bail};
use lab_12_pipe::frame::{read_frame_into, write_frame};
use labkit::process::{ChildProcess, fork_child};
use std::fs::File;
use std::io::Write;
use std::os::fd::{AsRawFd, OwnedFd};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::Duration;

/// How a job is run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// One task after another on the calling thread.
    Sequential,
    /// Scoped threads sharing a counter of tasks.
    Threads,
    /// Forked processes, fed through pipes.
    Processes,
}

impl Mode {
    /// All three, in the order tables show them.
    pub const ALL: [Mode; 3] = [Mode::Sequential, Mode::Threads, Mode::Processes];

    /// `sequential`, `threads`, `processes`: keys and CSV.
    pub fn key(self) -> &'static str {
        match self {
            Mode::Sequential => "sequential",
            Mode::Threads => "threads",
            Mode::Processes => "processes",
        }
    }
}

/// Runs `job` in `mode` with `workers` workers (ignored when sequential);
/// returns the sum of the answers. A process pool that has not finished
/// within `deadline` is killed and reported.
pub fn run(job: &Job, mode: Mode, workers: usize, deadline: Duration) -> Result<u64> {
    match mode {
        Mode::Sequential => (0..job.tasks()).map(|i| job.run(i, job.input(i))).sum(),
        Mode::Threads => threads(job, workers),
        Mode::Processes => processes(job, workers, deadline),
    }
}

// ANCHOR: threads
/// `workers` scoped threads; each takes the next task from a shared counter.
fn threads(job: &Job, workers: usize) -> Result<u64> {
    let next = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| -> Result<u64> {
                    let mut sum = 0;
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        if i >= job.tasks() {
                            return Ok(sum);
                        }
                        sum += job.run(i, job.input(i))?; // the input, by reference
                    }
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("a worker thread panicked")).sum()
    })
}
// ANCHOR_END: threads

/// The parent's ends of one worker's two pipes.
struct Worker {
    /// Tasks go to the worker through this.
    tasks: File,
    /// Answers come back through this.
    answers: File,
}

// ANCHOR: processes
/// A pool of `workers` forked processes. The parent feeds each from a
/// thread of its own: send a task, read its answer, take the next.
fn processes(job: &Job, workers: usize, deadline: Duration) -> Result<u64> {
    let mut children = Vec::new();
    let mut feeds = Vec::new();
    for _ in 0..workers {
        let (task_rx, task_tx) = nix::unistd::pipe()?;
        let (answer_rx, answer_tx) = nix::unistd::pipe()?;
        children.push(fork_child(move || {
            // It holds copies of every descriptor open in the parent: close
            // all but its own two pipe ends (`fds.rs`).
            keep_only(&[task_rx.as_raw_fd(), answer_tx.as_raw_fd()]);
            match serve(job, task_rx, answer_tx) {
                Ok(()) => 0,
                Err(_) => 1,
            }
        })?);
        // The child's ends went with the closure (closed here in the parent).
        feeds.push(Worker { tasks: File::from(task_tx), answers: File::from(answer_rx) });
    }
    let sum = feed(job, feeds, &children, deadline);
    reap(children)?;
    sum
}

/// A worker process: read a task (its number, then its input), run it,
/// write its answer; until the parent closes the pipe.
fn serve(job: &Job, tasks: OwnedFd, answers: OwnedFd) -> Result<()> {
    let (mut tasks, mut answers) = (File::from(tasks), File::from(answers));
    let (mut number, mut input) = (Vec::new(), Vec::new());
    while read_frame_into(&mut tasks, &mut number, 8)? {
        read_frame_into(&mut tasks, &mut input, usize::MAX)?;
        let i = u64::from_le_bytes(number.as_slice().try_into()?) as usize;
        let answer = job.run(i, &input)?; // what was sent, not the inherited copy
        write_frame(&mut answers, &answer.to_le_bytes(), 8)?;
        answers.flush()?;
    }
    Ok(())
}
// ANCHOR_END: processes

/// Feeds the workers from one thread each; a watchdog kills the children if
/// the whole run is late, which ends the feeding threads' reads.
fn feed(
    job: &Job,
    feeds: Vec<Worker>,
    children: &[ChildProcess],
    deadline: Duration,
) -> Result<u64> {
    let next = AtomicUsize::new(0);
    let late = &AtomicBool::new(false);
    let (done, finished) = mpsc::channel::<()>();
    let sums: Vec<Result<u64>> = std::thread::scope(|scope| {
        scope.spawn(move || {
            if finished.recv_timeout(deadline) == Err(mpsc::RecvTimeoutError::Timeout) {
                late.store(true, Ordering::SeqCst);
                for child in children {
                    let pid = nix::unistd::Pid::from_raw(child.pid() as i32);
                    let _ = nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGKILL);
                }
            }
        });
        let handles: Vec<_> = feeds
            .into_iter()
            .map(|mut worker| {
                let next = &next;
                scope.spawn(move || -> Result<u64> {
                    let mut sum = 0;
                    let mut answer = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        if i >= job.tasks() {
                            return Ok(sum); // dropping `worker` closes its pipes: the child ends
                        }
                        write_frame(&mut worker.tasks, &(i as u64).to_le_bytes(), 8)?;
                        write_frame(&mut worker.tasks, job.input(i), usize::MAX)?;
                        if !read_frame_into(&mut worker.answers, &mut answer, 8)? {
                            bail!("a worker process ended before answering task {i}");
                        }
                        sum += u64::from_le_bytes(answer.as_slice().try_into()?);
                    }
                })
            })
            .collect();
        let sums =
            handles.into_iter().map(|h| h.join().expect("a feeding thread panicked")).collect();
        let _ = done.send(());
        sums
    });
    if late.load(Ordering::SeqCst) {
        bail!(
            "the process pool did not finish within {} s; its workers were killed",
            deadline.as_secs_f64()
        );
    }
    sums.into_iter().sum()
}

/// Waits for every worker (they end when their pipe closes); one that does
/// not end within 5 s is killed, reaped and reported.
fn reap(children: Vec<ChildProcess>) -> Result<()> {
    let mut failed = Vec::new();
    for mut child in children {
        match child.wait_timeout(Duration::from_secs(5))? {
            Some(status) if status.success() => {}
            Some(status) => failed.push(format!("worker {} ended with {status}", child.pid())),
            None => {
                let seen = child.diagnose().map(|d| format!(" ({d:?})")).unwrap_or_default();
                child.kill_and_reap().context("killing a stuck worker")?;
                failed.push(format!("worker {} did not end{seen}; killed", child.pid()));
            }
        }
    }
    if !failed.is_empty() {
        bail!("the process pool: {}", failed.join("; "));
    }
    Ok(())
}
