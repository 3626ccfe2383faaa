//! Recording: a [`Timeline`] shared by all threads, a [`Recorder`] per
//! thread, and the [`Span`]s they produce.
//!
//! Each recorder keeps its spans in a local buffer, so that recording never
//! waits for another thread (waiting would disturb the very interleaving the
//! timeline is meant to show). The buffer is handed to the timeline in one
//! go, under its lock, when the recorder is flushed or dropped.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

/// How many spans a recorder can hold before its buffer has to grow; enough
/// for most labs, so that recording does not allocate while it measures.
const BUFFER_SPANS: usize = 1024;

/// What a set of threads did over time: spans collected from their
/// recorders, measured from one common origin.
#[derive(Debug)]
pub struct Timeline {
    /// The instant all spans are measured from: when the timeline was made.
    origin: Instant,
    /// The threads' names, in the order their first recorder was made; this
    /// is the order of the rows when the timeline is drawn.
    threads: Mutex<Vec<String>>,
    /// Every span flushed so far, in the order the recorders flushed them.
    spans: Mutex<Vec<Span>>,
}

/// One stretch of time a thread spent in one state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Span {
    /// The name of the thread (its recorder), which is its row.
    pub thread: String,
    /// What the thread was doing: "waiting", "holding", "working"...
    pub state: &'static str,
    /// When the span began, from the timeline's origin.
    pub start: Duration,
    /// When the span ended, from the timeline's origin; never before `start`.
    pub end: Duration,
}

impl Span {
    /// How long the span lasted.
    pub fn duration(&self) -> Duration {
        self.end.saturating_sub(self.start)
    }
}

/// Takes a lock even if a thread panicked while holding it: the data behind
/// these locks is a list that is only ever pushed to, so it is still sound.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Timeline {
    /// An empty timeline whose origin is now. It comes in an [`Arc`] because
    /// every recorder holds on to it.
    pub fn new() -> Arc<Timeline> {
        Arc::new(Timeline {
            origin: Instant::now(),
            threads: Mutex::new(Vec::new()),
            spans: Mutex::new(Vec::new()),
        })
    }

    /// A recorder for the thread called `thread`, to be moved into it.
    ///
    /// Rows are ordered by when their first recorder was made; a second
    /// recorder with the same name adds to the same row.
    pub fn recorder(self: &Arc<Self>, thread: impl Into<String>) -> Recorder {
        let thread = thread.into();
        let mut threads = lock(&self.threads);
        if !threads.contains(&thread) {
            threads.push(thread.clone());
        }
        Recorder {
            timeline: Arc::clone(self),
            thread,
            buffer: Vec::with_capacity(BUFFER_SPANS),
            current: None,
        }
    }

    /// The instant all spans are measured from.
    pub fn origin(&self) -> Instant {
        self.origin
    }

    /// The threads' names, in row order (first recorder made, first row).
    pub fn threads(&self) -> Vec<String> {
        lock(&self.threads).clone()
    }

    /// Every span flushed so far, sorted by row, then by start.
    pub fn spans(&self) -> Vec<Span> {
        let rows: HashMap<String, usize> =
            self.threads().into_iter().enumerate().map(|(row, name)| (name, row)).collect();
        let mut spans = lock(&self.spans).clone();
        spans.sort_by_key(|span| (rows.get(&span.thread).copied(), span.start, span.end));
        spans
    }

    /// When the last flushed span ended: the time the whole run took, as far
    /// as the timeline knows. Zero when nothing was recorded.
    pub fn makespan(&self) -> Duration {
        let spans = lock(&self.spans);
        spans.iter().map(|span| span.end).max().unwrap_or_default()
    }
}

/// A span as a recorder buffers it: raw instants, converted at flush time
/// so that recording does no arithmetic and no allocation.
#[derive(Clone, Copy, Debug)]
struct RawSpan {
    /// The state's name.
    state: &'static str,
    /// When it began.
    start: Instant,
    /// When it ended.
    end: Instant,
}

/// Records one thread's states into a [`Timeline`]; made by
/// [`Timeline::recorder`] and moved into the thread.
///
/// A recorder is in at most one state at a time ([`Recorder::enter`],
/// [`Recorder::leave`], [`Recorder::span`]), so the spans it makes that way
/// never overlap. Dropping it closes the current state and flushes.
#[derive(Debug)]
pub struct Recorder {
    /// Where the spans go when flushed.
    timeline: Arc<Timeline>,
    /// The thread's name: its row in the timeline.
    thread: String,
    /// Spans recorded since the last flush.
    buffer: Vec<RawSpan>,
    /// The state the thread is in now, and since when; `None` when idle.
    current: Option<(&'static str, Instant)>,
}

impl Recorder {
    /// Runs `f` and records the time it took as `state`: the same as
    /// [`Recorder::enter`], `f()`, [`Recorder::leave`]. A state the thread
    /// was in before ends where the span begins, and the thread is idle
    /// after it (a state is never resumed behind the lab's back: after
    /// "waiting" then "holding" a lock, the thread is no longer waiting).
    pub fn span<T>(&mut self, state: &'static str, f: impl FnOnce() -> T) -> T {
        self.enter(state);
        let result = f();
        self.leave();
        result
    }

    /// Closes the current state (if any) now, and enters `state`.
    pub fn enter(&mut self, state: &'static str) {
        let now = Instant::now();
        self.close(now);
        self.current = Some((state, now));
    }

    /// Closes the current state now; the thread is idle until the next
    /// [`Recorder::enter`].
    pub fn leave(&mut self) {
        self.close(Instant::now());
    }

    /// Records a span measured elsewhere (say, the start and end of a job,
    /// timed by the job). It may overlap the recorder's other spans; an
    /// `end` before `start` is taken as a zero-length span.
    pub fn record(&mut self, state: &'static str, start: Instant, end: Instant) {
        let end = end.max(start);
        self.buffer.push(RawSpan { state, start, end });
    }

    /// Hands the spans recorded so far to the timeline. The current state, if
    /// any, stays open: it is flushed once it is closed.
    pub fn flush(&mut self) {
        if self.buffer.is_empty() {
            return;
        }
        let origin = self.timeline.origin;
        let spans = self.buffer.drain(..).map(|raw| Span {
            thread: self.thread.clone(),
            state: raw.state,
            start: raw.start.saturating_duration_since(origin),
            end: raw.end.saturating_duration_since(origin),
        });
        lock(&self.timeline.spans).extend(spans);
    }

    /// Ends the current state at `now`, if there is one.
    fn close(&mut self, now: Instant) {
        if let Some((state, start)) = self.current.take() {
            self.buffer.push(RawSpan { state, start, end: now });
        }
    }
}

impl Drop for Recorder {
    /// A recorder going away (at the end of its thread) closes its current
    /// state and flushes, so that no span is lost.
    fn drop(&mut self) {
        self.leave();
        self.flush();
    }
}
