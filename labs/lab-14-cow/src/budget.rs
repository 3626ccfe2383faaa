//! How big the cache may be: sized from the memory this machine has
//! available, and refused with a clear message when a request would not fit.
//!
//! The worst moment of a run is the fraction experiment at `f = 1`: the
//! parent's cache and a full copy in each of the five children, all at
//! once. A run may use at most [`SHARE`] of `MemAvailable` (from
//! `/proc/meminfo`; see [proc(5)](https://man7.org/linux/man-pages/man5/proc.5.html)),
//! so the machine keeps room for everything else on it.

use crate::family::CHILDREN;

/// One mebibyte.
pub const MIB: u64 = 1 << 20;
/// The largest share of `MemAvailable` a run may fill.
pub const SHARE: f64 = 0.5;
/// The smallest cache worth measuring: below it, the page tables and the
/// children's own stacks are no longer small beside it.
pub const MIN_CACHE: u64 = 8 * MIB;
/// The default cache of a full run and of a quick one.
pub const DEFAULT_CACHE: (u64, u64) = (256 * MIB, 32 * MIB);

/// The copies of the cache alive at the worst moment: the parent's and one
/// per child.
pub fn worst_copies() -> u64 {
    1 + CHILDREN as u64
}

/// `MemAvailable` from `/proc/meminfo`, in bytes.
pub fn mem_available() -> Result<u64, String> {
    let text = std::fs::read_to_string("/proc/meminfo")
        .map_err(|e| format!("cannot read /proc/meminfo ({e}); this lab needs Linux"))?;
    text.lines()
        .find_map(|line| line.strip_prefix("MemAvailable:"))
        .and_then(|rest| rest.split_whitespace().next()?.parse::<u64>().ok())
        .map(|kib| kib * 1024)
        .ok_or_else(|| "/proc/meminfo has no MemAvailable line".to_string())
}

/// The cache size for a run: `requested` bytes if given and it fits in
/// `available`, else the default (`quick` or not) shrunk to fit. Sizes are
/// rounded down to a whole 2 MiB, so huge pages can back the cache.
pub fn cache_size(requested: Option<u64>, quick: bool, available: u64) -> Result<u64, String> {
    let room = (available as f64 * SHARE) as u64 / worst_copies();
    let round = |bytes: u64| bytes / (2 * MIB) * (2 * MIB);
    match requested {
        Some(bytes) if bytes > room => Err(format!(
            "a cache of {} MiB would not fit: with {} children writing all of it, a run holds {} copies ({} MiB), \
             but only {} MiB may be used ({:.0} % of the {} MiB available); try --cache-mib {} or less",
            bytes / MIB,
            CHILDREN,
            worst_copies(),
            bytes * worst_copies() / MIB,
            (available as f64 * SHARE) as u64 / MIB,
            SHARE * 100.0,
            available / MIB,
            round(room) / MIB,
        )),
        Some(bytes) => Ok(round(bytes).max(2 * MIB)),
        None => {
            let default = if quick { DEFAULT_CACHE.1 } else { DEFAULT_CACHE.0 };
            let size = round(default.min(room));
            if size < MIN_CACHE {
                Err(format!(
                    "only {} MiB of memory is available: too little for a {} MiB cache and {} copies of it",
                    available / MIB,
                    MIN_CACHE / MIB,
                    CHILDREN
                ))
            } else {
                Ok(size)
            }
        }
    }
}

/// `--cache-mib N`: a whole number of MiB from 8 to 1048576, checked
/// against the memory available now (so a request that would not fit is
/// refused before anything runs, with exit status 2).
pub fn parse_cache_mib(text: &str) -> Result<u64, String> {
    let mib: u64 = text
        .trim()
        .parse()
        .map_err(|_| format!("`{text}` is not a whole number of MiB (try 64)"))?;
    if !(MIN_CACHE / MIB..=1 << 20).contains(&mib) {
        return Err(format!("{mib} MiB is out of range ({} to 1048576)", MIN_CACHE / MIB));
    }
    let available = mem_available()?;
    cache_size(Some(mib * MIB), false, available).map(|_| mib * MIB)
}

/// About what one object of the Python experiment's larger cache (a small
/// list holding an int) takes in CPython 3.11, in bytes (measured: 123).
pub const PYTHON_OBJECT_BYTES: u64 = 130;

/// `--python-objects N`: 10000 to 10000000, refused if the script's
/// larger cache and a copy in each child would not fit, like `--cache-mib`.
pub fn parse_python_objects(text: &str) -> Result<u64, String> {
    let n: u64 =
        text.trim().parse().map_err(|_| format!("`{text}` is not a whole number of objects"))?;
    if !(10_000..=10_000_000).contains(&n) {
        return Err(format!("{n} objects is out of range (10000 to 10000000)"));
    }
    let need = n * PYTHON_OBJECT_BYTES * worst_copies();
    let may = (mem_available()? as f64 * SHARE) as u64;
    if need > may {
        return Err(format!(
            "{n} objects would not fit: the script's cache and {CHILDREN} copies take about {} MiB, but only {} MiB may be used",
            need / MIB,
            may / MIB
        ));
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    const GIB: u64 = 1 << 30;

    #[test]
    fn the_default_is_used_when_there_is_room() {
        assert_eq!(cache_size(None, false, 24 * GIB), Ok(256 * MIB));
        assert_eq!(cache_size(None, true, 24 * GIB), Ok(32 * MIB));
    }

    #[test]
    fn the_default_shrinks_to_the_memory_available() {
        // 1 GiB available: half of it over 6 copies is 85 MiB, rounded to 84.
        assert_eq!(cache_size(None, false, GIB), Ok(84 * MIB));
    }

    #[test]
    fn a_request_that_would_not_fit_is_refused_with_the_numbers() {
        let err = cache_size(Some(GIB), false, 4 * GIB).unwrap_err();
        assert!(err.contains("would not fit"), "{err}");
        assert!(err.contains("--cache-mib 340"), "{err}");
    }

    #[test]
    fn a_machine_with_almost_nothing_free_is_refused() {
        assert!(cache_size(None, true, 50 * MIB).unwrap_err().contains("too little"));
    }

    #[test]
    fn the_memory_available_is_read() {
        assert!(mem_available().unwrap() > MIB);
    }
}
