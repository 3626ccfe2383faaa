//! `cargo workbook`: the concurrency workbook's own tool.
//!
//! It runs the labs, builds the book (measuring every figure on the machine
//! that builds it) and hands out and checks the classroom exercises. The
//! alias in `.cargo/config.toml` makes `cargo workbook <command>` run it.
//!
//! | module | what it owns |
//! | --- | --- |
//! | [`cli`] | the command line |
//! | [`workspace`] | the repository root and its labs |
//! | [`list`], [`run`] | `list` and `run` |
//! | [`build`] | `build`: compile and run the labs, render, check links |
//! | [`preprocess`] | the book's `{{#figure}}`, `{{#result}}` and `{{#exercise}}` directives |
//! | [`exercise`] | `exercise list/start/check/hint/verify` |
//! | [`cargo`], [`table`], [`text`] | small shared helpers |
//!
//! Errors are reported as one clear message (with its causes) and exit
//! status 1; bad arguments get clap's message and exit status 2.

mod browser;
mod build;
mod cargo;
mod claims;
mod cli;
mod exercise;
mod list;
mod preprocess;
mod run;
mod table;
mod text;
mod workspace;

use anyhow::Result;
use clap::Parser;
use cli::{Cli, Command, ExerciseCommand};
use exercise::registry::Registry;
use std::process::ExitCode;
use workspace::Workspace;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run_command(cli) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error}");
            for cause in error.chain().skip(1) {
                eprintln!("  caused by: {cause}");
            }
            ExitCode::FAILURE
        }
    }
}

fn run_command(cli: Cli) -> Result<ExitCode> {
    let root = cli.root.unwrap_or_else(Workspace::default_root);
    let workspace = Workspace::open(&root)?;
    let success = |ok: bool| if ok { ExitCode::SUCCESS } else { ExitCode::FAILURE };
    match cli.command {
        Command::List => list::list(&workspace, &Registry::load(&workspace)?),
        Command::Claims => claims::list(&workspace)?,
        Command::CheckBrowser { book, chromium, screenshot } => {
            let book = book.unwrap_or_else(|| workspace.root.join("book"));
            let problems = browser::check(&book, &browser::Options { chromium, screenshot })?;
            for problem in &problems {
                eprintln!("  {}: {}", problem.page, problem.what);
            }
            if !problems.is_empty() {
                eprintln!("The browser check found {} problem(s).", problems.len());
                return Ok(ExitCode::FAILURE);
            }
            println!("The book reads cleanly in a browser.");
        }
        Command::Run { lab, args } => return run::run(&workspace, &lab, &args),
        Command::Build(args) => {
            let options =
                build::Options { quick: args.quick, skip_labs: args.skip_labs, labs: args.lab };
            build::build(&workspace, &options)?;
        }
        Command::Exercise(command) => {
            let registry = Registry::load(&workspace)?;
            match command {
                ExerciseCommand::List => exercise::list(&workspace, &registry),
                ExerciseCommand::Start { id, force } => {
                    exercise::start(&workspace, &registry, &id, force)?
                }
                ExerciseCommand::Check { id, limit } => {
                    let limit = limit.duration();
                    return Ok(success(exercise::check::check(&workspace, &registry, &id, limit)?));
                }
                ExerciseCommand::Hint { id } => exercise::check::hint(&workspace, &registry, &id)?,
                ExerciseCommand::Verify { id, limit } => {
                    return Ok(success(exercise::verify::run(
                        &workspace,
                        &registry,
                        id.as_deref(),
                        limit.duration(),
                    )?));
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
