//! Chapter 15: shared memory between processes.
//!
//! | module | what it holds |
//! | --- | --- |
//! | [`shared`] | `Shared<T>` and `SharedArray<T>`: the notebook's `Value` and `Array`, typed, in a shared mapping made before fork |
//! | [`futex`] | a futex without `FUTEX_PRIVATE_FLAG`, whose wait and wake meet across processes |
//! | [`lock`] | chapter 02's futex lock on that futex: a lock for processes |
//! | [`counter`] | lost updates across processes: plain load-then-store, an atomic add, a lock |
//! | [`square`] | the notebook's `square_list` |
//! | [`prime`] | trial division with an early-exit flag, split over workers (exercise `15-ranges`) |
//! | [`team`] | the prime check over forked processes or threads, with each flag policy |
//! | [`experiments`] | the lab's experiments |

pub mod counter;
pub mod experiments;
pub mod futex;
pub mod lock;
pub mod prime;
pub mod shared;
pub mod square;
pub mod team;
