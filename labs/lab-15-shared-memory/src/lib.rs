//! Chapter 15 (being written).
