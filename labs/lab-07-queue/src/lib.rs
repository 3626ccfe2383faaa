//! Chapter 07: a bounded blocking queue on a mutex and three conditions, measured against std and crossbeam channels.
