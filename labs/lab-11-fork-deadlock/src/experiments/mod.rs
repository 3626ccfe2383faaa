//! The experiments, in the order the chapter tells them.
//!
//! | module | what it measures |
//! | --- | --- |
//! | [`duty`] | the share of forks that hang, against the logging thread's duty cycle |
//! | [`fixes`] | the same forks started each fixed way, at the busiest duty cycle: hangs and start cost |
//! | [`python`] | the notebook's own program under a deadline, and what Python says about forking with threads |

pub mod duty;
pub mod fixes;
pub mod python;

use crate::batch::{self, Batch, Plan};
use crate::logger::Duty;
use crate::start::Start;
use labkit::LabContext;
use labkit::process::TempDir;
use labkit::python::Python;
use rand::SeedableRng;
use rand::rngs::StdRng;
use std::path::PathBuf;
use std::time::Duration;

/// The lab's settings, from its options.
#[derive(Clone, Debug)]
pub struct Settings {
    /// Children started per batch.
    pub forks: usize,
    /// The duty cycles of the first experiment, 0 to 1, ascending.
    pub duties: Vec<f64>,
    /// The logging thread's period: one record each.
    pub period: Duration,
    /// How long a child may take after the last start before it counts as stuck.
    pub deadline: Duration,
    /// The lab's own binary, which the fresh-program starts run.
    pub program: PathBuf,
    /// The Python to compare with.
    pub python: Python,
    /// Pool rounds of the notebook's program.
    pub python_rounds: u32,
}

impl Settings {
    /// The plan of a batch at duty cycle `held`.
    pub fn plan(&self, held: f64) -> Plan {
        Plan {
            forks: self.forks,
            duty: Duty { held, period: self.period },
            deadline: self.deadline,
        }
    }

    /// The busiest duty cycle: the one the fixes are measured at.
    pub fn busiest(&self) -> f64 {
        self.duties.iter().copied().fold(0.0, f64::max)
    }
}

/// `ctx.repeat` batches of `start` at duty `held`, each with its own seed.
pub fn batches(
    ctx: &LabContext,
    s: &Settings,
    start: Start,
    held: f64,
    dir: &TempDir,
) -> anyhow::Result<Vec<Batch>> {
    let plan = s.plan(held);
    (0..ctx.repeat)
        .map(|run| {
            let mut rng = StdRng::seed_from_u64(ctx.seed ^ (u64::from(run) << 32) ^ held.to_bits());
            batch::run(start, &plan, &s.program, dir.path(), &mut rng)
        })
        .collect()
}

/// `7 of 100`.
pub fn of(n: usize, forks: usize) -> String {
    format!("{n} of {forks}")
}
