//! What a forked child does with the cache it inherited: the notebook's
//! five children, and the passes the fault experiment times.
//!
//! Each runs in a forked child of a process that has threads, so it must
//! not allocate (another thread may have held the allocator's lock at the
//! fork; chapter 11): it only reads and writes the cache and the clock.

use crate::cache::{Cache, PAGE};
use crate::pattern::is_written;
use std::hint::black_box;

// ANCHOR: behaviour
/// One pass of a child over the cache.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Behaviour {
    /// Touches nothing: the notebook's child before its loop.
    Idle,
    /// Reads the value of every object: every page is read, none written.
    Read,
    /// Writes one byte in the fraction `f` (0 to 1) of the pages, spread evenly.
    Write(f64),
    /// Reads every object the way a reference-counting runtime does:
    /// take a reference (count + 1), read, give it back (count - 1).
    Refcount,
    /// Writes one byte every `n` pages: with `n = 512`, once per 2 MiB.
    Stride(usize),
}

impl Behaviour {
    /// Does the pass; returns a checksum, so no read can be optimised away.
    pub fn run(self, cache: &Cache) -> u64 {
        match self {
            Behaviour::Idle => 0,
            Behaviour::Read => cache.objects().iter().map(|o| black_box(o.value)).sum(),
            Behaviour::Write(f) => {
                let mut written = 0;
                for page in (0..cache.pages()).filter(|&p| is_written(p, f)) {
                    cache.touch(page);
                    written += 1;
                }
                written
            }
            Behaviour::Refcount => cache.objects().iter().map(|o| o.get().value()).sum(),
            Behaviour::Stride(n) => {
                (0..cache.pages()).step_by(n).map(|page| cache.touch(page)).count() as u64
            }
        }
    }
    // ANCHOR_END: behaviour

    /// The bytes of `cache` this pass writes, hence copies in a child.
    pub fn writes(self, cache: &Cache) -> usize {
        match self {
            Behaviour::Idle | Behaviour::Read => 0,
            Behaviour::Write(f) => crate::pattern::written_count(cache.pages(), f) * PAGE,
            Behaviour::Refcount => cache.len(),
            Behaviour::Stride(n) => cache.pages().div_ceil(n) * PAGE,
        }
    }

    /// A short name for tables, CSV and figures.
    pub fn name(self) -> String {
        match self {
            Behaviour::Idle => "idle".into(),
            Behaviour::Read => "read every page".into(),
            Behaviour::Write(f) => format!("write {:.0} % of pages", f * 100.0),
            Behaviour::Refcount => "refcount-style read".into(),
            Behaviour::Stride(n) => format!("write every {n}th page"),
        }
    }
}
