//! The context a lab measures in: its mode, the machine, where its files go,
//! and the manifest of what it wrote.
//!
//! A lab makes one [`LabContext`] from its [`CommonArgs`], saves every CSV
//! and figure through it (so each is captioned with the machine and listed
//! in the manifest), records the key results its chapter quotes, and calls
//! [`LabContext::finish`] last.

use crate::claim::Claim;
use crate::cli::CommonArgs;
use crate::machine::Machine;
use crate::manifest::{ClaimEntry, DataEntry, FigureEntry, Manifest, ResultEntry};
use crate::measure::{MIN_SAMPLE, PerUnit, Samples};
use crate::plot::Figure;
use crate::report::Csv;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

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
    /// Sets up a run of `lab`: creates the output directory, detects the
    /// machine and installs the Ctrl-C cleanup ([`crate::process::install_cleanup`]). `repeat` is the lab's default repetitions for a full and a
    /// quick run, used unless `--repeat` was given.
    pub fn new(lab: &'static str, args: &CommonArgs, repeat: (u32, u32)) -> anyhow::Result<Self> {
        #[cfg(target_os = "linux")]
        crate::process::install_cleanup()
            .map_err(|e| anyhow::anyhow!("cannot install the Ctrl-C cleanup: {e}"))?;
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
    /// measurement of one point whose work is already long (a whole run of
    /// many milliseconds). For fast work, use [`LabContext::sample_units`].
    pub fn sample(&self, f: impl FnMut()) -> Samples {
        crate::measure::sample(1, self.repeat, f)
    }

    /// The shortest sample this run aims for: [`MIN_SAMPLE`] (10 ms), or
    /// half that in a quick run.
    pub fn min_sample(&self) -> Duration {
        if self.quick { MIN_SAMPLE / 2 } else { MIN_SAMPLE }
    }

    /// Times fast work: `work(n)` does `n` units (iterations, items, round
    /// trips). The kit finds the `n` that makes one sample last at least
    /// [`LabContext::min_sample`] (warming up on the way), then times
    /// [`LabContext::repeat`] samples of `n` units; read the result per unit.
    pub fn sample_units(&self, work: impl FnMut(u64)) -> PerUnit {
        crate::measure::sample_units(self.min_sample(), self.repeat, work)
    }

    /// Records a claim computed from this run's data, which the chapter
    /// states with `{{#claim <lab>/<key>}}` (see [`crate::claim`]).
    pub fn claim(&mut self, key: &str, claim: Claim) {
        assert!(
            self.manifest.claim(key).is_none(),
            "the claim `{key}` is recorded twice; give each claim its own key"
        );
        self.manifest.claims.push(ClaimEntry { key: key.into(), claim });
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
        let note = figure.spread_note();
        let what = match note.unresolved() {
            0 => what.to_string(),
            n => format!(
                "{what}; {n} hollow marker(s): points whose runs spread too wide to tell them from a neighbour"
            ),
        };
        if !note.points.is_empty() {
            // Beside the table the lab printed: which of its rows the figure
            // draws hollow, so a reader weighs them as the figure does.
            println!("~ {name}: too close to call (hollow): {}", note.points.join(", "));
        }
        // A quick run may take one run per point: "median of 1 run".
        let what = what.replace(" of 1 runs", " of 1 run");
        let caption = self.caption(&what);
        figure.render(&path, &caption)?;
        self.manifest.figures.push(FigureEntry {
            name: name.into(),
            file,
            title: figure.title().into(),
            caption: what,
            data: data.iter().map(|d| format!("{d}.csv")).collect(),
            widest_spread: note.widest,
            unresolved: note.unresolved(),
            unresolved_points: note.points,
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
    /// Fails, naming them, if the lab left a child process running or
    /// unreaped ([`crate::process::check_no_children`]).
    pub fn finish(mut self) -> anyhow::Result<()> {
        // The kit's own tests run in parallel with tests that start
        // children, so only a real run (and the test in `process`) checks.
        #[cfg(all(target_os = "linux", not(test)))]
        crate::process::check_no_children()?;
        let took = crate::report::duration(self.started.elapsed());
        self.record_result("run-time", took, "this run of the lab, start to finish");
        if !self.manifest.results.is_empty() {
            let mut table = crate::report::Table::new("Key results", &["result", "value"]);
            for r in &self.manifest.results {
                table.row([r.what.as_str(), r.value.as_str()]);
            }
            table.print();
        }
        if !self.manifest.claims.is_empty() {
            let mut table = crate::report::Table::new("Claims", &["claim", "verdict", "evidence"]);
            for c in &self.manifest.claims {
                table.row([c.key.as_str(), c.claim.verdict.as_str(), c.claim.evidence.as_str()]);
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

    #[test]
    fn claims_and_noisy_points_reach_the_manifest() {
        use crate::claim::{Quantity, show};
        use crate::measure::Stats;
        use crate::plot::{Axis, LinePlot, Series};
        let dir = tempfile::tempdir().unwrap();
        let args =
            CommonArgs { quick: true, out: Some(dir.path().into()), ..CommonArgs::default() };
        let mut ctx = LabContext::new("lab-99-test", &args, (5, 2)).unwrap();
        let st = |q1: f64, m: f64, q3: f64| Stats { n: 3, median: m, min: q1, max: q3, q1, q3 };
        let (tight, noisy) = (st(0.97, 1.0, 1.03), st(0.5, 1.2, 2.0));
        let curve = vec![(1.0, tight), (2.0, noisy), (3.0, st(4.9, 5.0, 5.1))];
        let plot = LinePlot::new("Noisy")
            .x(Axis::linear("x"))
            .y(Axis::linear("y"))
            .series(Series::measured("runs", curve));
        ctx.save_figure("noisy", &plot, "three points", &[]).unwrap();
        let (a, b) =
            (Quantity::new("a", tight, show::number), Quantity::new("b", noisy, show::number));
        ctx.claim("b-above-a", Claim::greater("b is above a", &b, &a));
        ctx.finish().unwrap();
        let m = Manifest::load(dir.path()).unwrap();
        let fig = m.figure("noisy").unwrap();
        assert_eq!(fig.unresolved, 2, "the noisy point and its neighbour a");
        assert_eq!(fig.unresolved_points, ["runs at 1", "runs at 2"]);
        assert!((fig.widest_spread.unwrap() - 1.5 / 1.2).abs() < 1e-9);
        assert!(fig.caption.contains("2 hollow marker(s)"), "{}", fig.caption);
        let svg = std::fs::read_to_string(dir.path().join("noisy.svg")).unwrap();
        assert!(svg.contains("fill=\"#FFFFFF\""), "hollow markers are drawn white inside");
        let claim = &m.claim("b-above-a").unwrap().claim;
        assert_eq!(claim.verdict, crate::claim::Verdict::Unclear);
        assert_eq!(claim.unclear, ["b"]);
    }

    #[test]
    #[should_panic(expected = "recorded twice")]
    fn a_claim_key_is_recorded_once() {
        let dir = tempfile::tempdir().unwrap();
        let args =
            CommonArgs { quick: true, out: Some(dir.path().into()), ..CommonArgs::default() };
        let mut ctx = LabContext::new("lab-99-test", &args, (5, 2)).unwrap();
        ctx.claim("x", Claim::fact("x", true, "1"));
        ctx.claim("x", Claim::fact("x", true, "1"));
    }
}
