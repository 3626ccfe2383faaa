//! The notebook's prime check in CPython (`python/primes.py`), each variant
//! timed beside the Rust variant that matches it: the synchronized `Value`
//! against the flag behind the process lock, the `mmap` byte against the
//! atomic in a shared mapping, no flag against no flag. CPython runs about
//! 50 times slower here, so by default it checks the two numbers a flag
//! ends early (the trivial non-prime and expensive non-prime 2) with the
//! two flags; `--python-all` adds no flag and all five numbers (minutes).

use super::primes::{VARIANTS, number_key, time_check};
use super::{NUMBERS, Settings};
use labkit::LabContext;
use labkit::claim::{Claim, Quantity, show};
use labkit::python::{Script, record_ratio};
use labkit::report::{Csv, Table};
use serde::Deserialize;
use std::time::Duration;

#[derive(Deserialize)]
struct Output {
    rows: Vec<Row>,
}

#[derive(Deserialize)]
struct Row {
    /// `noflag`, `value` or `mmap`.
    variant: String,
    /// The number's key (`np2`, ...).
    label: String,
    /// Whether Python found it prime.
    prime: bool,
    /// Seconds per check, one per run.
    seconds: Vec<f64>,
}

/// The Rust variant (index into VARIANTS) each Python variant is compared with.
fn rust_twin(variant: &str) -> usize {
    match variant {
        "noflag" => 0,
        "mmap" => 1,
        _ => 2, // value: synchronized, like the flag behind a lock
    }
}

pub fn run(ctx: &mut LabContext, s: &Settings, all: bool) -> anyhow::Result<()> {
    s.python.record(ctx);
    let numbers: Vec<String> =
        s.python_numbers.iter().map(|&i| format!("{}={}", number_key(i), NUMBERS[i].1)).collect();
    let variants = if all { "noflag,value,mmap" } else { "value,mmap" };
    let script = Script::new(ctx.lab, "primes.py")
        .args([
            "--workers",
            &s.workers.to_string(),
            "--repeat",
            &ctx.repeat.to_string(),
            "--numbers",
            &numbers.join(","),
            "--variants",
            variants,
        ])
        .deadline(Duration::from_secs(if all { 3600 } else { 180 }));
    let keys: Vec<String> = s
        .python_numbers
        .iter()
        .flat_map(|&i| variants.split(',').map(move |v| format!("py-{v}-{}", number_key(i))))
        .flat_map(|key| [format!("{key}-ratio"), key])
        .collect();
    let out = match s.python.run::<Output>(&script) {
        Ok(out) => out,
        Err(skipped) => {
            skipped.print();
            for key in &keys {
                ctx.record_result(key, "skipped", &skipped.note());
            }
            ctx.claim(
                "python-slower",
                Claim::fact(
                    "CPython's check takes at least 5 times as long as Rust's, variant for variant",
                    false,
                    skipped.note(),
                ),
            );
            return Ok(());
        }
    };
    let mut csv = Csv::new(&["variant", "number", "run", "seconds"]);
    let mut table = Table::new(
        "CPython against Rust, time per number",
        &["number", "Python variant", "Python", "Rust twin", "Rust", "Python / Rust"],
    );
    let mut ratios = Vec::new();
    for row in &out.rows {
        let i = (0..NUMBERS.len())
            .find(|&i| number_key(i) == row.label)
            .ok_or_else(|| anyhow::anyhow!("unknown number {}", row.label))?;
        for (r, secs) in row.seconds.iter().enumerate() {
            csv.row(&[&row.variant, &row.label, &r, secs]);
        }
        let py = labkit::Stats::of(&row.seconds).ok_or_else(|| anyhow::anyhow!("no runs"))?;
        let (twin, policy, runner) = VARIANTS[rust_twin(&row.variant)];
        let (rust, prime) = time_check(ctx, NUMBERS[i].1, s.workers, policy, runner)?;
        anyhow::ensure!(prime == row.prime, "Python and Rust disagree on {}", NUMBERS[i].1);
        let key = format!("py-{}-{}", row.variant, row.label);
        ctx.record_result(
            &key,
            show::seconds(py.median),
            &format!("CPython, {}, {}", row.variant, NUMBERS[i].0),
        );
        let ratio = record_ratio(
            ctx,
            &format!("{key}-ratio"),
            rust.median,
            py.median,
            &format!("{twin} against CPython's {} on {}", row.variant, NUMBERS[i].0),
        );
        table.row([
            NUMBERS[i].0.to_string(),
            row.variant.clone(),
            show::seconds(py.median),
            twin.to_string(),
            show::seconds(rust.median),
            labkit::python::format_ratio(ratio),
        ]);
        ratios.push((
            Quantity::new(format!("CPython {} on {}", row.variant, row.label), py, show::seconds),
            Quantity::new(format!("Rust on {}", row.label), rust, show::seconds),
        ));
    }
    table.print();
    ctx.save_csv("python", "CPython's prime check, per variant and number", &csv)?;
    // The trivial non-prime is decided by the serial check in microseconds;
    // compare the numbers whose check runs in the workers.
    let parts: Vec<Claim> = ratios
        .iter()
        .filter(|(py, _)| !py.label.ends_with("trivial"))
        .map(|(py, rust)| Claim::ratio_at_least("", py, rust, 5.0))
        .collect();
    ctx.claim(
        "python-slower",
        Claim::all(
            "CPython's check takes at least 5 times as long as Rust's, variant for variant",
            parts,
        ),
    );
    Ok(())
}
