//! Experiment 2: a shutdown of sleeping threads and one of waiting threads,
//! drawn thread by thread.
//!
//! The service runs for two and a half idle periods of 10 ms, then the main
//! thread asks it to stop. Each panel shows what every thread was doing;
//! the main thread's row shows the stop, from `set` to the last join.
//! (Busy threads are left out: their stop is in the shutdown figure.)

use super::Settings;
use super::shutdown::MODES;
use crate::service::{Idle, Service};
use labkit::LabContext;
use labkit::timeline::{Timeline, TimelineChart};
use std::time::Duration;

/// Runs, draws and saves `shutdown-timeline.svg`.
pub fn run(ctx: &mut LabContext, s: &Settings) -> anyhow::Result<()> {
    let period = Duration::from_millis(10);
    let workers = s.workers.min(3);
    let mut chart = TimelineChart::new("Stopping workers and a heartbeat: sleeping or waiting")
        .state_colour("stop (set, join)", (200, 60, 60));
    for &(idle, name, _) in MODES.iter().filter(|m| m.0 != Idle::Busy) {
        let timeline = Timeline::new();
        let busy = s.cal.iterations_for(period);
        let run = std::sync::Arc::clone(&timeline);
        let stopped = super::watched(
            &format!("the timeline run: {name}"),
            Duration::from_secs(30),
            move || {
                let service = Service::start(workers, idle, period, busy, &run);
                std::thread::sleep(period.mul_f64(2.5));
                service.stop()
            },
        )?;
        anyhow::ensure!(stopped.is_clean(workers), "an unclean stop: {stopped:?}");
        chart = chart.panel(name, &timeline);
    }
    ctx.save_figure(
        "shutdown-timeline",
        &chart,
        &format!("{workers} workers and a heartbeat, 10 ms idle period; one run each"),
        &[],
    )?;
    Ok(())
}
