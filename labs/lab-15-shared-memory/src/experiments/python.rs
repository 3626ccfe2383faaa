//! The notebook's prime check in CPython (`python/primes.py`), each variant
//! timed beside the Rust variant that matches it: the synchronized `Value`
//! against the flag behind the process lock, the `mmap` byte against the
//! atomic in a shared mapping, no flag against no flag. CPython runs about
//! 50 times slower here, and a prime costs it about ten seconds per check,
//! so the plan ([`PythonRun::plan`]) is: the two flags on the trivial and
//! the expensive non-prime 2 (the median of the lab's runs), and prime 1
//! once with the `mmap` flag (not with `--quick`); `--python-all` times
//! every variant on all five numbers (minutes).

use super::primes::{VARIANTS, number_key, time_check};
use super::{NUMBERS, PythonRun, Settings};
use labkit::LabContext;
use labkit::claim::{Claim, Quantity, show};
use labkit::plot::{Axis, BarPlot};
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

/// The statements of the claims, also used when they cannot be measured.
const SLOWER: &str =
    "CPython's check takes at least 5 times as long as Rust's, variant for variant";
const FLAG_IN_PYTHON: &str = "in CPython too, the mmap flag makes expensive non-prime 2 cheaper to check than prime 1, where every candidate is divided";

/// The script's arguments for one run of the plan.
fn script(ctx: &LabContext, s: &Settings, plan: &PythonRun) -> Script {
    let numbers: Vec<String> =
        plan.numbers.iter().map(|&i| format!("{}={}", number_key(i), NUMBERS[i].1)).collect();
    let repeat = plan.repeat.unwrap_or(ctx.repeat as usize);
    // About ten seconds per prime and variant on a 2-core machine.
    let budget = 30 * repeat * plan.numbers.len() * plan.variants.split(',').count();
    Script::new(ctx.lab, "primes.py")
        .args([
            "--workers",
            &s.workers.to_string(),
            "--repeat",
            &repeat.to_string(),
            "--numbers",
            &numbers.join(","),
            "--variants",
            plan.variants,
        ])
        .deadline(Duration::from_secs(budget.max(180) as u64))
}

pub fn run(ctx: &mut LabContext, s: &Settings) -> anyhow::Result<()> {
    s.python.record(ctx);
    let mut rows = Vec::new();
    for plan in &s.python_plan {
        match s.python.run::<Output>(&script(ctx, s, plan)) {
            Ok(out) => rows.extend(out.rows),
            Err(skipped) => {
                skipped.print();
                for plan in &s.python_plan {
                    for &i in &plan.numbers {
                        for v in plan.variants.split(',') {
                            let key = format!("py-{v}-{}", number_key(i));
                            ctx.record_result(&format!("{key}-ratio"), "skipped", &skipped.note());
                            ctx.record_result(&key, "skipped", &skipped.note());
                        }
                    }
                }
                ctx.claim("python-slower", Claim::not_measured(SLOWER, skipped.note()));
                ctx.claim(
                    "python-flag-stops-early",
                    Claim::not_measured(FLAG_IN_PYTHON, skipped.note()),
                );
                return Ok(());
            }
        }
    }
    let mut csv = Csv::new(&["variant", "number", "run", "seconds"]);
    let mut table = Table::new(
        "CPython against Rust, time per number",
        &["number", "Python variant", "runs", "Python", "Rust twin", "Rust", "Python / Rust"],
    );
    let mut ratios = Vec::new();
    let (mut categories, mut py_bars, mut rust_bars) = (Vec::new(), Vec::new(), Vec::new());
    for row in &rows {
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
        let runs = match row.seconds.len() {
            1 => "one run".to_string(),
            k => format!("median of {k} runs"),
        };
        ctx.record_result(
            &key,
            show::seconds(py.median),
            &format!("CPython, {}, {} ({runs})", row.variant, NUMBERS[i].0),
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
            row.seconds.len().to_string(),
            show::seconds(py.median),
            twin.to_string(),
            show::seconds(rust.median),
            labkit::python::format_ratio(ratio),
        ]);
        categories.push(format!("{}, {}", NUMBERS[i].0, row.variant));
        py_bars.push(py);
        rust_bars.push(rust);
        ratios.push((
            row.variant.clone(),
            Quantity::new(format!("CPython {} on {}", row.variant, row.label), py, show::seconds),
            Quantity::new(format!("Rust on {}", row.label), rust, show::seconds),
        ));
    }
    table.print();
    ctx.save_csv("python", "CPython's prime check, per variant and number", &csv)?;
    let plot = BarPlot::new("CPython's prime check beside its Rust twin")
        .categories(categories)
        .y(Axis::log("time per check (s)"))
        .size(900, 420)
        .group_measured("CPython (python/primes.py)", py_bars)
        .group_measured("Rust twin (value: flag behind a lock; mmap: atomic flag)", rust_bars);
    ctx.save_figure(
        "python",
        &plot,
        &format!(
            "{} worker processes each; bars are medians, with the runs' spread (one run for a Python check of prime 1 in the default run)",
            s.workers
        ),
        &["python"],
    )?;
    // The trivial non-prime is decided by the serial check in microseconds;
    // compare the numbers whose check runs in the workers.
    let parts: Vec<Claim> = ratios
        .iter()
        .filter(|(_, py, _)| !py.label.ends_with("trivial"))
        .map(|(v, py, rust)| Claim::ratio_at_least(format!("the {v} variant"), py, rust, 5.0))
        .collect();
    ctx.claim("python-slower", Claim::all(SLOWER, parts));
    let mmap_on = |label: &str| {
        ratios
            .iter()
            .find(|(v, py, _)| v == "mmap" && py.label.ends_with(&format!(" on {label}")))
            .map(|(_, py, _)| py.clone())
    };
    if mmap_on("p1").is_none() {
        let why = "not measured (`--quick` leaves prime 1 out)";
        ctx.record_result("py-mmap-p1", why, "CPython, mmap, prime 1");
        ctx.record_result("py-mmap-p1-ratio", why, "CPython's mmap against Rust on prime 1");
    }
    match (mmap_on("np2"), mmap_on("p1")) {
        (Some(np2), Some(p1)) => {
            ctx.claim("python-flag-stops-early", Claim::less(FLAG_IN_PYTHON, &np2, &p1))
        }
        _ => ctx.claim(
            "python-flag-stops-early",
            Claim::not_measured(
                FLAG_IN_PYTHON,
                "CPython checks prime 1 only in the full run (not with --quick)",
            ),
        ),
    }
    Ok(())
}
