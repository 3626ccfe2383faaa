//! The chapter's experiments, one module each, in the order the chapter
//! tells them. Each measures, prints its table, writes its CSV and figures
//! through the kit and records the numbers the chapter quotes.
//!
//! | module | what it measures |
//! | --- | --- |
//! | [`prodcon`] | producers and consumers: std vs hand-built, notify one vs all, `while` vs `if` |
//! | [`timeline`] | who waits and who works, producers and consumers on a timeline |
//! | [`latency`] | wake-up latency: the notebook's polling timed wait vs blocking waits |
//! | [`idle`] | CPU time and wake-ups of threads that wait with nothing to do |
//! | [`wake_cost`] | what one empty wake-up costs the woken thread (for reading `notify_all`) |
//! | [`python`] | `threading.Condition` wake-up latency in CPython, beside std's |
//! | [`lost`] | the lost wake-up of a condition that registers too late, under a watchdog |

pub mod idle;
pub mod latency;
pub mod lost;
pub mod prodcon;
pub mod python;
pub mod timeline;
pub mod wake_cost;

use labkit::work::Calibration;

/// What the experiments need besides the lab context.
pub struct Settings {
    /// How fast this machine runs the kit's busy work.
    pub cal: Calibration,
    /// Producer threads in the producer/consumer experiment.
    pub producers: u64,
    /// Consumer threads in the producer/consumer experiment.
    pub consumers: u64,
    /// Items each producer/consumer run passes through the queue.
    pub items: u64,
    /// Wake-ups measured for each kind of wait in the latency experiment.
    pub samples: usize,
    /// The Python 3 to compare with, or why there is none.
    pub python: labkit::python::Python,
}
