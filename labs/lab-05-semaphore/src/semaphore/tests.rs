//! Unit tests of the chapter's semaphore on real threads: permits come
//! back, a released permit goes to a sleeper, timeouts, added permits.

use super::*;

#[test]
fn permits_come_back_when_dropped() {
    let s = Semaphore::new(2);
    let a = s.acquire();
    let b = s.try_acquire().expect("a second permit");
    assert!(s.try_acquire().is_none());
    assert_eq!(s.available(), 0);
    drop(a);
    assert_eq!(s.available(), 1);
    drop(b);
    assert_eq!(s.available(), 2);
}

#[test]
fn a_released_permit_goes_to_the_sleeper_not_back_to_the_releaser() {
    let s = &Semaphore::new(1);
    // The sleeper keeps its permit until told, so the permit is either
    // handed over or held: never back on the counter for try_acquire.
    let (done, wait_for_done) = std::sync::mpsc::channel::<()>();
    std::thread::scope(|scope| {
        let held = s.acquire();
        let sleeper = scope.spawn(move || {
            let _permit = s.acquire();
            wait_for_done.recv().unwrap();
        });
        while s.lock().waiting == 0 {
            std::thread::yield_now();
        }
        drop(held);
        assert!(s.try_acquire().is_none(), "the permit was handed to the sleeper");
        done.send(()).unwrap();
        sleeper.join().unwrap();
    });
    assert_eq!(s.available(), 1);
}

#[test]
fn a_thread_that_releases_cannot_jump_back_ahead_of_a_sleeper() {
    let s = Semaphore::new(1);
    let order = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        let held = s.acquire();
        scope.spawn(|| {
            let _permit = s.acquire();
            order.lock().unwrap().push("sleeper");
        });
        while s.lock().waiting == 0 {
            std::thread::yield_now();
        }
        drop(held);
        let _again = s.acquire(); // must queue behind the sleeper
        order.lock().unwrap().push("releaser");
    });
    assert_eq!(*order.lock().unwrap(), ["sleeper", "releaser"]);
}

#[test]
fn a_timeout_gives_up_when_nothing_is_free() {
    let s = Semaphore::new(1);
    let _held = s.acquire();
    let start = Instant::now();
    assert!(s.acquire_timeout(Duration::from_millis(20)).is_none());
    assert!(start.elapsed() >= Duration::from_millis(20));
    assert!(s.acquire_timeout(Duration::ZERO).is_none());
    assert_eq!(s.lock().waiting, 0, "a thread that gave up is not waiting");
}

#[test]
fn a_timeout_succeeds_when_a_permit_comes_back_in_time() {
    let s = Semaphore::new(1);
    std::thread::scope(|scope| {
        let held = s.acquire();
        scope.spawn(move || {
            std::thread::sleep(Duration::from_millis(10));
            drop(held);
        });
        assert!(s.acquire_timeout(Duration::from_secs(30)).is_some());
    });
}

#[test]
fn an_endless_timeout_waits_like_acquire() {
    let s = Semaphore::new(1);
    assert!(s.acquire_timeout(Duration::MAX).is_some());
}

#[test]
fn added_permits_wake_several_sleepers_and_the_rest_stay_free() {
    let s = Semaphore::new(0);
    std::thread::scope(|scope| {
        let waiters: Vec<_> = (0..3).map(|_| scope.spawn(|| s.acquire().forget())).collect();
        while s.lock().waiting < 3 {
            std::thread::yield_now();
        }
        s.add_permits(5);
        waiters.into_iter().for_each(|w| w.join().unwrap());
    });
    assert_eq!(s.available(), 2);
}
