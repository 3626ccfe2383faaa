//! Chapter 01: fetching URLs from a local HTTP server with threads, done right; CPU-bound threads in Rust and in Python.
