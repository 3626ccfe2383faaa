//! Experiment 2: the fixes. At the busiest duty cycle, the same number of
//! children started each way, `ctx.repeat` runs each: how many hang, and
//! what each start costs.

use super::{Settings, batches, of};
use crate::batch::Batch;
use crate::start::Start;
use labkit::LabContext;
use labkit::claim::{Claim, Quantity, show};
use labkit::measure::Stats;
use labkit::plot::{Axis, BarPlot};
use labkit::process::TempDir;
use labkit::report::{Csv, Table, duration};

/// Runs every way, prints and records them, draws the figures.
pub fn run(ctx: &mut LabContext, s: &Settings) -> anyhow::Result<()> {
    let dir = TempDir::new("lab-11-fixes")?;
    let held = s.busiest();
    let mut ways = Vec::new();
    for start in Start::ALL {
        ways.push((start, batches(ctx, s, start, held, &dir)?));
    }
    let mut table = Table::new(
        format!(
            "{} children per run, {} runs, while a thread holds the lock {} of the time; stuck: still there {} after the last start",
            s.forks,
            ctx.repeat,
            show::percent(held),
            duration(s.deadline)
        ),
        &["start", "hung, every run", "late", "failed", "logged", "start (median)"],
    );
    let mut csv = Csv::new(&[
        "start",
        "run",
        "forks",
        "finished",
        "failed",
        "hung",
        "late",
        "logged",
        "start_median_s",
    ]);
    let (mut hung_stats, mut cost_stats) = (Vec::new(), Vec::new());
    let mut parts = Vec::new();
    for (start, runs) in &ways {
        let every: Vec<String> = runs.iter().map(|b| b.hung.len().to_string()).collect();
        let sum = |f: fn(&Batch) -> usize| runs.iter().map(f).sum::<usize>();
        let costs: Vec<_> = runs.iter().flat_map(|b| b.start_costs.iter().copied()).collect();
        let cost = Stats::of_durations(&costs).expect("starts");
        let logged = format!("{} of {}", sum(|b| b.logged), sum(|b| b.forks));
        table.row([
            start.label().to_string(),
            every.join(", "),
            sum(|b| b.late.len()).to_string(),
            sum(|b| b.failed).to_string(),
            logged,
            show::seconds(cost.median),
        ]);
        for (run, b) in runs.iter().enumerate() {
            let median = Stats::of_durations(&b.start_costs).expect("starts").median;
            csv.row(&[
                &start.key(),
                &run,
                &b.forks,
                &b.finished,
                &b.failed,
                &b.hung.len(),
                &b.late.len(),
                &b.logged,
                &median,
            ]);
        }
        let hung = sum(|b| b.hung.len());
        let forks = sum(|b| b.forks);
        ctx.record_result(
            &format!("fix-{}", start.key()),
            format!("{} hung ({} runs: {})", of(hung, forks), runs.len(), every.join(", ")),
            &format!("{}: children stuck at the deadline", start.label()),
        );
        ctx.record_result(
            &format!("start-{}", start.key()),
            show::seconds(cost.median),
            &format!("{}: median time to start one child", start.label()),
        );
        hung_stats.push(
            Stats::of(&runs.iter().map(|b| b.hung_share() * 100.0).collect::<Vec<_>>())
                .expect("runs"),
        );
        // Start costs per run (each run's median), for bars with run spread.
        let per_run: Vec<f64> = runs
            .iter()
            .map(|b| Stats::of_durations(&b.start_costs).expect("starts").median * 1e6)
            .collect();
        cost_stats.push(Stats::of(&per_run).expect("runs"));
        if *start != Start::Fork {
            let clean = hung == 0 && sum(|b| b.late.len()) == 0 && sum(|b| b.failed) == 0;
            let claim = Claim::fact(
                clean_statement(*start),
                clean,
                format!(
                    "{} hung, {} late, {} failed",
                    of(hung, forks),
                    sum(|b| b.late.len()),
                    sum(|b| b.failed)
                ),
            );
            ctx.claim(&format!("fix-{}", start.key()), claim.clone());
            parts.push(claim);
        }
    }
    table.print();
    let unfixed: usize = ways[0].1.iter().map(|b| b.hung.len()).sum();
    let forks: usize = ways[0].1.iter().map(|b| b.forks).sum();
    ctx.claim(
        "unfixed-hangs",
        Claim::fact(
            "plain forks at the busiest duty cycle leave children stuck",
            unfixed > 0,
            format!("{} hung", of(unfixed, forks)),
        ),
    );
    ctx.claim(
        "fixes-clean",
        Claim::all(
            "every fix, and a child that only allocates, leaves no child stuck, late or failed",
            parts,
        ),
    );
    let fork_cost = Quantity::new("fork", cost_stats[0], micros);
    let exec_at = Start::ALL.iter().position(|&s| s == Start::Exec).expect("listed");
    let exec_cost = Quantity::new("Command", cost_stats[exec_at], micros);
    ctx.claim(
        "exec-costs-more",
        Claim::greater(
            "starting a fresh program with Command takes longer than a fork",
            &exec_cost,
            &fork_cost,
        ),
    );
    ctx.save_csv("fixes", "children stuck and start cost, for each way of starting them", &csv)?;
    let names: Vec<&str> = ways.iter().map(|(s, _)| s.key()).collect();
    let hangs = BarPlot::new("Children stuck, for each way of starting them")
        .categories(names.clone())
        .y(Axis::linear("children stuck (% of the forks)").range(0.0, 100.0))
        .group_measured(
            format!("logging thread holds the lock {}", show::percent(held)),
            hung_stats,
        );
    let what = format!("{} children per run, median of {} runs", s.forks, ctx.repeat);
    ctx.save_figure("fixes", &hangs, &what, &["fixes"])?;
    let costs = BarPlot::new("What starting one child costs, each way")
        .categories(names)
        .y(Axis::log("time to start one child (µs)"))
        .group_measured("median start (bars: runs)", cost_stats);
    ctx.save_figure("start-cost", &costs, &what, &["fixes"])?;
    Ok(())
}

/// The claim that a way of starting children leaves none stuck, as a
/// sentence the book can open with.
fn clean_statement(start: Start) -> String {
    let how = match start {
        Start::Fork => "with plain forks",
        Start::ForkFirst => "with every fork made before the logging thread starts",
        Start::Exec => "with an exec right after the fork (Command)",
        Start::SignalSafe => "with one write(2) in the child",
        Start::AtFork => "with pthread_atfork holding the lock across the fork",
        Start::Spawn => "with spawn (a fresh program, sent its task)",
        Start::MallocOnly => "with children that only allocate and free (glibc)",
    };
    format!("{how}, no child got stuck, late or failed")
}

/// Microseconds, as the start-cost figure is drawn.
fn micros(us: f64) -> String {
    show::seconds(us / 1e6)
}
