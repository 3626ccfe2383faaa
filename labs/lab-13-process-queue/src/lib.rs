//! Lab 13: a queue between processes.
