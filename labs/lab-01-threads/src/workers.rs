//! The notebook's `FetchUrls`, made correct: a fixed number of workers take
//! URLs from one shared list and write every page to one shared file.
//!
//! Both the list and the file are behind a `Mutex`: Rust does not compile
//! the version without (see `listings/` and the chapter). The rules that
//! make it both correct and fast:
//!
//! - take a URL under the list's lock, and release the lock before fetching
//!   (a worker holding it while it waits for the network would make the
//!   others wait too: [`workers_holding_the_list`] shows it, measured);
//! - fetch with no lock held: that is the part that overlaps;
//! - write a record under the file's lock, in one piece;
//! - a failed fetch writes nothing, and is reported.
//!
//! A worker can note its steps on a [`Timeline`] ("taking a URL",
//! "fetching", "writing"), which the lab draws.

use crate::client::{FetchError, fetch};
use crate::output::write_record;
use labkit::timeline::{Recorder, Timeline};
use std::io::{self, Write};
use std::sync::{Arc, Mutex, MutexGuard};
use ureq::Agent;

/// What a run of the workers did.
#[derive(Debug, Default)]
pub struct Report {
    /// Pages fetched and written to the output.
    pub written: usize,
    /// URLs that gave no page, with the reason, in the order they failed.
    pub failed: Vec<(String, FetchError)>,
}

// ANCHOR: workers
/// Fetches `urls` with `workers` threads that share one list of URLs and
/// one output. Returns what was written and what failed; an error writing
/// the output stops the run.
pub fn workers_to_file<W: Write + Send>(
    agent: &Agent,
    urls: &[String],
    workers: usize,
    output: &Mutex<W>,
    timeline: Option<&Arc<Timeline>>,
) -> io::Result<Report> {
    let todo: Mutex<Vec<&String>> = Mutex::new(urls.iter().rev().collect()); // pop() takes the first
    let report = Mutex::new(Report::default());
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..workers)
            .map(|w| {
                let mut steps = Steps(timeline.map(|t| t.recorder(format!("worker {w}"))));
                let (todo, report) = (&todo, &report);
                s.spawn(move || -> io::Result<()> {
                    loop {
                        // The guard is a temporary: the list is unlocked at the `;`.
                        let next = steps.run("taking a URL", || lock(todo).pop());
                        let Some(url) = next else { return Ok(()) }; // the list is empty
                        match steps.run("fetching", || fetch(agent, url)) {
                            Ok(body) => {
                                steps.run("writing", || {
                                    write_record(&mut *lock(output), url, &body)
                                })?;
                                lock(report).written += 1;
                            }
                            Err(e) => lock(report).failed.push((url.clone(), e)),
                        }
                    }
                })
            })
            .collect();
        // Every worker's result, so that a write error is not lost.
        handles
            .into_iter()
            .try_for_each(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
    })?;
    Ok(report.into_inner().unwrap_or_else(|e| e.into_inner()))
}
// ANCHOR_END: workers

// ANCHOR: holding
/// The same workers, written with `while let`: the guard made in the
/// condition lives until the end of the loop body, so each worker holds the
/// list's lock while it fetches, and the others wait for it. It is correct,
/// and no faster than one worker. (Failed fetches are simply skipped here.)
pub fn workers_holding_the_list<W: Write + Send>(
    agent: &Agent,
    urls: &[String],
    workers: usize,
    output: &Mutex<W>,
    timeline: Option<&Arc<Timeline>>,
) -> io::Result<usize> {
    let todo: Mutex<Vec<&String>> = Mutex::new(urls.iter().rev().collect());
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..workers)
            .map(|w| {
                let mut steps = Steps(timeline.map(|t| t.recorder(format!("worker {w}"))));
                let todo = &todo;
                s.spawn(move || -> io::Result<usize> {
                    let mut written = 0;
                    while let Some(url) = steps.run("taking a URL", || lock(todo)).pop() {
                        if let Ok(body) = steps.run("fetching", || fetch(agent, url)) {
                            steps
                                .run("writing", || write_record(&mut *lock(output), url, &body))?;
                            written += 1;
                        }
                    } // <- the list's guard is dropped only here
                    Ok(written)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p))).sum()
    })
}
// ANCHOR_END: holding

/// Locks `m`; a thread that panicked while holding it left data that is
/// still usable here (a list of URLs, a file, a report), so take it anyway.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// A worker's steps, noted on its timeline row when there is one.
struct Steps(Option<Recorder>);

impl Steps {
    /// Runs `f`, noted as `state`.
    fn run<T>(&mut self, state: &'static str, f: impl FnOnce() -> T) -> T {
        match &mut self.0 {
            Some(recorder) => recorder.span(state, f),
            None => f(),
        }
    }
}
