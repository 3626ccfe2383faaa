//! The chapter's experiments, one module each. Each measures, prints its
//! table, writes its CSV and figures through the kit, and records the
//! numbers the chapter quotes.
//!
//! | module | what it measures |
//! | --- | --- |
//! | [`shutdown`] | time from `set` to the last thread joined, for three ways of idling, against the idle period |
//! | [`timeline`] | one shutdown of each kind, drawn thread by thread |
//! | [`missed`] | signals missed per 1,000 rounds by the notebook's `set(); clear()`, and by the fixes |

pub mod missed;
pub mod shutdown;
pub mod timeline;

use labkit::watchdog::Watchdog;
use labkit::work::Calibration;
use std::time::Duration;

/// What every experiment needs besides the lab context.
pub struct Settings {
    /// How fast this machine runs the kit's busy work, to size work in time.
    pub cal: Calibration,
    /// Worker threads in the shutdown experiments (the heartbeat is extra).
    pub workers: usize,
    /// Producer rounds per run in the missed wake-up experiment.
    pub rounds: usize,
    /// The producer's mean gap between rounds.
    pub gap: Duration,
}

/// Runs `scenario` under a watchdog: its result, or an error carrying the
/// watchdog's report of who was doing what when the deadline passed.
pub fn watched<T: Send + 'static>(
    what: &str,
    deadline: Duration,
    scenario: impl FnOnce() -> T + Send + 'static,
) -> anyhow::Result<T> {
    let watchdog = Watchdog::new(deadline);
    let main = watchdog.participant("lab");
    main.doing(what.to_string());
    watchdog.run(scenario).into_result(what)
}
