//! Tests of recording (real threads, checked for order and nesting) and of
//! drawing (the SVG names every thread, state and panel).

use std::path::Path;
use std::thread;
use std::time::{Duration, Instant};

use anyhow::Result;

use super::{Recorder, Span, TimeUnit, Timeline, TimelineChart};
use crate::plot::Figure;

/// Spans of `thread`, in start order.
fn spans_of(timeline: &Timeline, thread: &str) -> Vec<Span> {
    timeline.spans().into_iter().filter(|s| s.thread == thread).collect()
}

/// Busy work that takes a little while without sleeping.
fn spin(iterations: u64) -> u64 {
    (0..iterations).fold(0, |acc, i| std::hint::black_box(acc ^ i.wrapping_mul(31)))
}

/// Three workers taking turns at a mutex, recorded the way chapter 02 does.
fn lock_timeline() -> std::sync::Arc<Timeline> {
    let timeline = Timeline::new();
    let lock = std::sync::Mutex::new(0u64);
    thread::scope(|s| {
        for i in 0..3 {
            let mut rec = timeline.recorder(format!("worker {i}"));
            let lock = &lock;
            s.spawn(move || {
                for _ in 0..20 {
                    rec.enter("waiting");
                    let mut guard = lock.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                    rec.span("holding", || *guard += spin(2_000));
                    drop(guard);
                    rec.enter("working");
                    spin(5_000);
                    rec.leave();
                }
            });
        }
    });
    timeline
}

#[test]
fn a_recorder_can_be_moved_into_a_thread() {
    fn assert_send<T: Send>() {}
    assert_send::<Recorder>();
}

#[test]
fn rows_follow_the_order_their_recorders_were_made() {
    let timeline = Timeline::new();
    let mut late = timeline.recorder("b, made first");
    let mut early = timeline.recorder("a, made second");
    early.span("working", || spin(100));
    late.span("working", || spin(100));
    drop((early, late));
    assert_eq!(timeline.threads(), ["b, made first", "a, made second"]);
    let rows: Vec<String> = timeline.spans().into_iter().map(|s| s.thread).collect();
    assert_eq!(rows, ["b, made first", "a, made second"]);
}

#[test]
fn spans_from_real_threads_are_flushed_sorted_and_never_overlap_within_a_row() {
    let timeline = lock_timeline();
    let spans = timeline.spans();
    // Each of 20 rounds of 3 workers: waiting, holding, working.
    assert_eq!(spans.len(), 3 * 20 * 3);
    for thread in timeline.threads() {
        let row = spans_of(&timeline, &thread);
        assert!(row.iter().all(|s| s.end >= s.start));
        for pair in row.windows(2) {
            assert!(pair[0].end <= pair[1].start, "{:?} overlaps {:?}", pair[0], pair[1]);
        }
    }
    assert_eq!(timeline.makespan(), spans.iter().map(|s| s.end).max().unwrap_or_default());
}

#[test]
fn a_span_closes_the_current_state_and_leaves_the_thread_idle() {
    let timeline = Timeline::new();
    let mut rec = timeline.recorder("main");
    rec.enter("waiting");
    let answer = rec.span("holding", || 42);
    assert_eq!(answer, 42);
    spin(1_000);
    rec.leave();
    drop(rec);
    let spans = timeline.spans();
    let states: Vec<&str> = spans.iter().map(|s| s.state).collect();
    assert_eq!(states, ["waiting", "holding"]);
    assert_eq!(spans[0].end, spans[1].start);
}

#[test]
fn flush_hands_over_closed_spans_and_drop_closes_the_open_one() {
    let timeline = Timeline::new();
    let mut rec = timeline.recorder("main");
    rec.enter("waiting");
    rec.flush();
    assert!(timeline.spans().is_empty(), "an open state is not flushed");
    rec.enter("working");
    rec.flush();
    assert_eq!(timeline.spans().len(), 1);
    drop(rec);
    let states: Vec<&str> = timeline.spans().iter().map(|s| s.state).collect();
    assert_eq!(states, ["waiting", "working"]);
}

#[test]
fn spans_measured_elsewhere_are_recorded_as_given() {
    let timeline = Timeline::new();
    let start = Instant::now();
    let end = start + Duration::from_millis(3);
    let mut rec = timeline.recorder("job");
    rec.record("task 1", start, end);
    rec.record("backwards", end, start);
    drop(rec);
    let spans = timeline.spans();
    assert_eq!(spans[0].duration(), Duration::from_millis(3));
    assert_eq!(spans[1].duration(), Duration::ZERO);
    assert!(timeline.makespan() >= Duration::from_millis(3));
}

/// Renders `chart` into a temporary directory and returns the SVG text.
fn render_to_string(chart: &TimelineChart) -> Result<String> {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("timeline.svg");
    chart.render(&path, "lab-02-lock · test machine · 2 cores")?;
    assert!(Path::new(&path).is_file());
    Ok(std::fs::read_to_string(&path)?)
}

#[test]
fn the_chart_names_every_panel_thread_and_state() -> Result<()> {
    let chart = TimelineChart::new("Three workers, one lock")
        .panel("std::sync::Mutex", &lock_timeline())
        .panel("again", &lock_timeline())
        .state_colour("waiting", (200, 200, 200));
    let svg = render_to_string(&chart)?;
    for text in [
        "Three workers, one lock",
        "std::sync::Mutex",
        "again",
        "worker 0",
        "worker 2",
        "waiting",
        "holding",
        "working",
        "makespan",
        "lab-02-lock",
    ] {
        assert!(svg.contains(text), "the SVG lacks {text:?}");
    }
    assert!(svg.contains("#C8C8C8"), "the chosen colour of \"waiting\" is not used");
    assert!(svg.contains("time (µs)") || svg.contains("time (ms)") || svg.contains("time (s)"));
    Ok(())
}

#[test]
fn the_time_unit_can_be_chosen() -> Result<()> {
    let timeline = Timeline::new();
    let mut rec = timeline.recorder("main");
    rec.record("working", timeline.origin(), timeline.origin() + Duration::from_millis(30));
    drop(rec);
    let chart = TimelineChart::new("t").panel("", &timeline);
    assert!(render_to_string(&chart)?.contains("time (ms)"));
    let chart = chart.time_unit(TimeUnit::Micros);
    let svg = render_to_string(&chart)?;
    assert!(svg.contains("time (µs)") && svg.contains("makespan 30000 µs"), "{svg}");
    Ok(())
}

#[test]
fn charts_without_panels_or_spans_are_refused_with_a_reason() {
    let err = render_to_string(&TimelineChart::new("empty")).unwrap_err();
    assert!(err.to_string().contains("no panels"), "{err}");

    let timeline = Timeline::new();
    let _still_running = timeline.recorder("worker");
    let chart = TimelineChart::new("t").panel("too early", &timeline);
    let err = render_to_string(&chart).unwrap_err().to_string();
    assert!(err.contains("\"too early\"") && err.contains("no spans"), "{err}");
}
