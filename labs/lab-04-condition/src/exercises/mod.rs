//! The chapter's exercises, each a file a student gets with its marked
//! parts replaced by a starter (`cargo workbook exercise start 04-...`).
//! Each names this crate as `lab_04_condition`, as the student's copy,
//! which depends on it, must.
//!
//! - [`bounded`]: `04-bounded-buffer`, a bounded buffer with two conditions.
//! - [`barrier`]: `04-barrier`, a reusable barrier on one condition.

pub mod barrier;
pub mod bounded;
