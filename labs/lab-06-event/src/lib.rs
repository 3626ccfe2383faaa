//! Chapter 06: an event built by hand; graceful shutdown; the lost wake-up of set() followed by clear().
