//! Chapter 15: shared memory between processes.
//!
//! | module | what it holds |
//! | --- | --- |
//! | [`shared`] | `Shared<T>` and `SharedArray<T>`: the notebook's `Value` and `Array`, typed, in a shared mapping made before fork |
//! | [`futex`] | a futex without `FUTEX_PRIVATE_FLAG`, whose wait and wake meet across processes |
//! | [`lock`] | chapter 02's futex lock on that futex: a lock for processes |
//! | [`counter`] | lost updates across processes: plain load-then-store, an atomic add, a lock |
//! | [`square`] | the notebook's `square_list` |
//! | [`check`] | one worker's trial division, looking at an early-exit flag every N candidates (exercise `15-check`) |
//! | [`prime`] | the split of the candidates over workers (exercise `15-ranges`) |
//! | [`team`] | the prime check over forked processes or threads, with each flag policy |
//! | [`experiments`] | the lab's experiments |
//!
//! Under the model checkers (features `loom`, `shuttle`) only the lock and
//! its futex are built: they model threads, not processes.

pub mod futex;
pub mod lock;

#[cfg(not(any(feature = "loom", feature = "shuttle")))]
pub mod check;
#[cfg(not(any(feature = "loom", feature = "shuttle")))]
pub mod counter;
#[cfg(not(any(feature = "loom", feature = "shuttle")))]
pub mod experiments;
#[cfg(not(any(feature = "loom", feature = "shuttle")))]
pub mod prime;
#[cfg(not(any(feature = "loom", feature = "shuttle")))]
pub mod shared;
#[cfg(not(any(feature = "loom", feature = "shuttle")))]
pub mod square;
#[cfg(not(any(feature = "loom", feature = "shuttle")))]
pub mod team;
