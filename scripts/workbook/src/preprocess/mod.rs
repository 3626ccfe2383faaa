//! The book's own mdBook preprocessor: the workbook's directives.
//!
//! Chapters use these directives besides mdBook's `{{#include}}`:
//!
//! - `{{#figure lab-00-amdahl/speedup}}` ([`figure`]): a measured figure with
//!   its caption and links to its data;
//! - `{{#result lab-00-amdahl/speedup-2}}` ([`result`]): a measured number,
//!   quoted inline;
//! - `{{#claim lab-07-queue/rises}}` ([`claim`]): a measured comparison, as
//!   a sentence that says whether it held on this machine; and
//!   `{{#if-held lab/key}}` / `{{#if-not-held lab/key}}` … `{{#end-if}}`, a
//!   passage kept only when the claim went that way;
//! - `{{#exercise 00-longest-first}}` ([`exercise`]): an exercise block with
//!   its starter and (folded) solution;
//! - `{{#numbers numbers.toml}}` ([`numbers`]): a table of this machine's
//!   key numbers gathered from every lab, each linked to its chapter.
//!
//! Figures, results and claims come from the labs' manifests ([`manifests`]).
//!
//! One preprocessor, [`WorkbookPreprocessor`], expands them all in a single
//! pass over the chapters ([`expand_book`]), so that every failure (each
//! naming its chapter and directive) is reported at once; it remembers each
//! claim a chapter used, for the build's summary. Like mdBook's own
//! directives, one is escaped by a backslash (`\{{#figure …}}`), which
//! mdBook's `links` preprocessor later removes; so ours runs before it (see
//! `build::render`).

pub mod claim;
pub mod exercise;
pub mod figure;
pub mod manifests;
pub mod numbers;
pub mod result;

use crate::exercise::registry::Registry;
use anyhow::{Result, anyhow, bail};
use claim::ClaimUse;
use manifests::Manifests;
use mdbook_preprocessor::book::{Book, Chapter};
use mdbook_preprocessor::{Preprocessor, PreprocessorContext};
use regex::Regex;
use std::path::Path;
use std::sync::{Arc, Mutex};

/// The directives the workbook adds to mdBook.
pub const DIRECTIVES: [&str; 8] =
    ["figure", "result", "claim", "if-held", "if-not-held", "end-if", "exercise", "numbers"];

/// Expands the workbook's directives.
#[derive(Debug)]
pub struct WorkbookPreprocessor {
    /// The exercises `{{#exercise}}` can name.
    pub registry: Registry,
    /// Every claim a chapter named, filled as the chapters are expanded
    /// (shared with the build, which prints the summary).
    pub claims: Arc<Mutex<Vec<ClaimUse>>>,
}

impl WorkbookPreprocessor {
    /// A preprocessor over `registry`, with no claim seen yet.
    pub fn new(registry: Registry) -> WorkbookPreprocessor {
        WorkbookPreprocessor { registry, claims: Arc::default() }
    }
}

impl Preprocessor for WorkbookPreprocessor {
    fn name(&self) -> &str {
        "workbook"
    }

    fn run(&self, ctx: &PreprocessorContext, mut book: Book) -> Result<Book> {
        let src_dir = ctx.root.join(&ctx.config.book.src);
        let mut manifests = Manifests::new(&src_dir);
        let pages: Vec<String> = book
            .iter()
            .filter_map(|item| match item {
                mdbook_preprocessor::book::BookItem::Chapter(ch) => ch.path.as_ref(),
                _ => None,
            })
            .map(|p| p.display().to_string())
            .collect();
        let mut used = Vec::new();
        let mut seen = |chapter: &Chapter, name: &str, verdict| {
            let named = ClaimUse { chapter: chapter.name.clone(), name: name.to_string(), verdict };
            if !used.contains(&named) {
                used.push(named);
            }
        };
        expand_book(&mut book, &ctx.config.book.src, |chapter, directive| {
            let arg = directive.arg;
            match directive.name {
                "figure" => figure::expand(&mut manifests, chapter, arg),
                "result" => result::expand(&mut manifests, arg),
                "claim" => {
                    let (sentence, verdict) = claim::expand(&mut manifests, arg)?;
                    seen(chapter, arg, verdict);
                    Ok(sentence)
                }
                "if-held" | "if-not-held" => {
                    let want_held = directive.name == "if-held";
                    let (marker, verdict) = claim::condition(&mut manifests, arg, want_held)?;
                    seen(chapter, arg, verdict);
                    Ok(marker.to_string())
                }
                "end-if" => Ok(claim::end(arg)?.to_string()),
                "exercise" => exercise::render(self.registry.get(arg)?),
                "numbers" => {
                    let to_root = path_to_root(chapter);
                    numbers::expand(&mut manifests, &src_dir, arg, &pages, &to_root)
                }
                other => bail!("`{{{{#{other}}}}}` is not a workbook directive"),
            }
        })?;
        self.claims.lock().unwrap_or_else(|e| e.into_inner()).extend(used);
        Ok(book)
    }
}

/// One directive found in a chapter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive<'a> {
    /// The whole directive as written, `{{#figure lab/x}}`.
    pub text: &'a str,
    /// Its name, `figure`.
    pub name: &'a str,
    /// Its argument, trimmed: `lab/x`.
    pub arg: &'a str,
    /// Where it is in the chapter text.
    pub range: std::ops::Range<usize>,
}

/// Every unescaped `{{#name arg}}` (or `{{#name}}`) in `content`, for any
/// of `names`.
pub fn find<'a>(content: &'a str, names: &[&str]) -> Vec<Directive<'a>> {
    let names: Vec<String> = names.iter().map(|n| regex::escape(n)).collect();
    let pattern = format!(r"\\?\{{\{{\s*#({})(?:\s+([^}}]*))?\s*\}}\}}", names.join("|"));
    let regex = Regex::new(&pattern).expect("the directive pattern is a valid regex");
    regex
        .captures_iter(content)
        .filter(|c| !c[0].starts_with('\\'))
        .map(|c| {
            let whole = c.get(0).expect("a match has a whole");
            Directive {
                text: whole.as_str(),
                name: c.get(1).map_or("", |m| m.as_str()),
                arg: c.get(2).map_or("", |m| m.as_str().trim()),
                range: whole.range(),
            }
        })
        .collect()
}

/// Replaces every workbook directive in every chapter by what `expand`
/// makes of it. Failures are collected and reported together, each with its
/// chapter (`src_label` is the source folder as the author knows it: `src`).
pub fn expand_book(
    book: &mut Book,
    src_label: &Path,
    mut expand: impl FnMut(&Chapter, &Directive<'_>) -> Result<String>,
) -> Result<()> {
    let mut errors = Vec::new();
    book.for_each_chapter_mut(|chapter| {
        let directives = find(&chapter.content, &DIRECTIVES);
        if directives.is_empty() {
            return;
        }
        let mut out = String::with_capacity(chapter.content.len());
        let mut done = 0;
        for directive in &directives {
            out.push_str(&chapter.content[done..directive.range.start]);
            match expand(chapter, directive) {
                Ok(expanded) => out.push_str(&expanded),
                Err(e) => {
                    let file = chapter.source_path.as_deref().map(|p| src_label.join(p));
                    let file =
                        file.map_or_else(|| chapter.name.clone(), |f| f.display().to_string());
                    errors.push(anyhow!("{file}: {}: {e:#}", directive.text));
                    out.push_str(directive.text);
                }
            }
            done = directive.range.end;
        }
        out.push_str(&chapter.content[done..]);
        match claim::apply_conditions(&out) {
            Ok(kept) => chapter.content = kept,
            Err(e) => {
                let file = chapter.source_path.as_deref().map(|p| src_label.join(p));
                let file = file.map_or_else(|| chapter.name.clone(), |f| f.display().to_string());
                errors.push(anyhow!("{file}: {e:#}"));
            }
        }
    });
    match errors.len() {
        0 => Ok(()),
        1 => Err(errors.remove(0)),
        n => bail!(
            "{n} directives failed:\n{}",
            errors.iter().map(|e| format!("  - {e}")).collect::<Vec<_>>().join("\n")
        ),
    }
}

/// The relative path from a chapter's page to the book's root: `""` for
/// `00-amdahl.md`, `"../"` for `part/01-threads.md`.
pub fn path_to_root(chapter: &Chapter) -> String {
    let depth =
        chapter.path.as_deref().and_then(Path::parent).map_or(0, |dir| dir.components().count());
    "../".repeat(depth)
}

#[cfg(test)]
mod tests {
    use super::*;
    use mdbook_preprocessor::book::BookItem;

    fn book_with(content: &str, path: &str) -> Book {
        Book::new_with_items(vec![BookItem::Chapter(Chapter::new(
            "Amdahl",
            content.into(),
            path,
            vec![],
        ))])
    }

    fn content(book: &Book) -> String {
        match &book.items[0] {
            BookItem::Chapter(ch) => ch.content.clone(),
            _ => unreachable!(),
        }
    }

    #[test]
    fn directives_are_found_with_their_argument() {
        let found = find(
            "a {{#figure lab-00/x}} b {{ #figure  y }} {{#exercise z}} {{#include q}}",
            &DIRECTIVES,
        );
        assert_eq!(found[0].text, "{{#figure lab-00/x}}");
        let found: Vec<_> = found.iter().map(|d| (d.name, d.arg)).collect();
        assert_eq!(found, [("figure", "lab-00/x"), ("figure", "y"), ("exercise", "z")]);
    }

    #[test]
    fn a_directive_may_have_no_argument() {
        let found = find("{{#if-held lab/x}}a{{#end-if}} {{#end-ifx}}", &DIRECTIVES);
        let found: Vec<_> = found.iter().map(|d| (d.name, d.arg)).collect();
        assert_eq!(found, [("if-held", "lab/x"), ("end-if", "")]);
    }

    #[test]
    fn an_escaped_directive_is_left_alone() {
        assert!(find(r"\{{#figure lab-00/x}}", &DIRECTIVES).is_empty());
    }

    #[test]
    fn directives_are_replaced_in_place() {
        let mut book = book_with("before {{#figure a}} middle {{#result b}} after", "00-amdahl.md");
        expand_book(&mut book, Path::new("src"), |_, d| Ok(format!("[{} {}]", d.name, d.arg)))
            .unwrap();
        assert_eq!(content(&book), "before [figure a] middle [result b] after");
    }

    #[test]
    fn every_failure_is_reported_with_chapter_and_directive() {
        let mut book = book_with("{{#figure a}} {{#exercise b}}", "00-amdahl.md");
        let err =
            expand_book(&mut book, Path::new("src"), |_, d| bail!("no {}", d.arg)).unwrap_err();
        let err = err.to_string();
        assert!(err.contains("2 directives failed"), "{err}");
        assert!(err.contains("src/00-amdahl.md: {{#figure a}}: no a"), "{err}");
        assert!(err.contains("src/00-amdahl.md: {{#exercise b}}: no b"), "{err}");
    }

    #[test]
    fn pages_in_folders_climb_to_the_root() {
        let top = Chapter::new("a", String::new(), "00-amdahl.md", vec![]);
        let nested = Chapter::new("b", String::new(), "part/deeper/01.md", vec![]);
        assert_eq!(path_to_root(&top), "");
        assert_eq!(path_to_root(&nested), "../../");
    }
}
