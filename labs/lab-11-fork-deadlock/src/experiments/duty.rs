//! Experiment 1: the notebook's bug, counted. At each duty cycle of the
//! logging thread, `ctx.repeat` batches of plain forks whose children log
//! once; the share that hang, against the share of time the lock is held.

use super::{Settings, batches, of};
use crate::batch::Batch;
use crate::start::Start;
use labkit::LabContext;
use labkit::claim::{Claim, Quantity, show};
use labkit::measure::Stats;
use labkit::plot::{Axis, LinePlot, Series};
use labkit::process::TempDir;
use labkit::report::{Csv, Table, duration};

/// One duty cycle's batches, summed up.
struct Point {
    /// The duty cycle asked for.
    target: f64,
    /// The duty cycle measured, over the runs.
    duty: Stats,
    /// The share of forks that hung, over the runs.
    hung: Stats,
    /// The runs themselves.
    runs: Vec<Batch>,
}

/// Runs the batches, prints and records them, draws the figure.
pub fn run(ctx: &mut LabContext, s: &Settings) -> anyhow::Result<()> {
    let dir = TempDir::new("lab-11-duty")?;
    let mut points = Vec::new();
    for &target in &s.duties {
        let runs = batches(ctx, s, Start::Fork, target, &dir)?;
        let duty = Stats::of(&runs.iter().map(|b| b.duty).collect::<Vec<_>>()).expect("runs");
        let hung =
            Stats::of(&runs.iter().map(Batch::hung_share).collect::<Vec<_>>()).expect("runs");
        points.push(Point { target, duty, hung, runs });
    }
    report(ctx, s, &points)?;
    claims(ctx, &points);
    Ok(())
}

fn report(ctx: &mut LabContext, s: &Settings, points: &[Point]) -> anyhow::Result<()> {
    let mut table = Table::new(
        format!(
            "{} forks per run while a thread logs, {} runs; a child still there {} after the last fork is stuck",
            s.forks,
            ctx.repeat,
            duration(s.deadline)
        ),
        &[
            "duty cycle (asked)",
            "duty (measured)",
            "hung (median)",
            "hung, every run",
            "late",
            "start (median)",
        ],
    );
    let mut csv = Csv::new(&[
        "duty_target",
        "run",
        "duty_measured",
        "forks",
        "finished",
        "failed",
        "hung",
        "late",
        "logged",
        "start_median_s",
    ]);
    for p in points {
        let every: Vec<String> = p.runs.iter().map(|b| b.hung.len().to_string()).collect();
        let late: usize = p.runs.iter().map(|b| b.late.len()).sum();
        let costs: Vec<_> = p.runs.iter().flat_map(|b| b.start_costs.iter().copied()).collect();
        let start = Stats::of_durations(&costs).expect("forks").median;
        table.row([
            show::percent(p.target),
            show::percent(p.duty.median),
            show::percent(p.hung.median),
            every.join(", "),
            late.to_string(),
            show::seconds(start),
        ]);
        for (run, b) in p.runs.iter().enumerate() {
            let start = Stats::of_durations(&b.start_costs).expect("forks").median;
            csv.row(&[
                &p.target,
                &run,
                &b.duty,
                &b.forks,
                &b.finished,
                &b.failed,
                &b.hung.len(),
                &b.late.len(),
                &b.logged,
                &start,
            ]);
        }
        let pct = (p.target * 100.0).round();
        ctx.record_result(
            &format!("hung-{pct}"),
            format!(
                "{} (median of {} runs: {})",
                show::percent(p.hung.median),
                p.runs.len(),
                every.join(", ")
            ),
            &format!("share of {} forks that hung at a duty cycle of {pct} %", s.forks),
        );
    }
    table.print();
    let example = points.iter().rev().flat_map(|p| p.runs.iter()).find_map(|b| b.hung.first());
    let (shown, wchan) = match example {
        Some(d) => {
            println!("A stuck child, as /proc showed it before it was killed: {d}\n");
            (d.to_string(), wchan_of(d))
        }
        None => ("no child got stuck in this run".into(), "no child got stuck in this run".into()),
    };
    ctx.record_result("stuck-example", shown, "a stuck child as /proc shows it");
    ctx.record_result("stuck-wchan", wchan, "the kernel function a stuck child sleeps in");
    // The least and the busiest duty cycle under names that do not depend
    // on --duty, for the chapter.
    for (key, p) in [("least", points.first()), ("most", points.last())] {
        let Some(p) = p else { continue };
        ctx.record_result(
            &format!("duty-{key}"),
            show::percent(p.target),
            "a duty cycle of the experiment",
        );
        ctx.record_result(
            &format!("duty-{key}-measured"),
            show::percent(p.duty.median),
            "that duty cycle, as measured",
        );
        let every: Vec<String> = p.runs.iter().map(|b| b.hung.len().to_string()).collect();
        ctx.record_result(
            &format!("hung-{key}"),
            format!(
                "{} (runs: {} of {} each)",
                show::percent(p.hung.median),
                every.join(", "),
                s.forks
            ),
            "forks that hung at that duty cycle, median of the runs",
        );
    }
    ctx.record_result("forks", s.forks.to_string(), "forks per run");
    ctx.record_result("runs", ctx.repeat.to_string(), "runs per point");
    ctx.record_result(
        "deadline",
        duration(s.deadline),
        "how long after the last fork a child counts as stuck",
    );
    ctx.record_result("period", duration(s.period), "the logging thread's period");
    ctx.save_csv("hangs", "forks that hung against the logging thread's duty cycle", &csv)?;
    let measured = points.iter().map(|p| (p.duty.median * 100.0, p.hung.map(|x| x * 100.0)));
    let figure = LinePlot::new("Forks that hang against how busy the logging thread is")
        .x(Axis::linear("time the logging thread holds the lock (duty cycle, %)").range(0.0, 100.0))
        .y(Axis::linear("forked children stuck for ever (%)").range(0.0, 100.0))
        .series(Series::measured("children stuck (median of the runs)", measured))
        .series(Series::line("the duty cycle itself", vec![(0.0, 0.0), (100.0, 100.0)]).dashed());
    let what = format!(
        "{} forks per run, median of {} runs; the dashed line: the chance that a fork at a random moment finds the lock held",
        s.forks, ctx.repeat
    );
    ctx.save_figure("hangs", &figure, &what, &["hangs"])?;
    Ok(())
}

/// The wait channel, or what to say without one.
fn wchan_of(d: &labkit::process::Diagnosis) -> String {
    match d.wchan.as_str() {
        "" | "0" => "not shown by this kernel".to_string(),
        w => w.to_string(),
    }
}

fn claims(ctx: &mut LabContext, points: &[Point]) {
    let curve: Vec<Quantity> = points
        .iter()
        .map(|p| Quantity::new(format!("at {}", show::percent(p.target)), p.hung, show::percent))
        .collect();
    ctx.claim(
        "hangs-rise",
        Claim::rises("the share of forks that hang rises with the share of time the logging thread holds the lock", &curve)
            .if_not("on a busy machine the logging thread may be preempted while it holds the lock, which blurs the duty cycles"),
    );
    let all: Vec<&Batch> = points.iter().flat_map(|p| p.runs.iter()).collect();
    let (hung, late): (usize, usize) =
        all.iter().fold((0, 0), |(h, l), b| (h + b.hung.len(), l + b.late.len()));
    let asleep =
        all.iter().flat_map(|b| b.hung.iter()).filter(|d| d.wchan.contains("futex")).count();
    ctx.claim(
        "stuck-asleep",
        Claim::fact(
            "every child still there at the deadline was asleep, none still running",
            hung > 0 && late == 0,
            format!("{hung} asleep ({asleep} of them in a futex wait), {late} running"),
        )
        .if_not("a child still running at the deadline was only slow: the machine was too busy for the deadline (try --deadline-ms 1000)"),
    );
    let finished: usize = all.iter().map(|b| b.finished).sum();
    let logged: usize = all.iter().map(|b| b.logged).sum();
    ctx.claim(
        "logged-if-finished",
        Claim::fact(
            "each child that finished wrote its line to the log, and no stuck child did",
            finished == logged,
            format!("{finished} children finished, {logged} lines from children in the log"),
        ),
    );
    let forks: usize = all.iter().map(|b| b.forks).sum();
    ctx.record_result(
        "hung-total",
        of(hung, forks),
        "forks that hung, over every run and duty cycle",
    );
}
