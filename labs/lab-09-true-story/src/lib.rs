//! Lab 09: the notebook's profile refresher, rebuilt as a real program
//! against real parts: a seeded corpus of profile snapshots in a temporary
//! folder, chapter 01's local HTTP server standing in for the profile
//! service (with a share of failing and slow requests), and three versions
//! of the refresher, each a small module.
//!
//! | module | what it holds |
//! | --- | --- |
//! | [`corpus`] | the profiles, written as snapshot files and read back |
//! | [`service`] | the local service: which request fails, which is slow, and one refresh |
//! | [`tally`] | [`Tally`]: what a run did with every profile, adding up to the corpus |
//! | [`refresh`] | the three versions: sequential, pool, bounded queue |
//! | [`timeout_exit`] | workers that quit on an empty queue, and the fix |
//! | [`experiments`] | the chapter's measurements, one module each |
//! | [`nested`] | a task waiting on its own pool: the deadlock, rayon's join, the fix |

// The exercise modules name this crate by its name, as a student's copy does.
extern crate self as lab_09_true_story;

pub mod corpus;
pub mod experiments;
pub mod nested;
pub mod refresh;
pub mod service;
pub mod tally;
pub mod timeout_exit;

pub use tally::Tally;
