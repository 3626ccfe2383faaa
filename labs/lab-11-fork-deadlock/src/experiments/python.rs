//! Experiment 3: the notebook's own program, in CPython, under a deadline:
//! how many of its pool rounds get stuck, and whether Python warned.

use super::Settings;
use labkit::LabContext;
use labkit::claim::Claim;
use labkit::process::TempDir;
use labkit::python::Script;
use serde::Deserialize;
use std::time::Duration;

/// What `notebook_logging.py` prints.
#[derive(Deserialize, Debug)]
struct Rounds {
    /// `3.11.7`.
    version: String,
    /// Pool rounds run.
    rounds: u32,
    /// Rounds whose task did not answer in time.
    hung: u32,
    /// The distinct warnings raised while the pools forked.
    warnings: Vec<String>,
    /// The script's own run time.
    seconds: f64,
}

/// Runs the script (if there is a Python) and records what it saw.
pub fn run(ctx: &mut LabContext, s: &Settings) -> anyhow::Result<()> {
    s.python.record(ctx);
    let timeout = if ctx.quick { 0.3 } else { 0.5 };
    // The script's log goes in a directory of ours: removed even if the
    // script is killed (at its deadline, or by a Ctrl-C of the lab).
    let dir = TempDir::new("lab-11-python")?;
    let script = Script::new(ctx.lab, "notebook_logging.py")
        .args(["--rounds", &s.python_rounds.to_string(), "--timeout", &timeout.to_string()])
        .arg("--dir")
        .arg(dir.path())
        .deadline(Duration::from_secs(20 + u64::from(s.python_rounds)));
    let outcome = s.python.run::<Rounds>(&script);
    let ran = Claim::fact(
        "python3 ran the notebook's program",
        outcome.is_ok(),
        match &outcome {
            Ok(r) => format!("Python {}, {} rounds", r.version, r.rounds),
            Err(skipped) => skipped.note(),
        },
    );
    ctx.claim("python-ran", ran);
    let rounds = match outcome {
        Ok(r) => r,
        Err(skipped) => {
            skipped.print();
            ctx.record_result(
                "python-hung",
                skipped.note(),
                "the notebook's program: rounds stuck",
            );
            ctx.record_result(
                "python-warning",
                skipped.note(),
                "what Python said about forking with threads",
            );
            return Ok(());
        }
    };
    println!(
        "Python {}: the notebook's program, {} pool rounds in {:.1} s: {} stuck (no answer within {timeout} s; the pool was terminated)",
        rounds.version, rounds.rounds, rounds.seconds, rounds.hung
    );
    let warned = match rounds.warnings.as_slice() {
        [] => format!("no warning (Python {})", rounds.version),
        [one, ..] => format!("Python {} warned: {one}", rounds.version),
    };
    println!("{warned}\n");
    ctx.record_result(
        "python-hung",
        format!("{} of {}", rounds.hung, rounds.rounds),
        &format!("the notebook's program: pool rounds stuck for {timeout} s"),
    );
    ctx.record_result("python-warning", warned, "what Python said about forking with threads");
    Ok(())
}
