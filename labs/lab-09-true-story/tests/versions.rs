//! The three versions against the local service with injected faults:
//! every profile is counted once (refreshed + skipped + failed + timed out
//! = the corpus), every version agrees, and a worker that panics ends the
//! queue version with a clear error instead of a hang.

use lab_09_true_story::Tally;
use lab_09_true_story::corpus::Corpus;
use lab_09_true_story::refresh::queue::Options;
use lab_09_true_story::refresh::{pool, queue, sequential};
use lab_09_true_story::service::{Faults, Service};
use labkit::testing::wait::finishes_within;
use std::sync::Arc;
use std::time::Duration;

const LIMIT: Duration = Duration::from_secs(120);

fn faults() -> Faults {
    Faults {
        latency: Duration::from_millis(1),
        fail_every: 7,
        slow_every: 11,
        timeout: Duration::from_millis(100),
        rate_limit: None,
    }
}

/// What the corpus should give, counted by hand from the same rules.
fn expected(corpus: &Corpus, f: Faults) -> Tally {
    let mut t = Tally::default();
    for p in corpus.profiles().map(Result::unwrap) {
        if !p.needs_refresh() {
            t.skipped += 1;
        } else if p.id.is_multiple_of(f.fail_every) {
            t.failed += 1;
        } else if p.id.is_multiple_of(f.slow_every) {
            t.timed_out += 1;
        } else {
            t.refreshed += 1;
        }
    }
    t
}

/// `got` counts every profile once, as `want` does. The error statuses and
/// the skips are exact; a request meant to succeed may still time out on a
/// loaded machine (the limit is short to keep the test fast), so only the
/// sum of refreshed and timed out is exact, and no slow request succeeds.
#[track_caller]
fn agrees(got: Tally, want: Tally, version: &str) {
    assert_eq!(got.total(), want.total(), "{version}: every profile counted once: {got:?}");
    assert_eq!((got.failed, got.skipped), (want.failed, want.skipped), "{version}: {got:?}");
    assert_eq!(got.refreshed + got.timed_out, want.refreshed + want.timed_out, "{version}");
    assert!(got.timed_out >= want.timed_out, "{version}: a slow request succeeded: {got:?}");
}

#[test]
fn every_version_counts_every_profile_once_with_faults() {
    finishes_within(LIMIT, "three versions", || {
        let corpus = Corpus::write(300, 3, 42).unwrap();
        let service = Arc::new(Service::start(faults()).unwrap());
        let want = expected(&corpus, faults());
        assert!(
            want.failed > 0 && want.timed_out > 0 && want.refreshed > 0 && want.skipped > 0,
            "{want:?}"
        );
        assert_eq!(want.total(), 300);
        let seq = sequential::run(&corpus, &service, Duration::ZERO).unwrap();
        agrees(seq, want, "sequential");
        let s = Arc::clone(&service);
        let pooled = pool::run(&corpus, Arc::new(move |p| s.refresh(p)), 8, 16).unwrap().tally;
        agrees(pooled, want, "pool");
        // Version 3 on a service of its own, to count its clients.
        let service = Arc::new(Service::start(faults()).unwrap());
        let s = Arc::clone(&service);
        let queued = queue::run(
            &corpus,
            Arc::new(move |p| s.refresh(p)),
            Options { bound: Some(2), ..Options::new(8, 16) },
        )
        .unwrap()
        .tally;
        agrees(queued, want, "queue");
        let clients = service.clients_opened();
        assert!(
            (1..=8).contains(&clients),
            "one client per worker that asked, at most one per worker: {clients}"
        );
    });
}

#[test]
fn a_worker_that_panics_ends_the_queue_version_with_an_error_not_a_hang() {
    finishes_within(LIMIT, "a dying worker", || {
        let corpus = Corpus::write(2000, 2, 1).unwrap();
        let refresh = Arc::new(|p: &lab_09_true_story::corpus::Profile| {
            if p.id == 10 {
                panic!("profile 10 is corrupt");
            }
            std::thread::sleep(Duration::from_micros(200));
            Tally { skipped: 1, ..Tally::default() }
        });
        let stopped =
            queue::run(&corpus, refresh, Options { bound: Some(2), ..Options::new(1, 10) })
                .unwrap_err();
        let err = stopped.to_string();
        assert!(err.contains("died") || err.contains("panicked"), "{err}");
        // Every profile is accounted for: handled, read but never handled,
        // or never read.
        assert_eq!(
            stopped.tally.total() + stopped.unfinished + stopped.unread,
            corpus.len(),
            "{stopped:?}"
        );
        // The first chunk is ids 0, 2, ..., 18 (the first snapshot holds
        // the even ids): the lone worker handled 0 to 8, then died on 10.
        // Its counts up to its death are kept, not lost with it.
        assert_eq!(stopped.tally, Tally { skipped: 5, ..Tally::default() }, "{stopped:?}");
        assert!(stopped.unfinished >= 5, "the rest of its chunk was never handled: {stopped:?}");
        assert!(err.contains(&format!("of {} profiles", corpus.len())), "{err}");
    });
}

#[test]
fn a_task_that_panics_in_the_pool_version_is_counted_as_failed_not_lost() {
    finishes_within(LIMIT, "a panicking task in the pool", || {
        let corpus = Corpus::write(200, 2, 3).unwrap();
        let refresh = Arc::new(|p: &lab_09_true_story::corpus::Profile| {
            if p.id.is_multiple_of(50) {
                panic!("profile {} is corrupt", p.id);
            }
            Tally { skipped: 1, ..Tally::default() }
        });
        let t = pool::run(&corpus, refresh, 4, 8).unwrap().tally;
        assert_eq!((t.skipped, t.failed, t.total()), (196, 4, 200));
    });
}

#[test]
fn workers_that_quit_on_an_empty_queue_leave_items_and_sentinels_do_not() {
    use lab_09_true_story::timeout_exit::{Ending, run};
    finishes_within(LIMIT, "timeout-exit workers", || {
        let pause = Duration::from_millis(200);
        let (done, left) = run(Ending::EmptyForTimeout(Duration::from_millis(20)), 3, 400, pause);
        assert!(left > 0, "a pause longer than the timeout makes every worker quit early");
        assert_eq!(done + left, 400);
        assert_eq!(run(Ending::Sentinel, 3, 400, pause), (400, 0));
    });
}

#[test]
fn a_task_waiting_on_its_own_pool_deadlocks_and_the_fixes_finish() {
    use lab_09_true_story::nested;
    use labkit::watchdog::Outcome;
    let outcome = nested::own_pool(2, 2, Duration::from_millis(500));
    match outcome {
        Outcome::TimedOut(report) => {
            assert!(report.entries.iter().all(|e| e.doing.starts_with("waiting")), "{report:?}")
        }
        other => panic!("expected a deadlock, got {other:?}"),
    }
    // Both fixes, with every worker holding an outer task that waits on
    // inner work: they finish in time, with every inner result.
    let rayon = nested::rayon_join(2, LIMIT).unwrap().into_result("rayon's join").unwrap();
    assert_eq!(rayon.sum, nested::expected_sum(2), "{rayon:?}");
    assert_eq!(rayon.placements.len(), 2, "{rayon:?}");
    let mut outer: Vec<usize> = rayon.placements.iter().map(|p| p.outer).collect();
    outer.sort_unstable();
    assert_eq!(outer, [0, 1], "every rayon thread held an outer task: {rayon:?}");
    assert!(rayon.placements.iter().all(|p| p.inner < 2), "inner jobs ran on the pool: {rayon:?}");
    let separate = nested::separate_pools(2, LIMIT).into_result("a second pool").unwrap();
    assert_eq!(separate, nested::expected_sum(2));
}

#[test]
fn requests_refused_by_a_rate_limit_are_counted_never_lost() {
    use lab_01_threads::server::RateLimit;
    // One request per 1000 s after a burst of 3: the rest are refused,
    // however fast or slow this machine is.
    let limit = RateLimit { per_second: 0.001, burst: 3 };
    let f = Faults { rate_limit: Some(limit), fail_every: 0, slow_every: 0, ..faults() };
    let corpus = Corpus::write(60, 2, 5).unwrap();
    let service = std::sync::Arc::new(Service::start(f).unwrap());
    let refresh: std::sync::Arc<lab_09_true_story::refresh::Refresh> = {
        let service = std::sync::Arc::clone(&service);
        std::sync::Arc::new(move |p| service.refresh(p))
    };
    let run = lab_09_true_story::refresh::pool::run(&corpus, refresh, 4, 5).unwrap();
    let t = run.tally;
    assert_eq!(t.total(), corpus.len(), "{t:?}");
    assert_eq!(t.refreshed, 3, "only the burst gets through: {t:?}");
    assert_eq!(t.rate_limited, t.requested() - 3, "{t:?}");
}
