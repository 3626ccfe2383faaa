//! The sync shim: one set of names for std, loom and shuttle.
//!
//! A primitive the book builds by hand (a spin lock, a futex lock, a
//! condition, a queue) imports its atomics, `Arc`, `Mutex`, `Condvar`,
//! `thread`, `thread_local!` and `hint` from here instead of from `std`. Normally these are
//! std's. With the kit's `loom` feature they are loom's, so a small test can
//! explore every interleaving and memory ordering of 2-3 threads; with the
//! `shuttle` feature they are shuttle's, so a larger test runs many random
//! schedules. [`model`] runs a test body under whichever checker is on.
//!
//! A lab forwards the features (`loom = ["labkit/loom"]`) and keeps its model
//! checks in test files compiled only with them, e.g.
//! `cargo test -p labkit --features loom --test loom_shim`. Enabling both
//! features picks loom.
//!
//! [`Futex`] adds the operating system's wait/wake on an atomic, with a model
//! of it under loom and shuttle (see [`futex`]).

pub mod futex;
pub use futex::Futex;

#[cfg(not(any(feature = "loom", feature = "shuttle")))]
pub use std::{
    hint,
    sync::{Arc, Condvar, Mutex, MutexGuard, atomic},
    thread, thread_local,
};

#[cfg(feature = "loom")]
pub use loom::{
    hint,
    sync::{Arc, Condvar, Mutex, MutexGuard, atomic},
    thread, thread_local,
};

#[cfg(all(feature = "shuttle", not(feature = "loom")))]
pub use shuttle::{
    hint,
    sync::{Arc, Condvar, Mutex, MutexGuard, atomic},
    thread, thread_local,
};

/// Which implementation the shim stands for in this build: "std", "loom" or "shuttle".
pub const BACKEND: &str = if cfg!(feature = "loom") {
    "loom"
} else if cfg!(feature = "shuttle") {
    "shuttle"
} else {
    "std"
};

/// How many random schedules [`model`] tries under shuttle.
pub const SHUTTLE_ITERATIONS: usize = 2_000;

/// The most preemptions loom explores in one execution, unless
/// `LOOM_MAX_PREEMPTIONS` says otherwise. loom's documentation notes that a
/// bound of 2 or 3 catches most bugs while cutting the executions explored
/// (<https://docs.rs/loom/latest/loom/#combinatorial-explosion-with-many-threads>);
/// it keeps three-thread models to seconds.
pub const LOOM_PREEMPTIONS: usize = 3;

/// Runs a test body under the model checker the build uses: every
/// interleaving with at most [`LOOM_PREEMPTIONS`] preemptions (loom), many
/// random schedules (shuttle), or once (std).
pub fn model<F>(body: F)
where
    F: Fn() + Send + Sync + 'static,
{
    #[cfg(feature = "loom")]
    {
        let mut builder = loom::model::Builder::new(); // reads LOOM_* from the environment
        if builder.preemption_bound.is_none() {
            builder.preemption_bound = Some(LOOM_PREEMPTIONS);
        }
        builder.check(body);
    }
    #[cfg(all(feature = "shuttle", not(feature = "loom")))]
    shuttle::check_random(body, SHUTTLE_ITERATIONS);
    #[cfg(not(any(feature = "loom", feature = "shuttle")))]
    body();
}

/// Runs `body` under shuttle's random schedules (up to `iterations`),
/// expecting one of them to fail, and returns the failure's message: the
/// panic of a failed assertion, or shuttle's report of a deadlock. This is
/// how a test shows a known bug (a broken variant kept for the chapter):
/// catching the failure, never `should_panic`, so the test can still fail
/// if the bug is not found or fails for another reason. The caller checks
/// the message.
///
/// # Panics
///
/// If every schedule passes: the bug was not found.
#[cfg(all(feature = "shuttle", not(feature = "loom")))]
pub fn shuttle_failure<F>(body: F, iterations: usize) -> String
where
    F: Fn() + Send + Sync + 'static,
{
    let found = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        shuttle::check_random(body, iterations);
    }));
    let panic = found.expect_err("shuttle should find a schedule that fails");
    crate::watchdog::panic_message(&*panic)
}
