//! The hang, found by the deadline: a child forked while another thread
//! holds the sink's lock is diagnosed as stuck for ever, killed and reaped;
//! the same fork without the holder finishes; and each fix leaves no child
//! stuck where plain forks do.

use lab_02_lock::RawLock;
use lab_11_fork_deadlock::batch::{self, Plan, judge, waits_for_ever};
use lab_11_fork_deadlock::logger::Duty;
use lab_11_fork_deadlock::sink::{Sink, count_lines};
use lab_11_fork_deadlock::start::{Env, Start, start_one};
use labkit::process::{TempDir, children_of_self};
use rand::SeedableRng;
use rand::rngs::StdRng;
use std::path::Path;
use std::sync::Arc;
use std::sync::mpsc;
use std::time::{Duration, Instant};

const PROGRAM: &str = env!("CARGO_BIN_EXE_lab-11-fork-deadlock");

/// Forks `n` children that log once while a thread holds the sink's lock
/// (if `held`), and judges them with a 200 ms deadline.
fn fork_while(held: bool, n: u32) -> (batch::Batch, usize) {
    let dir = TempDir::new("lab-11-test").unwrap();
    let log = dir.path().join("test.log");
    let sink = Arc::new(Sink::create(&log).unwrap());
    let (taken, release) = (mpsc::channel(), mpsc::channel::<()>());
    let holder = held.then(|| {
        let sink = Arc::clone(&sink);
        let (taken, release) = (taken.0, release.1);
        std::thread::spawn(move || {
            sink.lock().lock();
            taken.send(()).unwrap();
            let _ = release.recv();
            // Safety: taken at the top of this thread.
            unsafe { sink.lock().unlock() };
        })
    });
    if held {
        taken.1.recv().unwrap();
    }
    let env = Env {
        program: Path::new(PROGRAM),
        log: &log,
        sink: &sink,
        duty: Duty { held: 0.0, period: Duration::from_millis(1) },
    };
    let children = (0..n).map(|who| start_one(Start::Fork, who, &env).unwrap()).collect();
    let judged =
        judge(children, Instant::now() + Duration::from_millis(200), Duration::from_secs(2))
            .unwrap();
    drop(release.0);
    if let Some(holder) = holder {
        holder.join().unwrap();
    }
    (judged, count_lines(&log, "child ").unwrap())
}

/// The counts of a batch, and the first stuck child.
fn summary(b: &batch::Batch) -> String {
    format!(
        "{} forks: {} finished, {} failed, {} stuck (first: {:?}), {} late, {} logged",
        b.forks,
        b.finished,
        b.failed,
        b.hung.len(),
        b.hung.first().map(ToString::to_string),
        b.late.len(),
        b.logged
    )
}

#[test]
fn a_child_forked_while_another_thread_holds_the_lock_is_found_stuck_and_ended() {
    let (batch, logged) = fork_while(true, 3);
    assert_eq!(batch.hung.len(), 3, "every child should be stuck: {}", summary(&batch));
    for d in &batch.hung {
        assert_eq!((d.state, d.threads), ('S', 1), "a stuck child sleeps, alone: {d}");
        if !d.wchan.is_empty() && d.wchan != "0" {
            assert!(waits_for_ever(d), "asleep on a futex: {d}");
        }
    }
    assert_eq!(logged, 0, "a stuck child wrote a line");
    let left: Vec<_> = children_of_self()
        .into_iter()
        .filter(|c| batch.hung.iter().any(|h| h.pid == c.pid))
        .collect();
    assert!(left.is_empty(), "stuck children left behind: {left:?}");
}

#[test]
fn the_same_fork_without_a_holder_finishes_and_logs() {
    let (batch, logged) = fork_while(false, 3);
    let counts = (batch.finished, batch.hung.len(), batch.late.len());
    assert_eq!(counts, (3, 0, 0), "{}", summary(&batch));
    assert_eq!(logged, 3);
}

/// Plain forks against a thread that holds the lock 90 % of the time leave
/// children stuck; every fix leaves none. 30 forks each: with plain forks,
/// none stuck would take a run of 30 lucky moments.
#[test]
fn plain_forks_hang_and_every_fix_does_not() {
    let dir = TempDir::new("lab-11-test-fixes").unwrap();
    let plan = Plan {
        forks: 30,
        duty: Duty { held: 0.9, period: Duration::from_micros(500) },
        deadline: Duration::from_millis(200),
    };
    let mut rng = StdRng::seed_from_u64(11);
    for start in Start::ALL {
        let b = batch::run(start, &plan, Path::new(PROGRAM), dir.path(), &mut rng).unwrap();
        if start == Start::Fork {
            assert!(!b.hung.is_empty(), "plain forks at 90 %: none stuck ({})", summary(&b));
            assert_eq!(b.logged, b.finished, "each finished child logged once");
        } else {
            assert_eq!(
                (b.hung.len(), b.failed, b.finished),
                (0, 0, 30),
                "{}: {b:?}",
                start.label()
            );
            let expected = if start == Start::MallocOnly { 0 } else { 30 };
            assert_eq!(b.logged, expected, "{}: lines in the log", start.label());
        }
    }
}
