//! The comparisons chapter 02 states about the contended runs, as claims
//! decided from this run's windows: the spin in front of the futex, the
//! 2× target against std's `Mutex`, the spin locks with a core per thread
//! and past the cores, and test-and-test-and-set against plain CAS.

use super::{Point, TARGET};
use crate::contenders::{FUTEX, STD};
use crate::futex_spin::SpinningFutexLock;
use crate::raw::RawLock;
use crate::spin::{CasSpinLock, SpinLock};
use labkit::LabContext;
use labkit::claim::{Claim, Quantity};

/// The time per increment of `lock` with `n` threads, in ns, as a claim's quantity.
fn per_increment(points: &[Point], lock: &str, n: usize) -> Quantity {
    let p = points.iter().find(|p| p.lock == lock && p.threads == n).expect("measured");
    // Millions per second -> nanoseconds per increment.
    Quantity::new(
        format!("{lock}, {n} threads"),
        p.mops.map(|m| 1e3 / m),
        crate::experiments::uncontended::ns,
    )
}

/// The comparisons the chapter states about the contended runs.
pub(super) fn record(ctx: &mut LabContext, points: &[Point], threads: &[usize]) {
    let contended: Vec<usize> = threads.iter().copied().filter(|&n| n >= 2).collect();
    let (Some(&two), Some(&most)) = (contended.first(), contended.last()) else {
        println!("(no thread count of 2 or more: the contended claims need one)\n");
        return;
    };
    let q = |lock: &str, n: usize| per_increment(points, lock, n);
    let spin = SpinningFutexLock::NAME;
    let spinners = [CasSpinLock::NAME, SpinLock::NAME];
    let mut sleepers: Vec<&str> = points.iter().map(|p| p.lock).collect();
    sleepers.dedup();
    sleepers.retain(|l| !spinners.contains(l));
    let sleeping_at_two: Vec<Quantity> = sleepers.iter().map(|l| q(l, two)).collect();
    ctx.claim(
        "spin-fastest-at-two",
        Claim::all(
            format!("with {two} threads both spin locks take less time per increment than every lock that sleeps"),
            spinners
                .iter()
                .map(|l| Claim::smallest(*l, &q(l, two), &sleeping_at_two))
                .collect(),
        )
        .if_not("a spinning waiter keeps asking for the lock's cache line, so every hand-over moves the line between the cores, and the holder's own unlock has to win it back; a lock whose waiters sleep leaves the running thread alone with the line, and it can take the lock many times in a row at its uncontended cost; and with two cores shared by the lab's other threads and the rest of the machine, a spinner is not always on a core when the lock comes free"),
    );
    ctx.claim(
        "ttas-beats-cas",
        Claim::all(
            "the test-and-test-and-set spin lock takes less time per increment than the CAS spin lock at every contended thread count",
            contended
                .iter()
                .map(|&n| {
                    Claim::less(
                        format!("{n} threads"),
                        &q(SpinLock::NAME, n),
                        &q(CasSpinLock::NAME, n),
                    )
                })
                .collect(),
        )
        .if_not("with one or two waiters the traffic that test-and-test-and-set saves is small, and it adds a step to every hand-over: the waiter first re-reads the freed word (one transfer of the cache line, shared) and then swaps it (a second transfer, exclusive), where a CAS spinner takes the line once and swaps at once; the saving grows with the number of spinning cores, which a 2-core machine does not have"),
    );
    ctx.claim(
        "spin-helps-futex",
        Claim::less(
            format!("the spinning futex lock takes less time per increment than the minimal futex lock with {two} threads"),
            &q(spin, two),
            &q(FUTEX, two),
        ),
    );
    ctx.claim(
        "contended-target",
        Claim::all(
            "the minimal futex lock's time per increment stays within 2× of std's `Mutex` at every contended thread count",
            contended
                .iter()
                .map(|&n| {
                    Claim::ratio_at_most(format!("{n} threads"), &q(FUTEX, n), &q(STD, n), TARGET)
                })
                .collect(),
        ),
    );
    ctx.claim(
        "spin-slows-past-two",
        Claim::greater(
            format!("the spin lock takes more time per increment with {most} threads than with {two}"),
            &q(SpinLock::NAME, most),
            &q(SpinLock::NAME, two),
        )
        .if_not(format!("on a machine with {most} cores or more, each of the {most} threads has a core of its own, and no holder is descheduled while others spin")),
    );
    ctx.claim(
        "futex-beats-spin-at-most",
        Claim::less(
            format!("with {most} threads the futex lock takes less time per increment than the spin lock"),
            &q(FUTEX, most),
            &q(SpinLock::NAME, most),
        )
        .if_not("while every spinner has a core, spinning hands the lock over without a system call, and the futex lock's sleeping waiters pay for theirs"),
    );
}
