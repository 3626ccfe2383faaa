//! Thread timelines: what each thread was doing, when, drawn one row per
//! thread — the modern form of David Beazley's pictures of the GIL.
//!
//! A lab makes one [`Timeline`], gives each thread a [`Recorder`], and marks
//! the thread's states as it runs ("waiting", "holding", "working"). Then it
//! draws the result with a [`TimelineChart`]:
//!
//! ```
//! use labkit::timeline::{Timeline, TimelineChart};
//!
//! let timeline = Timeline::new();
//! std::thread::scope(|s| {
//!     for i in 0..2 {
//!         let mut rec = timeline.recorder(format!("worker {i}"));
//!         s.spawn(move || {
//!             rec.enter("waiting");
//!             // ... acquire a lock ...
//!             rec.span("holding", || { /* ... critical section ... */ });
//!             rec.leave();
//!         }); // the recorder is dropped here, which flushes its spans
//!     }
//! });
//! assert_eq!(timeline.threads(), ["worker 0", "worker 1"]);
//! let chart = TimelineChart::new("Two workers and a lock").panel("", &timeline);
//! # let _ = chart;
//! ```
//!
//! Recording is cheap enough to leave in a measurement: a span costs a call
//! to [`std::time::Instant::now`] and a push onto the recorder's own buffer.
//! No lock is taken until the recorder flushes, once, when it is dropped.
//!
//! Layout of the module:
//!
//! | file | what it holds |
//! | --- | --- |
//! | `timeline/record.rs` | [`Timeline`], [`Recorder`] and [`Span`]: recording |
//! | `timeline/chart.rs` | [`TimelineChart`]: the legend of states and the panels, stacked |
//! | `timeline/panel.rs` | one panel: a row per thread, bars of states, the makespan |
//! | `timeline/bars.rs` | spans turned into bars at the chart's resolution |
//! | `timeline/unit.rs` | [`TimeUnit`] and the time axis all panels share |

mod bars;
mod chart;
mod panel;
mod record;
#[cfg(test)]
mod tests;
mod unit;

pub use chart::TimelineChart;
pub use record::{Recorder, Span, Timeline};
pub use unit::TimeUnit;
