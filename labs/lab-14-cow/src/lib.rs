//! Chapter 14: copy-on-write after `fork`, measured.
//!
//! A parent fills a cache and forks the notebook's five children; each does
//! something different with the cache it inherited, and the lab reads from
//! `/proc/<pid>/smaps_rollup` how much of it the kernel had to copy.
//!
//! | module | what it holds |
//! | --- | --- |
//! | [`budget`] | how big the cache may be, from `MemAvailable`; a request that would not fit is refused |
//! | [`cache`] | the cache: a private anonymous mapping of objects, with or without huge pages |
//! | [`refcount`] | an object with an inline reference count, read the way CPython reads |
//! | [`pattern`] | which pages "a fraction f of the pages" are (exercise `14-fraction`) |
//! | [`behaviour`] | what a child does: nothing, read, write a fraction, refcount-style read |
//! | [`family`] | fork the children, watch their memory, collect their timings, reap them |
//! | [`smaps`] | parse `smaps_rollup` (exercise `14-smaps`) |
//! | [`experiments`] | the lab's experiments, one module each |

pub mod behaviour;
pub mod budget;
pub mod cache;
pub mod experiments;
pub mod family;
pub mod pattern;
pub mod refcount;
pub mod smaps;
