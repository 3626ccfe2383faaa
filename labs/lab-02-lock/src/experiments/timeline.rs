//! Experiment 5: who waits and who holds, over time.
//!
//! Three threads share one lock. Each, in a loop, asks for the lock
//! ("waiting"), holds it while it does about 200 µs of work ("holding"),
//! lets go and works 200 µs on its own ("working"). Three threads that each
//! want the lock half of the time want more than it can give, so someone is
//! always waiting. One panel per lock shows the hand-overs: with the futex
//! lock a woken thread must be scheduled before it can take the lock, and
//! the thread that just let go often takes it back first.

use crate::contenders::{Contender, Visit};
use crate::futex_lock::FutexLock;
use crate::futex_spin::SpinningFutexLock;
use crate::mutex::Mutex;
use crate::spin::SpinLock;
use labkit::LabContext;
use labkit::timeline::{Timeline, TimelineChart};
use labkit::work::{Calibration, spin};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::time::Duration;

/// Threads sharing the lock.
const THREADS: usize = 3;

/// Records one run per lock, each into its own panel.
struct Record {
    /// Rounds of wait, hold, work per thread.
    rounds: usize,
    /// Busy-work iterations for 200 µs.
    work: u64,
    /// The chart being built, one panel per lock.
    chart: Option<TimelineChart>,
    /// Per lock: how many acquisitions went to a different thread than the one before, of how many.
    handovers: Vec<(&'static str, usize, usize)>,
}

impl Visit for Record {
    fn visit<C: Contender>(&mut self) {
        let timeline = Timeline::new();
        let lock = C::new(0);
        // A start line the threads spin on, so that they start together
        // (a thread woken from a barrier's sleep would start late).
        let arrived = AtomicUsize::new(0);
        std::thread::scope(|s| {
            for t in 0..THREADS {
                let mut rec = timeline.recorder(format!("thread {t}"));
                let (lock, arrived, work, rounds) = (&lock, &arrived, self.work, self.rounds);
                s.spawn(move || {
                    arrived.fetch_add(1, Relaxed);
                    while arrived.load(Relaxed) < THREADS {
                        std::hint::spin_loop();
                    }
                    for _ in 0..rounds {
                        rec.enter("waiting");
                        lock.with(|v| {
                            rec.enter("holding");
                            *v += spin(work) & 1;
                        });
                        rec.enter("working");
                        spin(work);
                    }
                });
            }
        });
        let mut holds: Vec<(Duration, String)> = timeline
            .spans()
            .into_iter()
            .filter(|s| s.state == "holding")
            .map(|s| (s.start, s.thread))
            .collect();
        holds.sort();
        let changes = holds.windows(2).filter(|w| w[0].1 != w[1].1).count();
        self.handovers.push((C::NAME, changes, holds.len().saturating_sub(1)));
        let chart = self.chart.take().expect("the chart is there between visits");
        self.chart = Some(chart.panel(C::NAME, &timeline));
    }
}

/// Records, and saves `timeline.svg`.
pub fn run(ctx: &mut LabContext, cal: &Calibration) -> anyhow::Result<()> {
    let mut r = Record {
        rounds: if ctx.quick { 25 } else { 60 },
        work: cal.iterations_for(Duration::from_micros(200)),
        chart: Some(
            TimelineChart::new(format!("{THREADS} threads, one lock: waiting, holding, working"))
                .state_colour("waiting", (213, 94, 0))
                .state_colour("holding", (0, 114, 178))
                .state_colour("working", (200, 200, 200)),
        ),
        handovers: Vec::new(),
    };
    r.visit::<Mutex<u64, FutexLock>>();
    r.visit::<Mutex<u64, SpinningFutexLock>>();
    r.visit::<std::sync::Mutex<u64>>();
    r.visit::<Mutex<u64, SpinLock>>();
    let chart = r.chart.take().expect("the chart");
    ctx.save_figure(
        "timeline",
        &chart,
        &format!(
            "{THREADS} threads, {} rounds each of ~200 µs holding the lock and ~200 µs working without it",
            r.rounds
        ),
        &[],
    )?;
    for (lock, changes, of) in &r.handovers {
        println!(
            "{lock}: {changes} of {of} acquisitions went to another thread than the last holder"
        );
        ctx.record_result(
            &format!("timeline-{}-handovers", super::slug(lock)),
            format!("{changes} of {of}"),
            &format!("acquisitions that changed hands on the timeline: {lock}"),
        );
    }
    println!();
    Ok(())
}
