//! Experiment 6: CPython's side of the chapter, measured in the same run.
//!
//! `python/lock_gil.py` times `with lock: counter += 1` on one thread (a
//! `threading.Lock` nobody else wants) in calibrated samples, like the Rust
//! locks, and counts the increments four Python threads lose with
//! `counter += 1` and with `counter = plus_one(counter)`. This module
//! times std's `Mutex` doing the same increment in the same run, records
//! the Rust/Python ratio, and states what the counts show as claims.
//! Without Python every result reads "not measured" and every claim says
//! why, so the chapter still builds.

use super::uncontended::cost;
use labkit::LabContext;
use labkit::claim::{Claim, Quantity, show};
use labkit::measure::Stats;
use labkit::python::{Python, Script, record_ratio};
use labkit::report::{Csv, Table};
use std::time::Duration;

mod report;
use report::Report;

/// The claims' statements, one place for both the measured and the skipped case.
const PLAIN: &str = "four Python threads running `counter += 1` lost no increment";
const CALL: &str = "four Python threads running `counter = plus_one(counter)` lost increments";
const DEARER: &str = "a Python `with lock: counter += 1` costs at least five times what Rust's std `Mutex` takes for the same increment";

const MEASURED: &str = "the lab ran its Python script";

/// Runs the script, times std's `Mutex`, prints, saves `python.csv`, records results and claims.
pub fn run(ctx: &mut LabContext, python: &Python) -> anyhow::Result<()> {
    let rust = cost::<std::sync::Mutex<u64>>(ctx).per_unit();
    let min = ctx.min_sample().as_secs_f64();
    let count_seconds = if ctx.quick { 0.02 } else { 0.05 };
    let repeat = ctx.repeat.clamp(2, 3);
    let script = Script::new(ctx.lab, "lock_gil.py")
        .args([
            "--min-sample".to_string(),
            min.to_string(),
            "--repeat".into(),
            ctx.repeat.to_string(),
            "--threads".into(),
            "4".into(),
            "--count-seconds".into(),
            count_seconds.to_string(),
            "--counter-repeat".into(),
            repeat.to_string(),
        ])
        .deadline(Duration::from_secs(60));
    let report = match python.run::<Report>(&script) {
        Ok(r) => r,
        Err(skipped) => {
            skipped.print();
            let why = format!("not measured: {skipped}");
            for key in [
                "python-lock-ns",
                "python-bare-ns",
                "python-lock-ratio",
                "python-plain-lost",
                "python-call-lost",
            ] {
                ctx.record_result(key, why.clone(), "Python series (skipped)");
            }
            ctx.record_result(
                "python-rust-std-ns",
                format!("{:.1} ns", rust.median * 1e9),
                "std Mutex, lock + increment + unlock",
            );
            for (key, statement) in [
                ("python-measured", MEASURED),
                ("python-plain-keeps", PLAIN),
                ("python-call-loses", CALL),
                ("python-lock-dearer", DEARER),
            ] {
                ctx.claim(key, Claim::not_measured(statement, skipped.note()));
            }
            return Ok(());
        }
    };
    ctx.claim(
        "python-measured",
        Claim::fact(MEASURED, true, format!("Python {} ran lock_gil.py", report.python)),
    );
    let locked = report
        .lock
        .locked
        .per_unit()
        .ok_or_else(|| anyhow::anyhow!("lock_gil.py: no lock samples"))?;
    let bare = report
        .lock
        .bare
        .per_unit()
        .ok_or_else(|| anyhow::anyhow!("lock_gil.py: no bare samples"))?;
    let mut csv = Csv::new(&["series", "run", "units", "seconds"]);
    for (name, c) in [("python with lock", &report.lock.locked), ("python bare", &report.lock.bare)]
    {
        for (run, s) in c.seconds.iter().enumerate() {
            csv.row(&[&name, &run, &c.units, s]);
        }
    }
    for f in &report.counter {
        for (run, (made, lost)) in f.made.iter().zip(&f.lost).enumerate() {
            csv.row(&[&format!("{} x{}: made / lost", f.form, f.threads), &run, made, lost]);
        }
    }
    ctx.save_csv(
        "python",
        "CPython: seconds per calibrated sample, and increments made and lost",
        &csv,
    )?;

    let ns = |s: &Stats| format!("{:.1} ns", s.median * 1e9);
    ctx.record_result(
        "python-version",
        format!("Python {}{}", report.python, if report.gil { "" } else { " without the GIL" }),
        "the Python measured",
    );
    ctx.record_result(
        "python-switch-ms",
        format!("{} ms", report.switch_interval_s * 1e3),
        "sys.getswitchinterval()",
    );
    ctx.record_result("python-lock-ns", ns(&locked), "Python: with lock: counter += 1, one thread");
    ctx.record_result("python-bare-ns", ns(&bare), "Python: counter += 1 alone, one thread");
    ctx.record_result("python-rust-std-ns", ns(&rust), "std Mutex, lock + increment + unlock");
    let ratio = record_ratio(
        ctx,
        "python-lock-ratio",
        rust.median,
        locked.median,
        "Python's with lock: counter += 1 against Rust's std Mutex",
    );
    ctx.claim(
        "python-lock-dearer",
        Claim::ratio_at_least(
            DEARER,
            &Quantity::new("Python with lock", locked, show::seconds),
            &Quantity::new("std Mutex", rust, show::seconds),
            5.0,
        ),
    );

    let mut table =
        Table::new(format!("CPython {} against Rust", report.python), &["what", "value"]);
    table.row(["Python: with lock: counter += 1".to_string(), ns(&locked)]);
    table.row(["Python: counter += 1 alone".to_string(), ns(&bare)]);
    table.row(["Rust: std Mutex, lock + increment + unlock".to_string(), ns(&rust)]);
    table.row(["Python / Rust".to_string(), labkit::python::format_ratio(ratio)]);
    for (i, f) in report.counter.iter().enumerate() {
        let lost = Stats::of(&f.lost.iter().map(|&l| l as f64).collect::<Vec<_>>())
            .map_or(0.0, |s| s.median);
        let made = f.made.first().copied().unwrap_or(0);
        let fewest = f.lost.iter().min().copied().unwrap_or(0);
        let pct = 100.0 * lost / made.max(1) as f64;
        table.row([
            format!("{} threads, {}: lost (median)", f.threads, f.form),
            format!("{lost:.0} of {made} ({pct:.1} %)"),
        ]);
        let (key, claim_key) = if i == 0 {
            ("python-plain-lost", "python-plain-keeps")
        } else {
            ("python-call-lost", "python-call-loses")
        };
        ctx.record_result(
            key,
            format!("{lost:.0} of {made} ({pct:.1} %)"),
            &format!("Python, {} threads: {}", f.threads, f.form),
        );
        let evidence = format!("lost {:?} of {made} in {} runs", f.lost, f.lost.len());
        let claim = if i == 0 {
            Claim::fact(PLAIN, f.lost.iter().all(|&l| l == 0), evidence)
                .if_not("this interpreter can switch threads inside `counter += 1`: CPython before 3.10 checked for a switch after any instruction, and a free-threaded build runs the threads at once")
        } else {
            Claim::fact(CALL, fewest > 0, evidence)
                .if_not("the threads were not switched while one of them was inside `plus_one` in every run; a longer run makes it likelier")
        };
        ctx.claim(claim_key, claim);
    }
    table.print();
    Ok(())
}
