//! The conventions every lab's command line follows, and the context a lab
//! measures in.
//!
//! A lab declares its own options with clap and flattens [`CommonArgs`] into
//! them, so `--quick`, `--out`, `--repeat` and `--seed` mean the same thing
//! everywhere. [`run`] parses, runs the lab and turns an error into a clear
//! message (clap already answers a bad flag with a usage message and exit
//! status 2). [`LabContext`] carries what a lab needs while it runs: the mode,
//! the machine, where its files go, and the manifest of what it wrote.

use crate::machine::Machine;
use crate::manifest::{DataEntry, FigureEntry, Manifest, ResultEntry};
use crate::plot::Figure;
use crate::report::Csv;
use clap::{Args, CommandFactory, Parser};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// The options every lab shares.
#[derive(Args, Debug, Clone, Default)]
pub struct CommonArgs {
    /// A fast, rougher run (a few seconds): fewer repetitions and smaller
    /// problems. The book build uses it with `cargo workbook build --quick`.
    #[arg(long)]
    pub quick: bool,

    /// Directory for the CSV and SVG files [default: out/<lab> in the workspace].
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,

    /// Measured repetitions of each point; figures show their median
    /// [default: the lab's, fewer with --quick].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub repeat: Option<u32>,

    /// Seed for everything random (task sizes, shuffles), so a run can be repeated.
    #[arg(long, value_name = "N", default_value_t = 42)]
    pub seed: u64,
}

/// Worker counts given on the command line, ascending and without repeats.
#[derive(Debug, Clone, PartialEq)]
pub struct WorkerList(pub Vec<usize>);

/// Parses a list of worker counts: `1,2,4`, a range `1-8`, or both `1-4,8`.
/// Each count must be between 1 and 1024. Use it as a clap `value_parser`.
pub fn parse_workers(text: &str) -> Result<WorkerList, String> {
    let mut counts = Vec::new();
    for part in text.split(',').map(str::trim) {
        let (lo, hi) = match part.split_once('-') {
            Some((lo, hi)) => (parse_count(lo)?, parse_count(hi)?),
            None => (parse_count(part)?, parse_count(part)?),
        };
        if lo > hi {
            return Err(format!("the range {part} runs backwards"));
        }
        counts.extend(lo..=hi);
    }
    counts.sort_unstable();
    counts.dedup();
    Ok(WorkerList(counts))
}

fn parse_count(text: &str) -> Result<usize, String> {
    match text.trim().parse::<usize>() {
        Ok(n @ 1..=1024) => Ok(n),
        Ok(n) => Err(format!("{n} workers is out of range (1 to 1024)")),
        Err(_) => Err(format!("`{text}` is not a worker count (try 1,2,4 or 1-8)")),
    }
}

/// Parses the lab's options and runs it. A `--help` or a bad option is
/// answered by clap (exit status 0 or 2); an error from the lab is printed as
/// `error: ...` with its causes, and the exit status is 1.
pub fn run<A: Parser>(lab: impl FnOnce(A) -> anyhow::Result<()>) -> ExitCode {
    let args = A::parse();
    match lab(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// Reports a bad combination of options the way clap reports a bad option
/// (usage message, exit status 2). For checks clap cannot express.
pub fn usage_error<A: CommandFactory>(message: impl std::fmt::Display) -> ! {
    A::command().error(clap::error::ErrorKind::ValueValidation, message).exit()
}

/// What a lab needs while it runs, and what it has written.
pub struct LabContext {
    /// The lab's crate name, `lab-NN-topic`: in captions, CSV headers and the manifest.
    pub lab: &'static str,
    /// A quick, rougher run.
    pub quick: bool,
    /// Measured repetitions per point.
    pub repeat: u32,
    /// The seed for everything random.
    pub seed: u64,
    /// The machine the measurements are made on.
    pub machine: Machine,
    /// Where files go; created by [`LabContext::new`].
    out: PathBuf,
    /// Everything written so far, saved as `manifest.json` by [`LabContext::finish`].
    manifest: Manifest,
    /// When the lab started, for the closing line.
    started: Instant,
}

impl LabContext {
    /// Sets up a run of `lab`: creates the output directory and detects the
    /// machine. `repeat` is the lab's default repetitions for a full and a
    /// quick run, used unless `--repeat` was given.
    pub fn new(lab: &'static str, args: &CommonArgs, repeat: (u32, u32)) -> anyhow::Result<Self> {
        let out = args.out.clone().unwrap_or_else(|| default_out_dir(lab));
        std::fs::create_dir_all(&out)
            .map_err(|e| anyhow::anyhow!("cannot create the output directory {}: {e}", out.display()))?;
        let out = out.canonicalize().unwrap_or(out);
        let machine = Machine::detect();
        let mode = if args.quick { "quick" } else { "full" };
        let ctx = LabContext {
            lab,
            quick: args.quick,
            repeat: args.repeat.unwrap_or(if args.quick { repeat.1 } else { repeat.0 }),
            seed: args.seed,
            manifest: Manifest {
                lab: lab.into(),
                mode: mode.into(),
                machine: machine.caption(),
                ..Manifest::default()
            },
            machine,
            out,
            started: Instant::now(),
        };
        println!("{lab} ({mode} run, {} repetitions per point)", ctx.repeat);
        println!("machine: {}\n", ctx.manifest.machine);
        Ok(ctx)
    }

    /// The output directory.
    pub fn out_dir(&self) -> &Path {
        &self.out
    }

    /// The caption under a figure: what it shows, then the lab and machine.
    pub fn caption(&self, what: &str) -> String {
        format!("{what} · {} · {}", self.lab, self.manifest.machine)
    }

    /// Saves raw numbers as `<name>.csv`, headed by the lab, the machine and `title`.
    pub fn save_csv(&mut self, name: &str, title: &str, csv: &Csv) -> anyhow::Result<PathBuf> {
        let file = format!("{name}.csv");
        let path = self.out.join(&file);
        let comments = [
            format!("{}: {title}", self.lab),
            format!("machine: {}", self.manifest.machine),
            format!("mode: {}, seed {}, {} repetitions", self.manifest.mode, self.seed, self.repeat),
        ];
        csv.save(&path, &comments)?;
        self.manifest.data.push(DataEntry { file, title: title.into() });
        Ok(path)
    }

    /// Draws `figure` as `<name>.svg` with the caption `what · lab · machine`,
    /// and records it (with the CSV files `data` it plots) in the manifest.
    pub fn save_figure(
        &mut self,
        name: &str,
        figure: &dyn Figure,
        what: &str,
        data: &[&str],
    ) -> anyhow::Result<PathBuf> {
        let file = format!("{name}.svg");
        let path = self.out.join(&file);
        let caption = self.caption(what);
        figure.render(&path, &caption)?;
        self.manifest.figures.push(FigureEntry {
            name: name.into(),
            file,
            title: figure.title().into(),
            caption: what.into(),
            data: data.iter().map(|d| format!("{d}.csv")).collect(),
        });
        Ok(path)
    }

    /// Records a key result (formatted, with its unit) that the chapter can
    /// quote with `{{#result <lab>/<key>}}`.
    pub fn record_result(&mut self, key: &str, value: impl Into<String>, what: &str) {
        self.manifest.results.push(ResultEntry { key: key.into(), value: value.into(), what: what.into() });
    }

    /// Writes the manifest and prints every file written and the total time.
    pub fn finish(self) -> anyhow::Result<()> {
        if !self.manifest.results.is_empty() {
            let mut table = crate::report::Table::new("Key results", &["result", "value"]);
            for r in &self.manifest.results {
                table.row([r.what.as_str(), r.value.as_str()]);
            }
            table.print();
        }
        self.manifest.save(&self.out)?;
        println!("wrote, in {}:", self.out.display());
        for f in &self.manifest.figures {
            println!("  {:<28} {}", f.file, f.title);
        }
        for d in &self.manifest.data {
            println!("  {:<28} {}", d.file, d.title);
        }
        println!("done in {:.1} s", self.started.elapsed().as_secs_f64());
        Ok(())
    }
}

/// `out/<lab>` at the workspace root, wherever the lab is started from.
fn default_out_dir(lab: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../out").join(lab)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn worker_lists_ranges_and_mixes() {
        assert_eq!(parse_workers("1,2,4"), Ok(WorkerList(vec![1, 2, 4])));
        assert_eq!(parse_workers("1-4"), Ok(WorkerList(vec![1, 2, 3, 4])));
        assert_eq!(parse_workers("4, 1-2,2"), Ok(WorkerList(vec![1, 2, 4])));
    }

    #[test]
    fn bad_worker_lists_say_why() {
        assert!(parse_workers("0").unwrap_err().contains("out of range"));
        assert!(parse_workers("2000").unwrap_err().contains("out of range"));
        assert!(parse_workers("two").unwrap_err().contains("not a worker count"));
        assert!(parse_workers("4-2").unwrap_err().contains("backwards"));
        assert!(parse_workers("").is_err());
    }

    #[derive(Parser, Debug)]
    struct TestLab {
        #[command(flatten)]
        common: CommonArgs,
        #[arg(long, value_parser = parse_workers)]
        workers: Option<WorkerList>,
    }

    #[test]
    fn common_options_parse_and_bad_values_are_usage_errors() {
        let lab = TestLab::try_parse_from(["lab", "--quick", "--repeat", "3", "--workers", "1-2"]).unwrap();
        assert!(lab.common.quick);
        assert_eq!(lab.common.repeat, Some(3));
        assert_eq!(lab.workers, Some(WorkerList(vec![1, 2])));
        for bad in [&["lab", "--repeat", "0"][..], &["lab", "--workers", "x"], &["lab", "--nope"]] {
            let err = TestLab::try_parse_from(bad).unwrap_err();
            assert_eq!(err.exit_code(), 2, "{bad:?}");
        }
    }

    #[test]
    fn context_records_figures_and_data_in_the_manifest() {
        use crate::plot::{Axis, LinePlot, Series};
        let dir = tempfile::tempdir().unwrap();
        let args = CommonArgs { quick: true, out: Some(dir.path().join("o")), ..CommonArgs::default() };
        let mut ctx = LabContext::new("lab-99-test", &args, (5, 2)).unwrap();
        assert_eq!(ctx.repeat, 2);
        let mut csv = Csv::new(&["x", "y"]);
        csv.row(&[&1, &2.5]);
        ctx.save_csv("points", "some points", &csv).unwrap();
        let plot = LinePlot::new("Points")
            .x(Axis::linear("x"))
            .y(Axis::linear("y"))
            .series(Series::line("y", vec![(1.0, 2.5), (2.0, 3.0)]));
        ctx.save_figure("points", &plot, "two points", &["points"]).unwrap();
        ctx.record_result("y-at-1", "2.5", "y at x = 1");
        ctx.finish().unwrap();
        let m = Manifest::load(&dir.path().join("o")).unwrap();
        assert_eq!(m.mode, "quick");
        assert_eq!(m.figures[0].data, vec!["points.csv"]);
        assert_eq!(m.result("y-at-1").unwrap().value, "2.5");
        let csv_text = std::fs::read_to_string(dir.path().join("o/points.csv")).unwrap();
        assert!(csv_text.starts_with("# lab-99-test: some points\n# machine: "), "{csv_text}");
        let svg = std::fs::read_to_string(dir.path().join("o/points.svg")).unwrap();
        assert!(svg.contains("lab-99-test"), "the caption names the lab");
    }
}
