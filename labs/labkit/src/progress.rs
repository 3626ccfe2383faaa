//! Progress bars for anything that takes more than a couple of seconds.
//!
//! A bar is drawn on stderr only when both stdout and stderr are terminals:
//! piped into a file or `tee`, or run by the book build, a lab stays silent,
//! so logs hold only results.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;

/// A bar of `len` steps, labelled `what`; hidden unless stdout and stderr
/// are both terminals.
pub fn bar(len: u64, what: &str) -> ProgressBar {
    let target = if std::io::stdout().is_terminal() && std::io::stderr().is_terminal() {
        ProgressDrawTarget::stderr()
    } else {
        ProgressDrawTarget::hidden()
    };
    let bar = ProgressBar::with_draw_target(Some(len), target);
    bar.set_style(
        ProgressStyle::with_template("{msg:>24} [{bar:30}] {pos}/{len} ({elapsed})")
            .expect("a valid template")
            .progress_chars("=> "),
    );
    bar.set_message(what.to_string());
    bar
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_steps_and_is_hidden_under_the_test_harness() {
        let b = bar(3, "testing");
        b.inc(2);
        assert_eq!(b.position(), 2);
        assert_eq!(b.length(), Some(3));
        // cargo test captures stderr, so it is not a terminal here.
        if !std::io::stderr().is_terminal() {
            assert!(b.is_hidden());
        }
        b.finish_and_clear();
    }
}
