//! Experiment 2: lines written in pieces by several threads to one file.
//!
//! The notebook's printout has a line that runs into the next thread's
//! (`... fetched by Thread-14lock acquired by Thread-13`) and an empty line
//! after it. Python 2's `print` wrote the text and the newline as two
//! writes, and another thread's text landed in between. Each `write` on a
//! file is whole (the kernel appends it at once), but a line that takes two
//! writes is not.
//!
//! Here four threads write lines to one temporary file the same way, for a
//! fixed window of time: the text, then `"\n"`, as two `write` calls.
//! Without a lock some lines come out merged; with the lock held for both
//! writes, none do. A line is intact when it reads exactly as one thread
//! wrote it. A window of time rather than a number of lines, so that the
//! threads overlap even on a busy machine: a thread that is paused between
//! its two writes breaks a line as surely as two threads running at once.

use super::repeated;
use crate::mutex::Mutex;
use labkit::LabContext;
use labkit::claim::Claim;
use labkit::measure::Stats;
use labkit::report::{Csv, Table};
use std::collections::HashSet;
use std::fs::File;
use std::io::{Read, Seek, Write};
use std::sync::atomic::{AtomicBool, Ordering::Relaxed};
use std::time::Duration;

/// Threads writing at once.
const THREADS: usize = 4;

/// What one run wrote and how much of it survived.
struct Run {
    /// Lines written, all threads together.
    written: usize,
    /// Lines that read back exactly as written.
    intact: usize,
    /// The first merged line, if any.
    sample: Option<String>,
}

/// The text of line `i` of thread `t`, in the notebook's words.
fn text(t: usize, i: usize) -> String {
    format!("URL /page/{i} fetched by thread-{t}")
}

// ANCHOR: pieces
/// Thread `t` writes lines until `stop`, each as two writes; with `lock`,
/// it holds the lock for both. Returns how many lines it wrote.
fn write_lines(file: &File, lock: Option<&Mutex<()>>, t: usize, stop: &AtomicBool) -> usize {
    let mut out = file;
    let mut lines = 0;
    while !stop.load(Relaxed) {
        let _guard = lock.map(Mutex::lock); // unlocks when dropped, after the newline
        out.write_all(text(t, lines).as_bytes()).expect("writing to a temporary file");
        out.write_all(b"\n").expect("writing to a temporary file");
        lines += 1;
    }
    lines
}
// ANCHOR_END: pieces

/// [`THREADS`] threads write lines for `length`; then the file is read back.
fn one_run(length: Duration, locked: bool) -> anyhow::Result<Run> {
    let mut file = tempfile::tempfile()?; // deleted when closed
    let lock = Mutex::new(());
    let stop = AtomicBool::new(false);
    let counts: Vec<usize> = std::thread::scope(|s| {
        let writers: Vec<_> = (0..THREADS)
            .map(|t| {
                let (file, lock, stop) = (&file, locked.then_some(&lock), &stop);
                s.spawn(move || write_lines(file, lock, t, stop))
            })
            .collect();
        std::thread::sleep(length);
        stop.store(true, Relaxed);
        writers.into_iter().map(|w| w.join().unwrap()).collect()
    });
    let mut written = String::new();
    file.rewind()?;
    file.read_to_string(&mut written)?;
    let expected: HashSet<String> =
        counts.iter().enumerate().flat_map(|(t, &n)| (0..n).map(move |i| text(t, i))).collect();
    let intact = written.lines().filter(|l| expected.contains(*l)).count();
    let sample = written.lines().find(|l| !l.is_empty() && !expected.contains(*l));
    Ok(Run { written: expected.len(), intact, sample: sample.map(String::from) })
}

/// Measures, prints, and saves `lines.csv`.
pub fn run(ctx: &mut LabContext) -> anyhow::Result<()> {
    let length = Duration::from_millis(if ctx.quick { 20 } else { 50 });
    let mut csv = Csv::new(&["locked", "run", "lines", "intact"]);
    let mut table = Table::new(
        format!(
            "{THREADS} threads write lines for {} ms, every line as two writes (medians of {} runs)",
            length.as_millis(),
            ctx.repeat
        ),
        &["writers", "lines", "intact", "broken", "broken (%)"],
    );
    let mut sample = None;
    for locked in [false, true] {
        let runs: Vec<Run> =
            repeated(ctx, || one_run(length, locked)).into_iter().collect::<Result<_, _>>()?;
        for (i, r) in runs.iter().enumerate() {
            csv.row(&[&locked, &i, &r.written, &r.intact]);
        }
        let median = |f: &dyn Fn(&Run) -> f64| {
            Stats::of(&runs.iter().map(f).collect::<Vec<_>>()).expect("at least one run").median
        };
        let written = median(&|r| r.written as f64);
        let broken = median(&|r| (r.written - r.intact) as f64);
        let pct = median(&|r| 100.0 * (r.written - r.intact) as f64 / r.written.max(1) as f64);
        let who = if locked { "holding a Mutex for both writes" } else { "no lock" };
        table.row([
            who.to_string(),
            format!("{written:.0}"),
            format!("{:.0}", median(&|r| r.intact as f64)),
            format!("{broken:.0}"),
            format!("{pct:.2} %"),
        ]);
        let key = if locked { "lines-locked" } else { "lines" };
        ctx.record_result(
            &format!("{key}-written"),
            format!("{written:.0}"),
            &format!("lines written, {who}"),
        );
        ctx.record_result(
            &format!("{key}-broken"),
            format!("{broken:.0}"),
            &format!("lines broken, {who}"),
        );
        ctx.record_result(
            &format!("{key}-broken-pct"),
            format!("{pct:.2} %"),
            &format!("share of lines broken, {who}"),
        );
        if !locked {
            sample = runs.iter().find_map(|r| r.sample.clone());
            ctx.claim(
                "lines-break-without-lock",
                Claim::fact(
                    "without a lock, some lines written in two pieces run into each other",
                    broken > 0.0,
                    format!("{broken:.0} of {written:.0} lines broken (median of {} runs)", runs.len()),
                )
                .if_not("no writer happened to write between another's two pieces in these runs; the race is still there, only not hit"),
            );
        } else {
            let worst = runs.iter().map(|r| r.written - r.intact).max().unwrap_or(0);
            ctx.claim(
                "lines-whole-with-lock",
                Claim::fact(
                    "with the lock held for both writes, no line was broken in any run",
                    worst == 0,
                    format!("at most {worst} broken lines in a run, {} runs", runs.len()),
                ),
            );
        }
    }
    table.print();
    ctx.save_csv(
        "lines",
        "lines written in two pieces by several threads, and how many survived",
        &csv,
    )?;
    ctx.record_result(
        "lines-window-ms",
        length.as_millis().to_string(),
        "milliseconds of writing per run",
    );
    let sample = sample.unwrap_or_else(|| "(no line was broken in these runs)".into());
    println!("a broken line, without the lock: {sample}\n");
    ctx.record_result("lines-sample", sample, "a line written by two threads at once");
    Ok(())
}
