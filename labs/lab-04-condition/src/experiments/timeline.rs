//! Experiment 2: producers and consumers on a timeline.
//!
//! Two producers make items at irregular times (a sleep of 2 to 6 ms
//! stands for reading from a network or a disk, like the notebook's
//! `time.sleep`) and push them; two consumers pop and use each item (about
//! 1 ms of computation), so they spend much of their time waiting. The hand-built condition connects them. Each
//! thread's states are recorded: who waits, who works.

use super::Settings;
use crate::monitor::HandMonitor;
use crate::prodcon::{Channel, Check, Popped, State, Wake};
use labkit::timeline::{Timeline, TimelineChart};
use labkit::{LabContext, work};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::time::Duration;

/// Runs once, recorded, and saves `prodcon-timeline.svg`.
pub fn run(ctx: &mut LabContext, s: &Settings) -> anyhow::Result<()> {
    let per_producer: u64 = if ctx.quick { 8 } else { 12 };
    let using = s.cal.iterations_for(Duration::from_millis(1));
    let channel = Channel::<HandMonitor<State>>::new(Wake::One, Check::While);
    let timeline = Timeline::new();
    std::thread::scope(|scope| {
        for c in 0..2 {
            let mut rec = timeline.recorder(format!("consumer {c}"));
            let channel = &channel;
            scope.spawn(move || {
                loop {
                    rec.enter("waiting for an item");
                    match channel.pop() {
                        Popped::Item(_) => rec.span("using an item", || work::spin(using)),
                        Popped::Closed | Popped::Stolen => break,
                    };
                }
            });
        }
        std::thread::scope(|producers| {
            for p in 0..2u64 {
                let mut rec = timeline.recorder(format!("producer {p}"));
                let mut rng = StdRng::seed_from_u64(ctx.seed + p);
                let channel = &channel;
                producers.spawn(move || {
                    for item in 0..per_producer {
                        let pause = Duration::from_micros(rng.random_range(2_000..6_000));
                        rec.span("making an item (I/O)", || std::thread::sleep(pause));
                        rec.span("pushing", || channel.push(item));
                    }
                });
            }
        });
        channel.close();
    });
    let counts = channel.counts();
    let chart = TimelineChart::new("Two producers, two consumers, one condition")
        .panel("", &timeline)
        .state_colour("waiting for an item", (200, 200, 200));
    ctx.save_figure(
        "prodcon-timeline",
        &chart,
        &format!(
            "{} items; producers pause 2-6 ms per item, consumers compute 1 ms",
            2 * per_producer
        ),
        &[],
    )?;
    println!(
        "timeline: {} items, {} wake-ups of a consumer, {} of them to an empty queue\n",
        2 * per_producer,
        counts.wakeups,
        counts.empty_wakeups
    );
    Ok(())
}
