//! loom: every interleaving (up to a bound on preemptions) of two or three
//! threads using the one-shot and the condition.
//!
//! `cargo test -p lab-04-condition --features loom --test loom_condition`
//!
//! loom reports a deadlock when every thread is blocked, so "the waiter
//! always wakes" is checked simply by the model finishing. To see that these
//! checks can fail, make `Condition::wait` register after unlocking (as
//! `mistakes::wait_registering_late` does): the first test then reports a
//! deadlock. Making `withdraw` always return `true` breaks the last one.
#![cfg(feature = "loom")]

use lab_02_lock::Mutex;

/// A flag behind chapter 02's futex mutex.
type Flag = Mutex<bool>;
use lab_04_condition::{Condition, OneShot};
use labkit::sync::{Arc, thread};

/// Explores with a bound on preemptions, which keeps three-thread cases
/// to seconds; the bugs these tests look for need one or two.
fn check(body: impl Fn() + Send + Sync + 'static) {
    let mut builder = loom::model::Builder::new();
    builder.preemption_bound = Some(3);
    builder.check(body);
}

#[test]
fn a_signal_given_before_or_during_the_wait_wakes_the_waiter() {
    check(|| {
        let shot = Arc::new(OneShot::new());
        let signaller = {
            let shot = Arc::clone(&shot);
            thread::spawn(move || shot.signal())
        };
        shot.wait();
        assert!(shot.is_signalled());
        signaller.join().unwrap();
    });
}

#[test]
fn a_notify_after_a_change_always_reaches_the_waiter() {
    check(|| {
        let state = Arc::new((Flag::new(false), Condition::new()));
        let notifier = {
            let state = Arc::clone(&state);
            thread::spawn(move || {
                let (ready, cond) = &*state;
                *ready.lock() = true;
                cond.notify_one();
            })
        };
        let (ready, cond) = &*state;
        let mut guard = ready.lock();
        while !*guard {
            cond.wait(&mut guard);
        }
        drop(guard);
        notifier.join().unwrap();
    });
}

#[test]
fn notify_all_wakes_both_waiters() {
    check(|| {
        let state = Arc::new((Flag::new(false), Condition::new()));
        let waiters: Vec<_> = (0..2)
            .map(|_| {
                let state = Arc::clone(&state);
                thread::spawn(move || {
                    let (ready, cond) = &*state;
                    let mut guard = ready.lock();
                    while !*guard {
                        cond.wait(&mut guard);
                    }
                })
            })
            .collect();
        let (ready, cond) = &*state;
        *ready.lock() = true;
        cond.notify_all();
        for w in waiters {
            w.join().unwrap();
        }
    });
}

#[test]
fn a_waiter_that_gives_up_and_a_notifier_agree_on_who_was_woken() {
    check(|| {
        let cond = Arc::new(Condition::new());
        let shot = cond.register();
        let notifier = {
            let cond = Arc::clone(&cond);
            thread::spawn(move || cond.notify_one())
        };
        // The waiter's time runs out now: it withdraws, racing the notify.
        let timed_out = cond.withdraw(&shot);
        let woke_someone = notifier.join().unwrap();
        assert_eq!(woke_someone, !timed_out, "a notify was counted but reached nobody");
        if !timed_out {
            shot.wait(); // the notifier's signal arrives
        }
        assert_eq!(cond.waiting(), 0);
    });
}
