//! The queues the experiments race, behind one face.
//!
//! | rival | what it is |
//! | --- | --- |
//! | `Queue` | this chapter's queue ([`crate::Queue`]): spins a little, then sleeps |
//! | `Queue, no spin` | the same, sleeping at once as Python does (`spin_tries(0)`) |
//! | `minimal port` | the line-for-line port ([`crate::steps::minimal`]): sleeps at once, always notifies |
//! | `mpsc::sync_channel` | std's bounded channel; one receiver, so several consumers share it through a `Mutex` |
//! | `crossbeam bounded` | crossbeam-channel's bounded channel: a lock-free ring, spins briefly before it sleeps |
//! | `ArrayQueue (spin)` | crossbeam-queue's lock-free ring, which never blocks: a full or empty queue is retried with a [`Backoff`](crate::backoff::Backoff) |
//! | `crossbeam unbounded`, `mpsc::channel`, `Queue unbounded` | no capacity at all: the references drawn as flat lines |
//!
//! [`Rival::pipe`] (in `ends.rs`) builds one rival's two ends.

/// One implementation of a blocking hand-off between threads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rival {
    /// This chapter's queue.
    Queue,
    /// This chapter's queue, sleeping at once when it must wait.
    QueueNoSpin,
    /// The direct port of the notebook's queue.
    Minimal,
    /// `std::sync::mpsc::sync_channel`.
    StdSync,
    /// `crossbeam_channel::bounded`.
    CrossbeamBounded,
    /// `crossbeam_queue::ArrayQueue`, spinning with a backoff.
    ArrayQueue,
    /// This chapter's queue, unbounded.
    QueueUnbounded,
    /// `std::sync::mpsc::channel`.
    StdUnbounded,
    /// `crossbeam_channel::unbounded`.
    CrossbeamUnbounded,
}

impl Rival {
    /// The rivals that take a capacity.
    pub const BOUNDED: [Rival; 6] = [
        Rival::Queue,
        Rival::QueueNoSpin,
        Rival::Minimal,
        Rival::StdSync,
        Rival::CrossbeamBounded,
        Rival::ArrayQueue,
    ];
    /// The rivals without one: references.
    pub const UNBOUNDED: [Rival; 3] =
        [Rival::QueueUnbounded, Rival::StdUnbounded, Rival::CrossbeamUnbounded];

    /// The name in tables, CSV files and legends.
    pub fn name(self) -> &'static str {
        match self {
            Rival::Queue => "Queue (this chapter)",
            Rival::QueueNoSpin => "Queue, no spin",
            Rival::Minimal => "minimal port",
            Rival::StdSync => "mpsc::sync_channel",
            Rival::CrossbeamBounded => "crossbeam bounded",
            Rival::ArrayQueue => "ArrayQueue (spin)",
            Rival::QueueUnbounded => "Queue, unbounded",
            Rival::StdUnbounded => "mpsc::channel",
            Rival::CrossbeamUnbounded => "crossbeam unbounded",
        }
    }

    /// A shorter name, for the categories of a bar chart.
    pub fn short_name(self) -> &'static str {
        match self {
            Rival::Queue => "Queue",
            Rival::QueueNoSpin => "Queue no spin",
            Rival::Minimal => "minimal",
            Rival::StdSync => "sync_channel",
            Rival::CrossbeamBounded => "crossbeam",
            Rival::ArrayQueue => "ArrayQueue",
            Rival::QueueUnbounded => "Queue unb.",
            Rival::StdUnbounded => "channel",
            Rival::CrossbeamUnbounded => "crossbeam unb.",
        }
    }

    /// A short key for result names: `queue`, `crossbeam-bounded`, ...
    pub fn key(self) -> &'static str {
        match self {
            Rival::Queue => "queue",
            Rival::QueueNoSpin => "queue-no-spin",
            Rival::Minimal => "minimal",
            Rival::StdSync => "std-sync",
            Rival::CrossbeamBounded => "crossbeam-bounded",
            Rival::ArrayQueue => "array-queue",
            Rival::QueueUnbounded => "queue-unbounded",
            Rival::StdUnbounded => "std-unbounded",
            Rival::CrossbeamUnbounded => "crossbeam-unbounded",
        }
    }
}
