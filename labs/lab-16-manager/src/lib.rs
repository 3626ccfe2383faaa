//! Chapter 16: a manager built by hand.
