//! Every lock the lab measures, behind one small interface.
//!
//! The chapter's own locks share `Mutex<T, L>`; std's and parking_lot's
//! mutexes have their own types. [`Contender`] is what the experiments need
//! from any of them: make one around a `u64`, run a closure on the value
//! while holding the lock. [`each_lock`] calls a [`Visit`] once per lock
//! type, in the order tables and figures list them, so an experiment is
//! written once, generically, and run for all.

use crate::futex_lock::FutexLock;
use crate::futex_spin::SpinningFutexLock;
use crate::mutex::Mutex;
use crate::raw::RawLock;
use crate::spin::{CasSpinLock, SpinLock};

/// A lock around a `u64`, as the experiments use it.
pub trait Contender: Send + Sync + 'static {
    /// The name in tables and figures.
    const NAME: &'static str;

    /// A free lock around `value`.
    fn new(value: u64) -> Self;

    /// Runs `f` on the value while holding the lock.
    fn with<R>(&self, f: impl FnOnce(&mut u64) -> R) -> R;

    /// One lock, increment, unlock: the unit every experiment counts.
    #[inline]
    fn increment(&self) {
        self.with(|v| *v += 1);
    }
}

impl<L: RawLock + 'static> Contender for Mutex<u64, L> {
    const NAME: &'static str = L::NAME;

    fn new(value: u64) -> Self {
        Mutex::new(value)
    }

    #[inline]
    fn with<R>(&self, f: impl FnOnce(&mut u64) -> R) -> R {
        f(&mut self.lock())
    }
}

impl Contender for std::sync::Mutex<u64> {
    const NAME: &'static str = "std Mutex";

    fn new(value: u64) -> Self {
        std::sync::Mutex::new(value)
    }

    #[inline]
    fn with<R>(&self, f: impl FnOnce(&mut u64) -> R) -> R {
        // No closure here panics while holding it, so it is never poisoned.
        f(&mut self.lock().expect("the counter's lock is never poisoned"))
    }
}

impl Contender for parking_lot::Mutex<u64> {
    const NAME: &'static str = "parking_lot Mutex";

    fn new(value: u64) -> Self {
        parking_lot::Mutex::new(value)
    }

    #[inline]
    fn with<R>(&self, f: impl FnOnce(&mut u64) -> R) -> R {
        f(&mut self.lock())
    }
}

/// Something done once per lock type (a generic closure, which Rust
/// spells as a trait with a generic method).
pub trait Visit {
    /// Called with each lock type in turn.
    fn visit<C: Contender>(&mut self);
}

/// Calls `visitor` with every lock the lab measures: the chapter's own, in
/// the order they are built, then std's and parking_lot's.
pub fn each_lock(visitor: &mut impl Visit) {
    visitor.visit::<Mutex<u64, CasSpinLock>>();
    visitor.visit::<Mutex<u64, SpinLock>>();
    visitor.visit::<Mutex<u64, FutexLock>>();
    visitor.visit::<Mutex<u64, SpinningFutexLock>>();
    #[cfg(target_os = "linux")]
    visitor.visit::<Mutex<u64, crate::sem_lock::SemaphoreLock>>();
    visitor.visit::<std::sync::Mutex<u64>>();
    visitor.visit::<parking_lot::Mutex<u64>>();
}

/// The name std's mutex goes by, which the ratios are taken against.
pub const STD: &str = <std::sync::Mutex<u64> as Contender>::NAME;
/// The name of the chapter's minimal futex lock.
pub const FUTEX: &str = FutexLock::NAME;

#[cfg(all(test, not(any(feature = "loom", feature = "shuttle"))))]
mod tests {
    use super::*;

    struct Names(Vec<&'static str>);

    impl Visit for Names {
        fn visit<C: Contender>(&mut self) {
            let lock = C::new(1);
            lock.increment();
            assert_eq!(lock.with(|v| *v), 2, "{}", C::NAME);
            self.0.push(C::NAME);
        }
    }

    #[test]
    fn every_lock_increments_and_names_are_unique() {
        let mut names = Names(Vec::new());
        each_lock(&mut names);
        assert!(names.0.contains(&STD) && names.0.contains(&FUTEX), "{:?}", names.0);
        let mut unique = names.0.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), names.0.len(), "{:?}", names.0);
    }
}
