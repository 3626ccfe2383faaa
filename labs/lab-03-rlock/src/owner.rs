//! Who is asking: a number for each thread, never 0 and never reused.
//!
//! A reentrant lock must tell "the thread that holds me asks again" from
//! "another thread asks". It stores its holder's number and compares it with
//! the caller's. The number comes from a global counter the first time a
//! thread asks for it, and is kept in a thread-local after that.
//!
//! Why a counter and not the address of a thread-local (what
//! `parking_lot` uses, and std's own reentrant lock used until 2024): an
//! address is unique among the threads alive *now*, and a new thread may
//! get the address of one that has ended. If a thread ends while holding a
//! lock (its guard leaked with `mem::forget`), a newcomer with the same
//! address would walk in as if it were the owner. Python's
//! `threading.get_ident()` has the same caveat in its documentation:
//! identifiers may be recycled. A 64-bit counter does not run out.

use std::cell::Cell;
// The counter is std's even under loom and shuttle on purpose: handing out
// ids is not part of what the model checkers check, and a static of their
// atomic types is not allowed.
use std::sync::atomic::{AtomicU64, Ordering};

/// The id that means "no thread": an unowned lock stores it.
pub const NOBODY: u64 = 0;

// ANCHOR: current
/// The id the next thread that asks will get. Starts at 1: 0 is [`NOBODY`].
static NEXT: AtomicU64 = AtomicU64::new(1);

// This thread's id, or NOBODY until it first asks. With std, a `const`
// initial value makes the thread-local a plain memory read (no "is it
// initialised yet?" check); loom's and shuttle's thread-locals, which
// give each modelled thread its own, take only the plain form.
#[cfg(not(any(feature = "loom", feature = "shuttle")))]
std::thread_local! {
    static ID: Cell<u64> = const { Cell::new(NOBODY) };
}
#[cfg(any(feature = "loom", feature = "shuttle"))]
labkit::sync::thread_local! {
    static ID: Cell<u64> = Cell::new(NOBODY);
}

/// The calling thread's id: the same number every time in one thread,
/// different in every thread the process ever runs, never [`NOBODY`].
#[inline]
pub fn current() -> u64 {
    ID.with(|id| match id.get() {
        NOBODY => first_time(id),
        known => known,
    })
}

/// Draws this thread's id from the counter, once per thread.
#[cold]
fn first_time(id: &Cell<u64>) -> u64 {
    let fresh = NEXT.fetch_add(1, Ordering::Relaxed);
    id.set(fresh);
    fresh
}
// ANCHOR_END: current

#[cfg(all(test, not(any(feature = "loom", feature = "shuttle"))))]
mod tests {
    use super::*;

    #[test]
    fn one_thread_keeps_its_id_and_it_is_never_nobody() {
        let me = current();
        assert_ne!(me, NOBODY);
        assert_eq!(current(), me);
    }

    #[test]
    fn threads_get_different_ids_even_after_others_ended() {
        let mut seen = vec![current()];
        for _ in 0..20 {
            // One at a time: each thread ends before the next starts, so an
            // address-based id could repeat here; the counter does not.
            seen.push(std::thread::spawn(current).join().unwrap());
        }
        let count = seen.len();
        seen.sort_unstable();
        seen.dedup();
        assert_eq!(seen.len(), count, "an id was handed out twice");
    }
}
