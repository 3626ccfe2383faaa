//! The chapter's experiments.
