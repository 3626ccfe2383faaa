//! Chapter 05: a counting semaphore built on a mutex and a condition; bounding concurrency with permits.
