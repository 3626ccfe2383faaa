//! The two views of one exercise source: the starter a student gets and the
//! reference solution, both cut from the same file by marker comments.
//!
//! An exercise is a module of a lab, so the lab itself runs the reference
//! solution. The regions a student writes are marked like this:
//!
//! ```text
//! fn answer() -> u32 {
//!     // exercise: solution
//!     42                          <- only in the solution
//!     // exercise: starter
//!     // todo!("find the answer")  <- only in the starter, uncommented
//!     // exercise: end
//! }
//! ```
//!
//! Marker lines vanish from both views, and so do mdBook's `ANCHOR` lines
//! (they are there for the book's `{{#include}}`, not for the student). The
//! starter part is optional: `solution` followed directly by `end` leaves
//! nothing in its place. [`split`] makes both views in one pass over the
//! lines and reports a malformed marker with its file and line.

use anyhow::{Result, bail};
use std::path::Path;

/// The starter and the reference solution made from one marked source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Views {
    /// What the student starts from: solution regions removed, starter
    /// regions uncommented.
    pub starter: String,
    /// The reference solution: the source without its marker lines and
    /// without the commented-out starter regions.
    pub solution: String,
    /// How many marked regions the source has.
    pub regions: usize,
}

/// Where the scan is: outside a region, or in one of its two parts (each
/// remembering the line its region opened on, for error messages).
#[derive(Clone, Copy)]
enum State {
    /// Between regions: the line belongs to both views.
    Outside,
    /// In a region's solution part.
    Solution {
        /// The line the region opened on.
        opened: usize,
    },
    /// In a region's starter part.
    Starter {
        /// The line the region opened on.
        opened: usize,
    },
}

/// One of the three marker comments.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Marker {
    Solution,
    Starter,
    End,
}

const MARKER_PREFIX: &str = "// exercise:";

/// Cuts `source` (read from `file`, named in errors) into its two views.
pub fn split(source: &str, file: &Path) -> Result<Views> {
    let mut starter = String::new();
    let mut solution = String::new();
    let mut regions = 0;
    let mut state = State::Outside;
    let at = |line: usize| format!("{}:{line}", file.display());

    for (index, line) in source.lines().enumerate() {
        let number = index + 1;
        if let Some(marker) =
            parse_marker(line).map_err(|e| anyhow::anyhow!("{}: {e}", at(number)))?
        {
            state = match (state, marker) {
                (State::Outside, Marker::Solution) => State::Solution { opened: number },
                (State::Outside, Marker::Starter) => {
                    bail!(
                        "{}: `// exercise: starter` without a `// exercise: solution` before it",
                        at(number)
                    )
                }
                (State::Outside, Marker::End) => {
                    bail!(
                        "{}: `// exercise: end` without a `// exercise: solution` before it",
                        at(number)
                    )
                }
                (State::Solution { .. }, Marker::Starter) => State::Starter { opened: number },
                (State::Solution { .. } | State::Starter { .. }, Marker::End) => {
                    regions += 1;
                    State::Outside
                }
                (State::Solution { opened } | State::Starter { opened }, _) => bail!(
                    "{}: `// exercise: {}` inside the region opened at line {opened}; \
                     regions do not nest, close it with `// exercise: end` first",
                    at(number),
                    marker_name(marker)
                ),
            };
            continue;
        }
        if is_anchor(line) {
            continue;
        }
        match state {
            State::Outside => {
                push_line(&mut starter, line);
                push_line(&mut solution, line);
            }
            State::Solution { .. } => push_line(&mut solution, line),
            State::Starter { .. } => match uncomment(line) {
                Some(code) => push_line(&mut starter, &code),
                None => bail!(
                    "{}: a starter line must be a `//` comment (it is uncommented in the starter): {}",
                    at(number),
                    line.trim()
                ),
            },
        }
    }
    if let State::Solution { opened } | State::Starter { opened } = state {
        bail!("{}: this exercise region is never closed with `// exercise: end`", at(opened));
    }
    Ok(Views { starter, solution, regions })
}

/// Recognises a marker line; any other `// exercise:` comment is an error.
fn parse_marker(line: &str) -> Result<Option<Marker>> {
    let Some(rest) = line.trim().strip_prefix(MARKER_PREFIX) else {
        return Ok(None);
    };
    match rest.trim() {
        "solution" => Ok(Some(Marker::Solution)),
        "starter" => Ok(Some(Marker::Starter)),
        "end" => Ok(Some(Marker::End)),
        other => bail!("unknown marker `// exercise: {other}` (expected solution, starter or end)"),
    }
}

fn marker_name(marker: Marker) -> &'static str {
    match marker {
        Marker::Solution => "solution",
        Marker::Starter => "starter",
        Marker::End => "end",
    }
}

/// mdBook's `// ANCHOR: name` and `// ANCHOR_END: name` lines.
fn is_anchor(line: &str) -> bool {
    let trimmed = line.trim_start();
    trimmed.starts_with("// ANCHOR:") || trimmed.starts_with("// ANCHOR_END:")
}

/// `    // code` becomes `    code`, `    //` becomes an empty line, and a
/// blank line stays blank; anything else is not a starter line.
fn uncomment(line: &str) -> Option<String> {
    if line.trim().is_empty() {
        return Some(String::new());
    }
    let indent = &line[..line.len() - line.trim_start().len()];
    let comment = line.trim_start().strip_prefix("//")?;
    let code = comment.strip_prefix(' ').unwrap_or(comment);
    if code.is_empty() {
        return Some(String::new());
    }
    Some(format!("{indent}{code}"))
}

fn push_line(out: &mut String, line: &str) {
    out.push_str(line);
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn views(source: &str) -> Views {
        split(source, Path::new("src/x.rs")).unwrap()
    }

    fn error(source: &str) -> String {
        format!("{:#}", split(source, Path::new("src/x.rs")).unwrap_err())
    }

    const MARKED: &str = "\
fn answer() -> u32 {
    // exercise: solution
    let x = 40;
    x + 2
    // exercise: starter
    // todo!(\"find the answer\")
    //
    //     // keep this comment
    // exercise: end
}
";

    #[test]
    fn the_starter_keeps_the_uncommented_starter_part() {
        assert_eq!(
            views(MARKED).starter,
            "fn answer() -> u32 {\n    todo!(\"find the answer\")\n\n        // keep this comment\n}\n"
        );
    }

    #[test]
    fn the_solution_keeps_the_solution_part() {
        let v = views(MARKED);
        assert_eq!(v.solution, "fn answer() -> u32 {\n    let x = 40;\n    x + 2\n}\n");
        assert_eq!(v.regions, 1);
    }

    #[test]
    fn a_region_without_a_starter_part_leaves_nothing() {
        let v = views("a\n// exercise: solution\nb\n// exercise: end\nc\n");
        assert_eq!(v.starter, "a\nc\n");
        assert_eq!(v.solution, "a\nb\nc\n");
    }

    #[test]
    fn anchors_vanish_from_both_views() {
        let v = views("// ANCHOR: all\na\n    // ANCHOR_END: all\n");
        assert_eq!(v.starter, "a\n");
        assert_eq!(v.solution, "a\n");
    }

    #[test]
    fn a_source_without_markers_is_its_own_starter() {
        let v = views("a\n");
        assert_eq!((v.starter.as_str(), v.regions), ("a\n", 0));
    }

    #[test]
    fn nested_regions_are_refused_with_the_line() {
        let e = error("// exercise: solution\n// exercise: solution\n");
        assert!(e.contains("src/x.rs:2") && e.contains("opened at line 1"), "{e}");
    }

    #[test]
    fn an_unclosed_region_is_refused_with_its_opening_line() {
        let e = error("a\n// exercise: solution\nb\n");
        assert!(e.contains("src/x.rs:2") && e.contains("never closed"), "{e}");
    }

    #[test]
    fn an_end_without_a_solution_is_refused() {
        let e = error("a\n  // exercise: end\n");
        assert!(e.contains("src/x.rs:2") && e.contains("without"), "{e}");
    }

    #[test]
    fn a_starter_without_a_solution_is_refused() {
        assert!(error("// exercise: starter\n").contains("src/x.rs:1"));
    }

    #[test]
    fn a_starter_line_must_be_a_comment() {
        let e =
            error("// exercise: solution\n// exercise: starter\nlet x = 1;\n// exercise: end\n");
        assert!(e.contains("src/x.rs:3") && e.contains("let x = 1;"), "{e}");
    }

    #[test]
    fn an_unknown_marker_is_refused() {
        let e = error("// exercise: begin\n");
        assert!(e.contains("src/x.rs:1") && e.contains("unknown marker"), "{e}");
    }
}
