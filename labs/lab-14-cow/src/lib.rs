//! Chapter 14: copy-on-write after fork (being written).
