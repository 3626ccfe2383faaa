//! The chapter's experiments, one module each, in the order the chapter
//! tells them. Each measures, prints its table, writes its CSV and figures
//! through the kit, and records the numbers the chapter quotes.
//!
//! | module | what it shows |
//! | --- | --- |
//! | [`lost_updates`] | increments lost by a load-then-store counter, against thread count; the two fixes lose none |
//! | [`lines`] | lines written in two pieces by several threads to one file, with and without a lock |
//! | [`uncontended`] | the cost of one lock + unlock when no other thread wants the lock |
//! | [`contended`] | throughput with 1..n threads fighting for one lock |
//! | [`fairness`] | how evenly those threads shared the lock |
//! | [`timeline`] | who waits and who holds, over time, for three threads and one lock |
//! | [`python`] | CPython's `threading.Lock` and `counter += 1` under the GIL, beside Rust's |
//! | [`lost_wake`] | an unlock that forgets to wake: the sleeper never wakes, and a watchdog says so |

pub mod contended;
pub mod fairness;
pub mod lines;
pub mod lost_updates;
pub mod lost_wake;
pub mod python;
pub mod timeline;
pub mod uncontended;

use labkit::LabContext;

/// What the experiments need besides the lab context.
pub struct Settings {
    /// Thread counts for the lost updates and the contended runs, ascending.
    pub threads: Vec<usize>,
}

/// Runs `f` once to warm up, then `ctx.repeat` times, and keeps what the
/// measured runs returned (the kit's `ctx.sample`, for results that are
/// counts rather than times).
pub fn repeated<T>(ctx: &LabContext, mut f: impl FnMut() -> T) -> Vec<T> {
    let mut results = Vec::new();
    ctx.sample(|| results.push(f()));
    results.remove(0);
    results
}

/// A name made fit for a result key: `futex lock + spin` -> `futex-lock-spin`.
pub fn slug(name: &str) -> String {
    let mut slug = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_string()
}

/// A ratio to std's mutex, as the chapter quotes it: `1.23×`.
pub fn times(ratio: f64) -> String {
    format!("{ratio:.2}×")
}

#[cfg(all(test, not(any(feature = "loom", feature = "shuttle"))))]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_lowercase_words_joined_by_dashes() {
        assert_eq!(slug("futex lock + spin"), "futex-lock-spin");
        assert_eq!(slug("parking_lot Mutex"), "parking-lot-mutex");
        assert_eq!(slug("std Mutex"), "std-mutex");
    }
}
