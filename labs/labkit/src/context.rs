//! The context a lab measures in: its mode, the machine, where its files go,
//! and the manifest of what it wrote.
//!
//! A lab makes one [`LabContext`] from its [`CommonArgs`], saves every CSV
//! and figure through it (so each is captioned with the machine and listed
//! in the manifest), records the key results its chapter quotes, and calls
//! [`LabContext::finish`] last.

use crate::cli::CommonArgs;
use crate::machine::Machine;
use crate::manifest::{DataEntry, FigureEntry, Manifest, ResultEntry};
use crate::measure::Samples;
use crate::plot::Figure;
use crate::report::Csv;
use std::path::{Path, PathBuf};
use std::time::Instant;

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
        std::fs::create_dir_all(&out).map_err(|e| {
            anyhow::anyhow!("cannot create the output directory {}: {e}", out.display())
        })?;
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

    /// Times `f` once untimed, then [`LabContext::repeat`] times: the lab's
    /// standard measurement of one point.
    pub fn sample(&self, f: impl FnMut()) -> Samples {
        crate::measure::sample(1, self.repeat, f)
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
            format!(
                "mode: {}, seed {}, {} repetitions",
                self.manifest.mode, self.seed, self.repeat
            ),
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
        self.manifest.results.push(ResultEntry {
            key: key.into(),
            value: value.into(),
            what: what.into(),
        });
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
    fn context_records_figures_and_data_in_the_manifest() {
        use crate::plot::{Axis, LinePlot, Series};
        let dir = tempfile::tempdir().unwrap();
        let args =
            CommonArgs { quick: true, out: Some(dir.path().join("o")), ..CommonArgs::default() };
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
