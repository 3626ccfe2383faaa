//! Lab 08: a thread pool built by hand.
