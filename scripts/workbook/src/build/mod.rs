//! `cargo workbook build`: measure, gather and render the whole book.
//!
//! | step | module | what happens |
//! | --- | --- | --- |
//! | 1 | [`compile`] | every lab binary is built by one `cargo build` |
//! | 2 | [`measure`] | every lab runs with `--out src/figures/<lab>` |
//! | 3 | [`render`] | mdBook renders `src/` into `book/`, with our preprocessors |
//! | 4 | [`links`] | every local link and image in `book/` must exist |
//! | 5 | here | print the claims held and not held per chapter, where to open the book, and how long it took |
//!
//! `--skip-labs` skips steps 1 and 2 and renders with the figures already in
//! `src/figures` (for editing the text); `--lab` limits them to some labs.

pub mod compile;
pub mod links;
pub mod measure;
pub mod render;

use crate::exercise::registry::Registry;
use crate::text::seconds;
use crate::workspace::{Lab, Workspace};
use anyhow::{Result, bail};
use measure::LabRun;
use std::time::Instant;

/// What `build` was asked to do.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Run the labs with `--quick`: seconds instead of minutes, noisier figures.
    pub quick: bool,
    /// Do not build or run labs; render with the figures already there.
    pub skip_labs: bool,
    /// Only these labs (names or shorthands); all when empty.
    pub labs: Vec<String>,
}

/// Runs the whole build.
pub fn build(workspace: &Workspace, options: &Options) -> Result<()> {
    let started = Instant::now();
    // Read the exercises first: a broken exercises.toml should fail in a
    // second, not after every lab has run.
    let registry = Registry::load(workspace)?;
    if !options.skip_labs {
        let labs = selected_labs(workspace, &options.labs)?;
        if labs.is_empty() {
            eprintln!("No lab to run yet (labs/lab-*/Cargo.toml).");
        } else {
            eprintln!("Building {} lab(s)…", labs.len());
            let executables = compile::build_labs(workspace, &labs)?;
            let runs: Vec<LabRun<'_>> = labs
                .iter()
                .zip(executables)
                .map(|(lab, executable)| LabRun { lab, executable })
                .collect();
            let mode = if options.quick { "quick" } else { "full" };
            eprintln!("Measuring ({mode} runs, one lab at a time)…");
            measure::run_labs(workspace, &runs, options.quick)?;
        }
    }
    eprintln!("Rendering the book…");
    let rendered = render::render(workspace, registry)?;
    let book_dir = rendered.dir;
    print!("{}", crate::claims::summary(&rendered.claims));
    let broken = links::check(&book_dir)?;
    if !broken.is_empty() {
        let list: Vec<String> =
            broken.iter().map(|b| format!("  {}: {}", b.page.display(), b.link)).collect();
        bail!("the rendered book has {} broken link(s):\n{}", broken.len(), list.join("\n"));
    }
    println!("The book is ready: file://{}", book_dir.join("index.html").display());
    println!("Built in {}.", seconds(started.elapsed()));
    Ok(())
}

/// The labs named on the command line, or all of them.
fn selected_labs<'a>(workspace: &'a Workspace, names: &[String]) -> Result<Vec<&'a Lab>> {
    if names.is_empty() {
        return Ok(workspace.labs.iter().collect());
    }
    let mut labs: Vec<&Lab> = Vec::new();
    for name in names {
        let lab = workspace.find_lab(name)?;
        if !labs.contains(&lab) {
            labs.push(lab);
        }
    }
    Ok(labs)
}
