//! The chapter's five experiments, one module each. Each measures, prints
//! its table, writes its CSV and figures through the kit, and returns the
//! few numbers the closing summary needs.

pub mod chunks;
pub mod cores;
pub mod independence;
pub mod order;
pub mod speedup;

use labkit::work::Calibration;

/// What every experiment needs besides the lab context.
pub struct Settings {
    /// How fast this machine runs the kit's busy work, to size tasks in time.
    pub cal: Calibration,
    /// Worker counts for the speedup and cores experiments, ascending.
    pub workers: Vec<usize>,
    /// The serial fraction the Amdahl job is built with.
    pub serial: f64,
}
