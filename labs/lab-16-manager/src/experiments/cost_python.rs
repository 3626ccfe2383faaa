//! Experiment 2's Python series: `python/manager.py` times a Python list's
//! `append` and `Manager().list().append`; their costs join the rivals.

use super::Settings;
use labkit::python::Script;
use labkit::report::Csv;
use labkit::{LabContext, Stats};
use serde::Deserialize;
use std::time::Duration;

/// What `manager.py` prints.
#[derive(Deserialize)]
struct PyReport {
    /// Its version.
    python: String,
    /// A plain list's append.
    local: PySamples,
    /// A Manager list proxy's append.
    proxy: PySamples,
}

/// Calibrated samples.
#[derive(Deserialize)]
struct PySamples {
    /// Appends per sample.
    units: u64,
    /// Each sample's time.
    seconds: Vec<f64>,
}

pub fn run(ctx: &mut LabContext, s: &Settings, rivals: &mut Vec<(String, Stats)>, csv: &mut Csv) {
    let script = Script::new(ctx.lab, "manager.py")
        .args([
            "--min-sample".to_string(),
            ctx.min_sample().as_secs_f64().to_string(),
            "--repeat".into(),
            ctx.repeat.to_string(),
        ])
        .deadline(Duration::from_secs(120));
    match s.python.run::<PyReport>(&script) {
        Ok(r) => {
            ctx.record_result(
                "python-version",
                format!("Python {}", r.python),
                "the Python measured",
            );
            for (name, p) in
                [("Python list.append", &r.local), ("Python Manager().list().append", &r.proxy)]
            {
                let per: Vec<f64> = p.seconds.iter().map(|x| x / p.units as f64).collect();
                for (run, sec) in per.iter().enumerate() {
                    csv.row(&[&name, &run, sec]);
                }
                if let Some(st) = Stats::of(&per) {
                    rivals.push((name.to_string(), st));
                }
            }
        }
        Err(skipped) => {
            skipped.print();
            ctx.record_result(
                "python-proxy",
                format!("not measured: {skipped}"),
                "Python's Manager().list().append",
            );
        }
    }
}
