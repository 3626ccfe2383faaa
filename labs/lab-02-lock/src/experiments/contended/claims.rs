//! The comparisons chapter 02 states about the contended runs, as claims
//! decided from this run's windows: the spin in front of the futex, the
//! 2× target against std's `Mutex`, and the spin lock past the cores.

use super::{Point, TARGET};
use crate::contenders::{FUTEX, STD};
use crate::futex_spin::SpinningFutexLock;
use crate::raw::RawLock;
use crate::spin::SpinLock;
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
