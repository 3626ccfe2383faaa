//! Claims over synthetic manifests, rendered both ways, alone and through a
//! whole chapter (conditional passages kept and dropped).

use super::*;
use crate::preprocess::{Directive, expand_book};
use labkit::claim::Quantity;
use labkit::claim::show;
use labkit::manifest::{ClaimEntry, Manifest};
use labkit::measure::Stats;
use mdbook_preprocessor::book::{Book, BookItem, Chapter};
use std::path::Path;

/// A tight measurement around `median`.
fn around(median: f64) -> Stats {
    Stats::of(&[median * 0.99, median, median * 1.01]).unwrap()
}

/// A book source with lab-07-queue's manifest holding two claims computed
/// from synthetic runs: one that holds (a is faster) and one that does not.
fn source() -> tempfile::TempDir {
    let src = tempfile::tempdir().unwrap();
    let dir = src.path().join("figures/lab-07-queue");
    std::fs::create_dir_all(&dir).unwrap();
    let fast = Quantity::new("crossbeam", around(2.0e6), show::rate);
    let slow = Quantity::new("hand-built", around(1.0e6), show::rate);
    let held = Claim::greater(
        "crossbeam moves more items per second than the hand-built queue",
        &fast,
        &slow,
    );
    let not_held = Claim::greater(
        "the hand-built queue moves more items per second than crossbeam",
        &slow,
        &fast,
    )
    .if_not("its single lock serialises producers and consumers");
    let wide = Quantity::new("std", Stats::of(&[0.5e6, 1.0e6, 3.0e6]).unwrap(), show::rate);
    let unclear = Claim::greater("std's channel beats the hand-built queue", &wide, &slow);
    assert_eq!(held.verdict, Verdict::Held);
    assert_eq!(not_held.verdict, Verdict::NotHeld);
    assert_eq!(unclear.verdict, Verdict::Unclear);
    let claims = [("faster", held), ("slower", not_held), ("std", unclear)]
        .into_iter()
        .map(|(key, claim)| ClaimEntry { key: key.into(), claim })
        .collect();
    Manifest { lab: "lab-07-queue".into(), claims, ..Default::default() }.save(&dir).unwrap();
    src
}

fn expanded(page: &str) -> Result<String> {
    let src = source();
    let mut manifests = Manifests::new(src.path());
    let mut book = Book::new_with_items(vec![BookItem::Chapter(Chapter::new(
        "Queue",
        page.into(),
        "07-queue.md",
        vec![],
    ))]);
    expand_book(&mut book, Path::new("src"), |_, d: &Directive<'_>| match d.name {
        "claim" => Ok(expand(&mut manifests, d.arg)?.0),
        "if-held" => Ok(condition(&mut manifests, d.arg, true)?.0.to_string()),
        "if-not-held" => Ok(condition(&mut manifests, d.arg, false)?.0.to_string()),
        "end-if" => Ok(end(d.arg)?.to_string()),
        other => bail!("unexpected {other}"),
    })?;
    let BookItem::Chapter(chapter) = &book.items[0] else { unreachable!() };
    Ok(chapter.content.clone())
}

#[test]
fn a_claim_that_held_reads_as_a_plain_sentence_with_its_evidence() {
    let text = expanded("{{#claim lab-07-queue/faster}}").unwrap();
    assert!(text.starts_with("<span class=\"wb-claim wb-held\""), "{text}");
    assert!(
        text.contains(">Crossbeam moves more items per second than the hand-built queue ("),
        "{text}"
    );
    assert!(text.contains("crossbeam 2.00"), "{text}");
    assert!(!text.contains("Not on this machine"), "{text}");
}

#[test]
fn a_claim_that_did_not_hold_says_so_with_the_numbers_and_the_reason() {
    let text = expanded("{{#claim lab-07-queue/slower}}").unwrap();
    assert!(text.contains("<strong>Not on this machine:</strong> the lab expected that the hand-built queue moves more"), "{text}");
    assert!(text.contains("but measured hand-built 1.00"), "{text}");
    // The lab wrote its reason in lower case without a stop: the page makes
    // it a sentence of its own.
    assert!(
        text.contains(". Its single lock serialises producers and consumers.</span>"),
        "{text}"
    );
}

#[test]
fn a_claim_on_points_too_noisy_to_separate_is_too_close_to_call() {
    let text = expanded("{{#claim lab-07-queue/std}}").unwrap();
    assert!(text.contains("<strong>Too close to call on this machine:</strong>"), "{text}");
    assert!(text.contains("spread too wide to tell"), "{text}");
}

#[test]
fn passages_are_kept_or_dropped_by_how_the_claim_went() {
    let page = "A {{#if-held lab-07-queue/faster}}kept-1{{#end-if}} B \
                {{#if-not-held lab-07-queue/faster}}dropped-1{{#end-if}} C \
                {{#if-held lab-07-queue/slower}}dropped-2 {{#if-held lab-07-queue/faster}}inner{{#end-if}}{{#end-if}} D \
                {{#if-not-held lab-07-queue/std}}kept-2{{#end-if}}";
    let text = expanded(page).unwrap();
    assert_eq!(text, "A kept-1 B  C  D kept-2");
}

#[test]
fn an_unknown_claim_fails_and_lists_the_recorded_ones() {
    let err = expanded("{{#claim lab-07-queue/rises}}").unwrap_err().to_string();
    assert!(err.contains("src/07-queue.md: {{#claim lab-07-queue/rises}}"), "{err}");
    assert!(err.contains("recorded no claim `rises` (it recorded: faster, slower, std)"), "{err}");
    let err = expanded("{{#if-held lab-07-queue/nope}}x{{#end-if}}").unwrap_err().to_string();
    assert!(err.contains("recorded no claim `nope`"), "{err}");
}

#[test]
fn unbalanced_blocks_are_errors() {
    let err = expanded("{{#if-held lab-07-queue/faster}} never closed").unwrap_err().to_string();
    assert!(err.contains("without `{{#end-if}}`"), "{err}");
    let err = expanded("stray {{#end-if}}").unwrap_err().to_string();
    assert!(err.contains("`{{#end-if}}` without"), "{err}");
    let err = expanded("{{#end-if oops}}").unwrap_err().to_string();
    assert!(err.contains("takes no argument"), "{err}");
}

#[test]
fn a_claim_that_could_not_be_measured_says_so_rather_than_too_close() {
    let claim = Claim {
        statement: "in Python, threads take turns".into(),
        verdict: Verdict::Unclear,
        evidence: "not measured on this machine (no python3)".into(),
        unclear: vec!["the Python series".into()],
        if_not: None,
    };
    let text = render(&claim);
    assert!(text.contains("<strong>Not measured on this machine:</strong>"), "{text}");
    assert!(!text.contains("spread too wide"), "{text}");
    let text = render(&Claim::not_measured("Python is slower", "python3 was not found"));
    assert!(
        text.ends_with(
            "the lab would check that Python is slower, but python3 was not found.</span>"
        ),
        "the reason once, not 'not measured' twice: {text}"
    );
}

#[test]
fn a_statement_that_opens_with_an_identifier_keeps_its_case() {
    assert_eq!(
        capitalised("imap_unordered hands results over"),
        "imap_unordered hands results over"
    );
    assert_eq!(capitalised("gc.freeze() keeps pages shared"), "gc.freeze() keeps pages shared");
    assert_eq!(capitalised("the pool wins"), "The pool wins");
}
