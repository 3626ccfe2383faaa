//! The command line of `cargo workbook`, declared with clap (which also
//! writes `--help` and rejects bad arguments with exit status 2).

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// The concurrency workbook's tool: run the labs, build the book, do the exercises.
#[derive(Debug, Parser)]
#[command(name = "cargo workbook", bin_name = "cargo workbook", version, about, long_about = None)]
pub struct Cli {
    /// The workbook's root directory (default: the repository this tool was built from)
    #[arg(long, global = true, value_name = "DIR")]
    pub root: Option<PathBuf>,

    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the labs and the exercises.
    List,

    /// Run one lab, e.g. `cargo workbook run 00 -- --quick`.
    Run {
        /// The lab: its number (`00`), its topic (`amdahl`) or its full name.
        lab: String,

        /// Arguments for the lab (after `--`); `--help` lists them.
        #[arg(trailing_var_arg = true, allow_hyphen_values = true, value_name = "ARGS")]
        args: Vec<String>,
    },

    /// Build the book: run every lab, gather its figures, render, check links.
    Build(BuildArgs),

    /// Open the built book in a real browser (chromium, headless, from
    /// file://) and check every page: no console error, every image loaded,
    /// every caption names the machine, no broken link or anchor, search works.
    CheckBrowser {
        /// The built book (default: `book/` at the workbook's root).
        #[arg(long, value_name = "DIR")]
        book: Option<PathBuf>,

        /// The browser (default: $WORKBOOK_CHROMIUM, else chromium on PATH).
        #[arg(long, value_name = "PROGRAM")]
        chromium: Option<PathBuf>,

        /// Save a screenshot of a chapter page here (PNG).
        #[arg(long, value_name = "FILE")]
        screenshot: Option<PathBuf>,
    },

    /// List every measured claim: its verdict on this machine, its evidence,
    /// the pages that quote it.
    Claims,

    /// Classroom exercises: start one, check your work, get hints.
    #[command(subcommand)]
    Exercise(ExerciseCommand),
}

/// Options of `build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Run the labs with `--quick`: seconds instead of minutes, noisier figures.
    #[arg(long)]
    pub quick: bool,

    /// Do not run the labs; render with the figures already in src/figures.
    #[arg(long, conflicts_with_all = ["quick", "lab"])]
    pub skip_labs: bool,

    /// Run only this lab (repeatable); the others keep their figures.
    #[arg(long, value_name = "LAB")]
    pub lab: Vec<String>,
}

/// The `exercise` subcommands.
#[derive(Debug, Subcommand)]
pub enum ExerciseCommand {
    /// List the exercises and how far you are with each.
    List,

    /// Copy an exercise's starter into `my-exercises/<ID>/` to work on.
    Start {
        /// The exercise, e.g. `00-longest-first`.
        id: String,

        /// Replace an existing copy (your work in it is lost).
        #[arg(long)]
        force: bool,
    },

    /// Run the tests of your copy and say what passes, what fails and why.
    Check {
        /// The exercise.
        id: String,

        #[command(flatten)]
        limit: TimeLimit,
    },

    /// Show the next hint (and the ones before it).
    Hint {
        /// The exercise.
        id: String,
    },

    /// For teachers and CI: prove each starter fails its tests and each solution passes.
    Verify {
        /// Only this exercise (default: all).
        id: Option<String>,

        #[command(flatten)]
        limit: TimeLimit,
    },
}

/// How long the tests of one exercise may run before they are stopped.
#[derive(Debug, Clone, clap::Args)]
pub struct TimeLimit {
    /// Stop the tests after this many seconds, 1 to 3600: an infinite loop
    /// or a wait nobody ends then fails instead of hanging.
    #[arg(long = "time-limit", value_name = "SECONDS", default_value_t = crate::exercise::testrun::DEFAULT_TIME_LIMIT.as_secs(),
          value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub seconds: u64,
}

impl TimeLimit {
    /// The limit as a duration.
    pub fn duration(&self) -> std::time::Duration {
        std::time::Duration::from_secs(self.seconds)
    }
}
