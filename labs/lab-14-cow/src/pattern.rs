//! Which pages a child writes when it writes "a fraction f of the pages".
//!
//! The pages written must be spread evenly over the cache (not the first
//! f·n in a row), and their number must be exact, so the lab can compare
//! the memory copied with f·n pages. Page `i` is written when the line
//! `y = f·x` crosses an integer between `x = i` and `x = i + 1`: the
//! counts `⌊(i+1)·f⌋ − ⌊i·f⌋` add up to exactly `⌊n·f⌋`.
//!
//! A forked child calls this for every page, so it allocates nothing.
//!
//! This file is the chapter's second exercise (`14-fraction`): the
//! student writes [`is_written`]. It stands alone (std only).

// ANCHOR: is_written
/// Whether page `page` is one of those written when a child writes the
/// fraction `fraction` (0 to 1) of the pages: spread evenly, `⌊n·f⌋` of the
/// first `n` pages, for every `n`.
pub fn is_written(page: usize, fraction: f64) -> bool {
    // exercise: solution
    let crossings = |x: usize| (x as f64 * fraction).floor();
    crossings(page + 1) > crossings(page)
    // exercise: starter
    // todo!("is page {page} written when the fraction {fraction} of the pages is?")
    // exercise: end
}
// ANCHOR_END: is_written

/// How many of `pages` pages [`is_written`] chooses for `fraction`.
pub fn written_count(pages: usize, fraction: f64) -> usize {
    (pages as f64 * fraction).floor() as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(pages: usize, fraction: f64) -> Vec<usize> {
        (0..pages).filter(|&p| is_written(p, fraction)).collect()
    }

    #[test]
    fn nothing_at_zero_and_everything_at_one() {
        assert!(written(1000, 0.0).is_empty());
        assert_eq!(written(1000, 1.0), (0..1000).collect::<Vec<_>>());
    }

    #[test]
    fn a_half_is_every_other_page() {
        assert_eq!(written(10, 0.5), vec![1, 3, 5, 7, 9]);
    }

    #[test]
    fn the_count_is_exactly_the_fraction_of_the_pages() {
        for &f in &[0.1, 0.125, 0.25, 1.0 / 3.0, 0.5, 0.7, 0.75, 0.9, 0.999] {
            for &n in &[1, 7, 100, 4096, 65_536] {
                assert_eq!(written(n, f).len(), written_count(n, f), "f = {f}, n = {n}");
            }
        }
    }

    #[test]
    fn written_pages_are_spread_evenly_not_bunched() {
        for &f in &[0.1, 0.25, 0.3, 0.75] {
            let pages = written(10_000, f);
            let widest = (1.0 / f).ceil() as usize;
            for gap in pages.windows(2).map(|w| w[1] - w[0]) {
                assert!(gap <= widest, "f = {f}: a gap of {gap} pages (at most {widest})");
            }
            assert!(pages[0] < widest, "f = {f}: the first write is at page {}", pages[0]);
        }
    }
}
