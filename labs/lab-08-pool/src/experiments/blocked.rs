//! Experiment 5: blocking I/O inside rayon's pool, and a CPU job beside it.
//!
//! A CPU job (`par_iter` over tasks of 100 µs) runs in a rayon pool of
//! `workers` threads, three ways:
//!
//! 1. alone;
//! 2. just after one blocking fetch per rayon thread was spawned into the
//!    same pool: every rayon thread sits in a socket read, unable to steal
//!    work, until its answer comes;
//! 3. beside the same fetches run on the hand-built pool instead, whose
//!    threads wait without holding any of rayon's.
//!
//! Only the CPU job is timed. Each run waits for its fetches before the
//! next, and the three ways take turns run by run.

use super::{Settings, time};
use crate::pool::Pool;
use lab_01_threads::client::{agent, fetch};
use lab_01_threads::server::{Defaults, LocalServer};
use labkit::LabContext;
use labkit::claim::{Claim, Quantity, show};
use labkit::measure::Stats;
use labkit::plot::{Axis, BarPlot};
use labkit::report::{Csv, Table};
use labkit::work::{Calibration, spin};
use rayon::prelude::*;
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Where the fetches run, if anywhere.
#[derive(Clone, Copy, PartialEq)]
enum Beside {
    Nothing,
    FetchesInRayon,
    FetchesInPool,
}

impl Beside {
    fn name(self) -> &'static str {
        match self {
            Beside::Nothing => "CPU job alone",
            Beside::FetchesInRayon => "fetches in the same rayon pool",
            Beside::FetchesInPool => "fetches in the hand-built pool",
        }
    }
}

pub fn run(ctx: &mut LabContext, s: &Settings) -> anyhow::Result<()> {
    let latency = s.latency * 4;
    let server = LocalServer::start(Defaults { latency, bytes: 512 })?;
    let rayon = rayon::ThreadPoolBuilder::new().num_threads(s.workers).build()?;
    let pool = Pool::new(s.workers);
    let cal = Calibration::measure();
    let (tasks, iters) =
        (if ctx.quick { 100 } else { 200 }, cal.iterations_for(Duration::from_micros(100)));
    let cpu_job = || {
        rayon.install(|| {
            (0..tasks).into_par_iter().map(|_| spin(iters)).reduce(|| 0, u64::wrapping_add)
        })
    };

    let once = |beside: Beside| -> Duration {
        let (done, finished) = mpsc::channel();
        for i in 0..s.workers {
            if beside == Beside::Nothing {
                break;
            }
            let (url, done) = (server.page_url(i), done.clone());
            let fetch_one = move || {
                let ok = fetch(&agent(Duration::from_secs(10)), &url).is_ok();
                let _ = done.send(ok);
            };
            match beside {
                Beside::Nothing => unreachable!("no fetches"),
                Beside::FetchesInRayon => rayon.spawn(fetch_one),
                Beside::FetchesInPool => drop(pool.submit(fetch_one).expect("open")),
            }
        }
        drop(done);
        std::thread::sleep(Duration::from_millis(2)); // let the fetches start and block
        let start = Instant::now();
        std::hint::black_box(cpu_job());
        let took = start.elapsed();
        assert!(finished.iter().all(|ok| ok), "the local server answers every fetch");
        took
    };

    // The three ways take turns, run by run, so that a burst of load from
    // elsewhere on the machine slows all three alike.
    let ways = [Beside::Nothing, Beside::FetchesInRayon, Beside::FetchesInPool];
    for &b in &ways {
        once(b); // warm-up
    }
    let mut runs: Vec<Vec<Duration>> = vec![Vec::new(); ways.len()];
    let mut csv = Csv::new(&["beside", "run", "cpu_job_s"]);
    for run in 0..ctx.repeat {
        for (i, &beside) in ways.iter().enumerate() {
            let d = once(beside);
            csv.row(&[&beside.name(), &run, &d.as_secs_f64()]);
            runs[i].push(d);
        }
    }
    let measured: Vec<(Beside, Stats)> =
        ways.iter().zip(&runs).map(|(&b, r)| (b, Stats::of_durations(r).expect("runs"))).collect();
    drop(server);
    ctx.save_csv("blocked", "time of the CPU job in rayon, by what runs beside it", &csv)?;

    let mut table = Table::new(
        format!("A CPU job in a rayon pool of {} ({tasks} tasks of 100 µs)", s.workers),
        &["beside it", "CPU job time"],
    );
    for (b, st) in &measured {
        table.row([b.name().to_string(), time(st.median)]);
    }
    table.print();
    let bars = BarPlot::new("Blocking fetches inside rayon hold its threads")
        .categories(measured.iter().map(|m| m.0.name()))
        .y(Axis::linear("CPU job time (ms)"))
        .group_measured("CPU job", measured.iter().map(|m| m.1.map(|t| t * 1e3)).collect());
    ctx.save_figure(
        "blocked",
        &bars,
        &format!(
            "rayon pool of {}; one fetch of {} latency per rayon thread; medians of {} runs",
            s.workers,
            time(latency.as_secs_f64()),
            ctx.repeat
        ),
        &["blocked"],
    )?;

    let q = |i: usize| Quantity::new(measured[i].0.name(), measured[i].1, show::seconds);
    let slowdown = measured[1].1.median / measured[0].1.median;
    ctx.record_result("blocked-alone", time(measured[0].1.median), "the CPU job alone");
    ctx.record_result(
        "blocked-rayon",
        time(measured[1].1.median),
        "the CPU job behind blocking fetches in the same rayon pool",
    );
    ctx.record_result(
        "blocked-pool",
        time(measured[2].1.median),
        "the CPU job beside fetches in the hand-built pool",
    );
    ctx.record_result(
        "blocked-slowdown",
        format!("{slowdown:.1}×"),
        "how much longer the CPU job takes behind fetches in its own rayon pool",
    );
    ctx.record_result(
        "blocked-latency",
        time(latency.as_secs_f64()),
        "the latency of each blocking fetch",
    );
    ctx.claim(
        "rayon-blocked-slower",
        Claim::ratio_at_least(
            "blocking fetches in the same rayon pool make the CPU job at least 1.5× slower",
            &q(1),
            &q(0),
            1.5,
        ),
    );
    ctx.claim(
        "pool-keeps-rayon-free",
        Claim::ratio_at_most("with the fetches on the hand-built pool instead, the CPU job takes at most 1.5× its time alone", &q(2), &q(0), 1.5)
            .if_not("the fetching threads need a little CPU for their sockets, and on two shared cores that can be felt"),
    );
    Ok(())
}
