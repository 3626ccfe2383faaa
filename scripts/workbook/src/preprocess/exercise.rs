//! `{{#exercise 00-longest-first}}`: an exercise block in a chapter.
//!
//! The block shows the exercise's title and summary, the commands to start
//! and check it, the starter (its tests module cut down to one comment: the
//! student gets the tests in the file), the hints folded, and the reference
//! solution folded under `<details>`. Starter and solution come from
//! [`scaffold::views`], the same code that makes the student's crate, so the
//! book can never show something else than what a student gets.

use crate::exercise::registry::Exercise;
use crate::exercise::scaffold;
use crate::text::escape_html;
use anyhow::Result;

/// What replaces an exercise's tests module in the book.
pub const TESTS_ELIDED: &str = "// … the tests are in the file you get";

/// The Markdown (with a little HTML) of one exercise block.
pub fn render(exercise: &Exercise) -> Result<String> {
    let views = scaffold::views(exercise)?;
    let id = &exercise.id;
    let mut out = format!(
        "\n\n<div class=\"wb-exercise\" id=\"exercise-{id}\">\n\n\
         <p class=\"wb-exercise-title\">Exercise {id}: {title}</p>\n\n\
         {summary}\n\n\
         Start it, then check your work until every test passes (each failing check reveals a hint):\n\n\
         ```console\ncargo workbook exercise start {id}\ncargo workbook exercise check {id}\n```\n\n\
         You start from `my-exercises/{id}/src/lib.rs`:\n\n{starter}\n",
        title = escape_html(&exercise.title),
        summary = escape_outside_code(exercise.summary.trim()),
        starter = code_block(&strip_tests(&views.starter)),
    );
    if !exercise.hints.is_empty() {
        out.push_str("<details>\n<summary>Hints</summary>\n\n");
        for (n, hint) in exercise.hints.iter().enumerate() {
            out.push_str(&format!("{}. {}\n", n + 1, escape_outside_code(hint.trim())));
        }
        out.push_str("\n</details>\n\n");
    }
    out.push_str(&format!(
        "<details>\n<summary>Solution</summary>\n\n{}\n</details>\n\n</div>\n\n",
        code_block(&strip_tests(&views.solution))
    ));
    Ok(out)
}

/// Summaries and hints are written for the terminal too: `Vec<u64>` there
/// is text, not an HTML tag. Escapes HTML outside `code spans` (inside
/// them Markdown shows text as it is).
fn escape_outside_code(text: &str) -> String {
    text.split('`')
        .enumerate()
        .map(|(i, part)| if i % 2 == 0 { escape_html(part) } else { part.to_string() })
        .collect::<Vec<_>>()
        .join("`")
}

/// A fenced Rust block, its fence longer than any run of backticks inside.
fn code_block(code: &str) -> String {
    let longest = code.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat((longest + 1).max(3));
    format!("{fence}rust,noplayground\n{}\n{fence}\n", code.trim_end())
}

/// Replaces the `#[cfg(test)] mod tests { … }` block (as rustfmt lays it
/// out: the attribute, `mod tests {`, and a `}` at the attribute's
/// indentation) by [`TESTS_ELIDED`]. The attribute may be any `cfg` that
/// mentions `test`, e.g. `#[cfg(all(test, not(feature = "loom")))]` in a
/// lab with model checks. Code without one is returned as is.
pub fn strip_tests(code: &str) -> String {
    let lines: Vec<&str> = code.lines().collect();
    let is_test_cfg = |line: &str| {
        let line = line.trim();
        line.starts_with("#[cfg(") && line.ends_with(")]") && line.contains("test")
    };
    let Some(start) = lines.iter().position(|l| is_test_cfg(l)) else {
        return code.to_string();
    };
    let indent = &lines[start][..lines[start].len() - lines[start].trim_start().len()];
    let opens = lines
        .get(start + 1)
        .is_some_and(|l| l.trim().starts_with("mod tests") && l.trim().ends_with('{'));
    let close = format!("{indent}}}");
    let end = lines[start + 1..].iter().position(|l| *l == close).map(|i| i + start + 1);
    let (true, Some(end)) = (opens, end) else {
        return code.to_string();
    };
    let mut kept: Vec<String> = lines[..start].iter().map(|l| l.to_string()).collect();
    kept.push(format!("{indent}{TESTS_ELIDED}"));
    kept.extend(lines[end + 1..].iter().map(|l| l.to_string()));
    kept.join("\n") + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;

    const SOURCE: &str = "\
//! Longest first.

/// Orders tasks.
pub fn order(tasks: &[u32]) -> Vec<usize> {
    // exercise: solution
    let mut idx: Vec<usize> = (0..tasks.len()).collect();
    idx.sort_by_key(|&i| std::cmp::Reverse(tasks[i]));
    idx
    // exercise: starter
    // todo!(\"sort the indices, longest task first\")
    // exercise: end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts() {
        assert_eq!(order(&[1, 3]), vec![1, 0]);
    }
}
";

    fn exercise(lab: &std::path::Path) -> Exercise {
        std::fs::create_dir_all(lab.join("src")).unwrap();
        std::fs::write(lab.join("src/lpt.rs"), SOURCE).unwrap();
        Exercise {
            id: "00-longest-first".into(),
            title: "Longest task first".into(),
            source: "src/lpt.rs".into(),
            summary: "Write `order`.".into(),
            hints: vec!["Sort.".into(), "Descending.".into()],
            dependencies: Default::default(),
            test_hints: Default::default(),
            lab: "lab-00-amdahl".into(),
            lab_dir: lab.to_path_buf(),
        }
    }

    #[test]
    fn the_block_has_commands_starter_hints_and_folded_solution() {
        let lab = tempfile::tempdir().unwrap();
        let block = render(&exercise(lab.path())).unwrap();
        assert!(block.contains("Exercise 00-longest-first: Longest task first"));
        assert!(block.contains("Write `order`."));
        assert!(block.contains("cargo workbook exercise start 00-longest-first"));
        assert!(block.contains("cargo workbook exercise check 00-longest-first"));
        assert!(block.contains("```rust,noplayground\n//! Longest first."), "{block}");
        let (starter, solution) = block.split_once("<summary>Solution</summary>").unwrap();
        assert!(starter.contains("    todo!(\"sort the indices, longest task first\")"));
        assert!(!starter.contains("sort_by_key") && solution.contains("sort_by_key"));
        assert!(!solution.contains("todo!") && !block.contains("// exercise:"));
        assert!(block.contains("1. Sort.\n2. Descending."));
        assert!(
            solution.starts_with("\n\n```rust"),
            "a blank line must open Markdown inside <details>"
        );
    }

    #[test]
    fn the_tests_module_becomes_one_comment() {
        let lab = tempfile::tempdir().unwrap();
        let block = render(&exercise(lab.path())).unwrap();
        assert!(!block.contains("fn sorts()") && !block.contains("#[cfg(test)]"));
        assert_eq!(block.matches(TESTS_ELIDED).count(), 2);
    }

    #[test]
    fn code_without_a_tests_module_is_untouched() {
        assert_eq!(strip_tests("fn a() {}\n"), "fn a() {}\n");
        let unclosed = "#[cfg(test)]\nmod tests {\n    fn x() {}\n";
        assert_eq!(strip_tests(unclosed), unclosed);
    }

    #[test]
    fn a_tests_module_off_under_the_model_checkers_is_elided_too() {
        let code = "a\n#[cfg(all(test, not(any(feature = \"loom\", feature = \"shuttle\"))))]\nmod tests {\n    x\n}\n";
        assert_eq!(strip_tests(code), format!("a\n{TESTS_ELIDED}\n"));
    }

    #[test]
    fn code_after_the_tests_module_is_kept() {
        let code = "a\n#[cfg(test)]\nmod tests {\n    x\n}\nb\n";
        assert_eq!(strip_tests(code), format!("a\n{TESTS_ELIDED}\nb\n"));
    }

    #[test]
    fn text_is_escaped_but_code_spans_are_not() {
        assert_eq!(
            escape_outside_code("a Vec<u64> and `Vec<u64>`"),
            "a Vec&lt;u64&gt; and `Vec<u64>`"
        );
    }

    #[test]
    fn a_fence_outgrows_backticks_in_the_code() {
        assert!(code_block("let s = \"````\";").starts_with("`````rust"));
        assert!(code_block("x").starts_with("```rust"));
    }
}
