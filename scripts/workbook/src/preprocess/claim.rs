//! `{{#claim lab-07-queue/rises}}` and its conditional blocks: a comparison
//! the chapter states, as it came out on the machine that built the book.
//!
//! A lab records each comparison its chapter makes as a claim, with a
//! verdict computed from its own runs ([`labkit::claim`]). The chapter never
//! writes "A is faster than B" itself; it writes the directive, which
//! becomes a whole sentence:
//!
//! - held: the statement, capitalised, with its evidence in brackets;
//! - not held: "**Not on this machine:** the lab expected that …, but
//!   measured …", and the lab's reason why that can happen, if it gave one;
//! - unclear: "**Too close to call on this machine:** …", naming the points
//!   whose runs spread too wide to decide.
//!
//! `{{#if-held lab/key}} … {{#end-if}}` and `{{#if-not-held lab/key}} …
//! {{#end-if}}` keep a passage only when the claim went that way (unclear
//! counts as not held), so an explanation that assumes the result is only
//! printed where the result is true. Blocks may nest. Every directive in a
//! dropped passage is still checked, so a claim a passage names must exist
//! whichever way the run went.
//!
//! Layout: [`expand`] renders the sentence; [`condition`] opens a block with
//! a marker that [`apply_conditions`] (run on the whole chapter once every
//! directive is expanded) keeps or drops up to its `{{#end-if}}`.

use super::manifests::{HOW_TO_MEASURE, Manifests, lab_and_name};
use crate::text::escape_html;
use anyhow::{Context, Result, bail};
use labkit::claim::{Claim, Verdict};

/// Opens a passage kept in the page.
const KEEP: &str = "<!--wb-if:keep-->";
/// Opens a passage dropped from the page.
const DROP: &str = "<!--wb-if:drop-->";
/// Closes the innermost open passage.
const END: &str = "<!--wb-if:end-->";

/// One claim a chapter named, with how it came out (for the build's summary).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimUse {
    /// The chapter's title.
    pub chapter: String,
    /// `lab/key`, as written.
    pub name: String,
    /// How the run went.
    pub verdict: Verdict,
}

/// The claim `lab/key` from its lab's manifest. A Python claim of a lab
/// whose Python series was skipped here is unclear, saying why
/// ([`super::manifests::python_skipped`]).
pub fn find(manifests: &mut Manifests, arg: &str) -> Result<Claim> {
    let (lab, key) = lab_and_name("claim", arg)?;
    let manifest = manifests.get(lab)?;
    if manifest.claim(key).is_none()
        && let Some(why) = super::manifests::python_skipped(manifest, key)
    {
        return Ok(Claim {
            statement: format!("its Python series supports `{key}`"),
            verdict: Verdict::Unclear,
            evidence: format!("not measured on this machine: {why}"),
            unclear: vec!["the Python series".into()],
            if_not: None,
        });
    }
    let entry = manifest.claim(key).with_context(|| {
        let keys: Vec<&str> = manifest.claims.iter().map(|c| c.key.as_str()).collect();
        let recorded = if keys.is_empty() { "none".to_string() } else { keys.join(", ") };
        format!("{lab} recorded no claim `{key}` (it recorded: {recorded}); {HOW_TO_MEASURE}")
    })?;
    Ok(entry.claim.clone())
}

/// Expands `{{#claim lab/key}}` into a sentence.
pub fn expand(manifests: &mut Manifests, arg: &str) -> Result<(String, Verdict)> {
    let claim = find(manifests, arg)?;
    Ok((render(&claim), claim.verdict))
}

/// The sentence for a claim, as HTML (it sits inside a Markdown paragraph).
pub fn render(claim: &Claim) -> String {
    let statement = escape_html(claim.statement.trim().trim_end_matches('.'));
    let evidence = escape_html(claim.evidence.trim().trim_end_matches('.'));
    match claim.verdict {
        Verdict::Held => format!(
            "<span class=\"wb-claim wb-held\" title=\"checked against this build's measurements: held\">{} ({evidence}).</span>",
            capitalised(&statement)
        ),
        Verdict::NotHeld => {
            let why = claim.if_not.as_deref().map(str::trim).filter(|w| !w.is_empty());
            let why = why.map(|w| format!(" {}", escape_html(&sentence(w)))).unwrap_or_default();
            format!(
                "<span class=\"wb-claim wb-not-held\"><strong>Not on this machine:</strong> the lab expected that {statement}, but measured {evidence}.{why}</span>"
            )
        }
        Verdict::Unclear if claim.evidence.trim_start().starts_with("not measured") => {
            // The evidence says "not measured on this machine: why"; the
            // heading already says the first half.
            let why = evidence.split_once(':').map_or(evidence.as_str(), |(_, why)| why.trim());
            format!(
                "<span class=\"wb-claim wb-unclear\"><strong>Not measured on this machine:</strong> the lab would check that {statement}, but {why}.</span>"
            )
        }
        Verdict::Unclear => {
            let points = if claim.unclear.is_empty() {
                "the points it rests on".to_string()
            } else {
                escape_html(&claim.unclear.join(", "))
            };
            format!(
                "<span class=\"wb-claim wb-unclear\"><strong>Too close to call on this machine:</strong> the lab expected that {statement}, but the runs of {points} spread too wide to tell ({evidence}).</span>"
            )
        }
    }
}

/// A lab's reason as a sentence of its own: capitalised, with a full stop
/// (labs write "the two vCPUs may share a core", the page needs "The two
/// vCPUs may share a core.").
fn sentence(text: &str) -> String {
    let text = capitalised(text);
    if text.ends_with(['.', '!', '?', ')']) { text } else { format!("{text}.") }
}

/// Expands `{{#if-held …}}` (`want_held`) or `{{#if-not-held …}}` into the
/// marker that opens a kept or a dropped passage.
pub fn condition(
    manifests: &mut Manifests,
    arg: &str,
    want_held: bool,
) -> Result<(&'static str, Verdict)> {
    let claim = find(manifests, arg)?;
    let keep = claim.held() == want_held;
    Ok((if keep { KEEP } else { DROP }, claim.verdict))
}

/// Closes a passage (`{{#end-if}}`, which takes no argument).
pub fn end(arg: &str) -> Result<&'static str> {
    if !arg.is_empty() {
        bail!("`{{{{#end-if}}}}` takes no argument, not `{arg}`");
    }
    Ok(END)
}

/// Keeps or drops every marked passage of an expanded chapter and removes
/// the markers. An unclosed or unopened passage is an error.
pub fn apply_conditions(content: &str) -> Result<String> {
    if !content.contains("<!--wb-if:") {
        return Ok(content.to_string());
    }
    let mut out = String::with_capacity(content.len());
    // One entry per open passage: whether it is kept.
    let mut open: Vec<bool> = Vec::new();
    let mut rest = content;
    while let Some(at) = rest.find("<!--wb-if:") {
        if open.iter().all(|&kept| kept) {
            out.push_str(&rest[..at]);
        }
        let marker = &rest[at..];
        if let Some(after) = marker.strip_prefix(KEEP) {
            open.push(true);
            rest = after;
        } else if let Some(after) = marker.strip_prefix(DROP) {
            open.push(false);
            rest = after;
        } else if let Some(after) = marker.strip_prefix(END) {
            if open.pop().is_none() {
                bail!(
                    "`{{{{#end-if}}}}` without an `{{{{#if-held}}}}` or `{{{{#if-not-held}}}}` before it"
                );
            }
            rest = after;
        } else {
            bail!("a malformed claim marker in the page");
        }
    }
    if !open.is_empty() {
        bail!(
            "{} `{{{{#if-held}}}}`/`{{{{#if-not-held}}}}` block(s) without `{{{{#end-if}}}}`",
            open.len()
        );
    }
    out.push_str(rest);
    Ok(out)
}

/// `text` with its first letter in upper case.
fn capitalised(text: &str) -> String {
    // An identifier keeps its case: `imap_unordered`, `gc.freeze()`,
    // `posix_spawn's`.
    let first = text.split_whitespace().next().unwrap_or("");
    if first.contains(['_', '.', '(', '`', ':']) {
        return text.to_string();
    }
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests;
