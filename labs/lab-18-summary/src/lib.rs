//! Chapter 18: the notebook's closing advice, "threads for I/O, processes
//! for CPU", measured rather than repeated.
//!
//! Three jobs ([`jobs`]) are each run three ways ([`modes`]): one after the
//! other on one thread, by a number of threads, and by a pool of forked
//! processes fed through pipes. The same jobs run in Python
//! (`python/jobs.py`), in the same run, with `threading` and
//! `multiprocessing`. The experiments ([`experiments`]) time every job,
//! mode and worker count, draw one figure per job, and draw the decision
//! chart from what this machine measured.
//!
//! | file | what it holds |
//! | --- | --- |
//! | `deal.rs` | the CPU job's numbers dealt in interleaved blocks (exercise `18-interleaved-blocks`) |
//! | `fds.rs` | a forked worker closes what it inherited (exercise `18-keep-only`) |
//! | `jobs.rs` | the three jobs: fetch pages, count primes, count the lines of data that must travel to the worker |
//! | `modes.rs` | sequential, threads, and the process pool (fork, pipes, chapter 12's frames) |
//! | `experiments/` | the timings, figures, claims and the chart |

pub mod deal;
pub mod experiments;
pub mod fds;
pub mod jobs;
pub mod modes;
