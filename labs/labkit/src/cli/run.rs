//! The run of a lab's experiments: `--only`, then each wanted experiment in
//! the order the chapter tells them, then the closing summary.
//!
//! A lab lists its experiments as a clap `ValueEnum`, in the order they
//! run, flattens [`Only`] of it into its options, and hands each
//! experiment's code to [`LabRun::run`]:
//!
//! ```no_run
//! use clap::{Parser, ValueEnum};
//! use labkit::cli::{CommonArgs, LabRun, Only};
//!
//! #[derive(Parser)]
//! struct Args {
//!     #[command(flatten)]
//!     common: CommonArgs,
//!     #[command(flatten)]
//!     only: Only<Experiment>,
//! }
//!
//! /// The experiments, in the order they run.
//! #[derive(Clone, Copy, Debug, PartialEq, ValueEnum)]
//! enum Experiment {
//!     /// Speedup against workers.
//!     Speedup,
//!     /// Chunk size.
//!     Chunks,
//! }
//!
//! fn lab(args: Args) -> anyhow::Result<()> {
//!     let run = LabRun::open("lab-00-amdahl", &args.common, (7, 3))?;
//!     let workers = if run.quick { 2 } else { 4 }; // settings may read the context
//!     run.experiments(&args.only, |ctx, experiment| match experiment {
//!         Experiment::Speedup => Ok(println!("{} workers", workers)), // experiments::speedup::run(ctx, ...)
//!         Experiment::Chunks => Ok(ctx.record_result("chunks", "3", "chunks")),
//!     })
//! }
//!
//! fn main() -> std::process::ExitCode {
//!     labkit::cli::run(lab)
//! }
//! ```

use crate::LabContext;
use crate::cli::CommonArgs;
use clap::{Args, ValueEnum};
use std::ops::{Deref, DerefMut};

/// The option `--only a,b`: the experiments to run (all when empty).
/// `E` is the lab's list of experiments, a `ValueEnum` in running order.
#[derive(Args, Debug, Clone, PartialEq)]
pub struct Only<E: ValueEnum + Clone + Send + Sync + 'static> {
    /// Run only these experiments (comma-separated).
    #[arg(long, value_enum, value_delimiter = ',', value_name = "LIST")]
    pub only: Vec<E>,
}

impl<E: ValueEnum + Clone + PartialEq + Send + Sync + 'static> Only<E> {
    /// Every experiment: what no `--only` means.
    pub fn all() -> Self {
        Only { only: Vec::new() }
    }

    /// Whether `experiment` is to run.
    pub fn wants(&self, experiment: &E) -> bool {
        self.only.is_empty() || self.only.contains(experiment)
    }

    /// The experiments to run, in the lab's order (the enum's), however
    /// `--only` listed them, each once.
    pub fn selected(&self) -> Vec<E> {
        E::value_variants().iter().filter(|e| self.wants(e)).cloned().collect()
    }
}

impl<E: ValueEnum + Clone + Send + Sync + 'static> Default for Only<E> {
    fn default() -> Self {
        Only { only: Vec::new() }
    }
}

/// A lab's run: its [`LabContext`], opened from the common options. It
/// dereferences to the context, so settings can read `run.quick` or
/// `run.machine` before [`LabRun::experiments`] runs the experiments.
pub struct LabRun {
    /// The context every experiment measures in.
    ctx: LabContext,
}

impl LabRun {
    /// Opens the run of `lab` (see [`LabContext::new`]): `repeat` is the
    /// lab's repetitions per point for a full and a quick run.
    pub fn open(
        lab: &'static str,
        common: &CommonArgs,
        repeat: (u32, u32),
    ) -> anyhow::Result<Self> {
        Ok(LabRun { ctx: LabContext::new(lab, common, repeat)? })
    }

    /// Runs each experiment `only` selects, in the lab's order, with
    /// `experiment`, then finishes the context (the key results, the files
    /// written, the time taken). The first error stops the run.
    pub fn experiments<E>(
        mut self,
        only: &Only<E>,
        mut experiment: impl FnMut(&mut LabContext, E) -> anyhow::Result<()>,
    ) -> anyhow::Result<()>
    where
        E: ValueEnum + Clone + PartialEq + Send + Sync + 'static,
    {
        for e in only.selected() {
            let name = e.to_possible_value().map_or_else(String::new, |v| v.get_name().to_string());
            let before = Leftovers::before();
            experiment(&mut self.ctx, e)?;
            before.check(&name)?;
        }
        self.ctx.finish()
    }
}

/// What an experiment may not leave behind: a child process or a descriptor
/// it opened; either is an error naming the experiment and each leftover. Checked after each
/// experiment, so a leftover is pinned on the experiment that made it; only
/// in a real run on Linux (the kit's own tests run beside tests that start
/// children).
struct Leftovers {
    /// The descriptors open before the experiment.
    #[cfg(all(target_os = "linux", not(test)))]
    fds: Vec<(i32, std::path::PathBuf)>,
}

impl Leftovers {
    fn before() -> Leftovers {
        Leftovers {
            #[cfg(all(target_os = "linux", not(test)))]
            fds: crate::process::open_fds(),
        }
    }

    #[cfg_attr(not(all(target_os = "linux", not(test))), allow(clippy::unused_self))]
    fn check(&self, experiment: &str) -> anyhow::Result<()> {
        #[cfg(all(target_os = "linux", not(test)))]
        {
            use anyhow::Context as _;
            crate::process::check_no_children()
                .with_context(|| format!("after the experiment `{experiment}`"))?;
            let new: Vec<String> = crate::process::open_fds()
                .into_iter()
                .filter(|fd| !self.fds.contains(fd))
                .map(|(fd, what)| format!("{fd} -> {}", what.display()))
                .collect();
            if !new.is_empty() {
                anyhow::bail!(
                    "the experiment `{experiment}` left {} descriptor(s) open: {}",
                    new.len(),
                    new.join(", ")
                );
            }
        }
        #[cfg(not(all(target_os = "linux", not(test))))]
        let _ = experiment;
        Ok(())
    }
}

impl Deref for LabRun {
    type Target = LabContext;
    fn deref(&self) -> &LabContext {
        &self.ctx
    }
}

impl DerefMut for LabRun {
    fn deref_mut(&mut self) -> &mut LabContext {
        &mut self.ctx
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    /// Three experiments, in running order.
    #[derive(Clone, Copy, Debug, PartialEq, ValueEnum)]
    enum Step {
        /// The first.
        One,
        /// The second.
        Two,
        /// The third.
        Three,
    }

    /// A lab of three steps.
    #[derive(Parser, Debug)]
    struct TestLab {
        #[command(flatten)]
        common: CommonArgs,
        #[command(flatten)]
        only: Only<Step>,
    }

    fn parse(args: &[&str]) -> Result<TestLab, clap::Error> {
        TestLab::try_parse_from(std::iter::once("lab").chain(args.iter().copied()))
    }

    #[test]
    fn only_selects_in_the_labs_order_each_once() {
        assert_eq!(parse(&[]).unwrap().only.selected(), [Step::One, Step::Two, Step::Three]);
        let some = parse(&["--only", "three,one,three"]).unwrap().only;
        assert_eq!(some.selected(), [Step::One, Step::Three]);
        assert!(!some.wants(&Step::Two));
        assert_eq!(Only::<Step>::all(), parse(&[]).unwrap().only);
    }

    #[test]
    fn an_unknown_experiment_is_a_usage_error_naming_the_choices() {
        let err = parse(&["--only", "four"]).unwrap_err();
        assert_eq!(err.exit_code(), 2);
        let text = err.to_string();
        assert!(text.contains("invalid value") && text.contains("one, two, three"), "{text}");
    }

    #[test]
    fn the_help_lists_every_experiment_with_its_summary() {
        use clap::CommandFactory;
        let help = TestLab::command().render_long_help().to_string();
        assert!(help.contains("--only <LIST>"), "{help}");
        assert!(help.contains("Run only these experiments (comma-separated)"), "{help}");
        assert!(help.starts_with("A lab of three steps"), "the lab's summary comes first: {help}");
        assert!(help.contains("- two:   The second"), "{help}");
    }

    #[test]
    fn a_run_runs_the_selected_experiments_in_order_then_finishes() {
        let dir = tempfile::tempdir().unwrap();
        let mut args = parse(&["--quick", "--only", "three,one"]).unwrap();
        args.common.out = Some(dir.path().to_path_buf());
        let run = LabRun::open("lab-99-test", &args.common, (5, 2)).unwrap();
        assert!(run.quick && run.repeat == 2, "the context is open");
        let mut ran = Vec::new();
        run.experiments(&args.only, |ctx, step| {
            ctx.record_result(&format!("{step:?}"), "ran", "a step");
            ran.push(step);
            Ok(())
        })
        .unwrap();
        assert_eq!(ran, [Step::One, Step::Three]);
        let manifest = crate::manifest::Manifest::load(dir.path()).expect("finish wrote it");
        assert!(manifest.result("One").is_some() && manifest.result("Two").is_none());
    }

    #[test]
    fn the_first_failing_experiment_stops_the_run() {
        let dir = tempfile::tempdir().unwrap();
        let common = CommonArgs { quick: true, out: Some(dir.path().into()), ..Default::default() };
        let run = LabRun::open("lab-99-test", &common, (5, 2)).unwrap();
        let mut ran = Vec::new();
        let err = run
            .experiments(&Only::<Step>::all(), |_, step| {
                ran.push(step);
                anyhow::ensure!(step != Step::Two, "step two broke");
                Ok(())
            })
            .unwrap_err();
        assert_eq!(err.to_string(), "step two broke");
        assert_eq!(ran, [Step::One, Step::Two]);
        assert!(
            crate::manifest::Manifest::load(dir.path()).is_err(),
            "no manifest for a failed run"
        );
    }
}
