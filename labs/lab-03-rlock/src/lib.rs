//! Chapter 03: a reentrant lock built from a lock, an owner and a count; a plain lock's self-deadlock caught by a watchdog.
