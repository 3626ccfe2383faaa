//! `cargo workbook claims`, and the claims summary `build` prints.
//!
//! Each lab records the comparisons its chapter states as claims, with a
//! verdict from its own runs (`labkit::claim`). `claims` lists every claim
//! of every measured lab (its verdict, statement and evidence, and the pages
//! that quote it), so an author sees at a glance what did not hold on this
//! machine; `build` prints, per chapter, how many of the claims it quotes
//! held.

use crate::preprocess::claim::ClaimUse;
use crate::preprocess::{DIRECTIVES, find};
use crate::workspace::Workspace;
use anyhow::Result;
use labkit::claim::Verdict;
use labkit::manifest::{FILE_NAME, Manifest};
use std::collections::BTreeMap;
use std::fmt::Write;

/// Per chapter, in book order: the claims held, not held and unclear, and
/// the names of those that did not hold.
pub fn summary(uses: &[ClaimUse]) -> String {
    if uses.is_empty() {
        return String::new();
    }
    let mut chapters: Vec<(&str, [usize; 3], Vec<String>)> = Vec::new();
    for used in uses {
        let at = match chapters.iter().position(|(c, ..)| *c == used.chapter) {
            Some(at) => at,
            None => {
                chapters.push((&used.chapter, [0; 3], Vec::new()));
                chapters.len() - 1
            }
        };
        let (_, counts, missed) = &mut chapters[at];
        counts[slot(used.verdict)] += 1;
        if used.verdict != Verdict::Held {
            missed.push(format!("{} ({})", used.name, used.verdict.as_str()));
        }
    }
    let mut table = crate::table::new(["chapter", "held", "not held", "unclear", "did not hold"]);
    let mut total = [0; 3];
    for (chapter, counts, missed) in &chapters {
        for (t, c) in total.iter_mut().zip(counts) {
            *t += c;
        }
        let [held, not, unclear] = counts.map(|n| n.to_string());
        table.add_row([chapter.to_string(), held, not, unclear, missed.join(", ")]);
    }
    let [held, not, unclear] = total;
    let mut out = String::new();
    let _ = writeln!(out, "Claims quoted by the chapters, on this machine:\n{table}");
    let _ = writeln!(out, "{held} held, {not} not held, {unclear} unclear.");
    out
}

/// Index of a verdict in the summary's counts.
fn slot(verdict: Verdict) -> usize {
    match verdict {
        Verdict::Held => 0,
        Verdict::NotHeld => 1,
        Verdict::Unclear => 2,
    }
}

/// Prints every claim of every measured lab, with the pages quoting it.
pub fn list(workspace: &Workspace) -> Result<()> {
    let quoted = quoted_by_pages(workspace)?;
    let mut table = crate::table::new(["claim", "verdict", "statement", "evidence", "quoted in"]);
    let mut counts = [0; 3];
    let mut unmeasured = Vec::new();
    for lab in &workspace.labs {
        let dir = workspace.figures_dir(&lab.name);
        if !dir.join(FILE_NAME).is_file() {
            unmeasured.push(lab.name.as_str());
            continue;
        }
        let manifest = Manifest::load(&dir)?;
        for entry in &manifest.claims {
            let name = format!("{}/{}", lab.name, entry.key);
            counts[slot(entry.claim.verdict)] += 1;
            let pages = quoted.get(&name).map_or("(not quoted)".to_string(), |p| p.join(", "));
            table.add_row([
                name,
                entry.claim.verdict.as_str().to_string(),
                entry.claim.statement.clone(),
                entry.claim.evidence.clone(),
                pages,
            ]);
        }
    }
    println!("{table}");
    let [held, not, unclear] = counts;
    println!("{held} held, {not} not held, {unclear} unclear.");
    if !unmeasured.is_empty() {
        println!("Not measured yet (run `cargo workbook build`): {}.", unmeasured.join(", "));
    }
    Ok(())
}

/// `lab/key` -> the pages (file names under `src/`) that quote it.
fn quoted_by_pages(workspace: &Workspace) -> Result<BTreeMap<String, Vec<String>>> {
    let mut quoted: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let src = workspace.root.join("src");
    let mut pages: Vec<_> = std::fs::read_dir(&src)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    pages.sort();
    for page in pages {
        let text = std::fs::read_to_string(&page)?;
        let file = page.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default();
        for directive in find(&text, &DIRECTIVES) {
            if matches!(directive.name, "claim" | "if-held" | "if-not-held") {
                let pages = quoted.entry(directive.arg.to_string()).or_default();
                if !pages.contains(&file) {
                    pages.push(file.clone());
                }
            }
        }
    }
    Ok(quoted)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn used(chapter: &str, name: &str, verdict: Verdict) -> ClaimUse {
        ClaimUse { chapter: chapter.into(), name: name.into(), verdict }
    }

    #[test]
    fn the_summary_counts_each_chapter_and_names_what_did_not_hold() {
        let text = summary(&[
            used("Queue", "lab-07-queue/rises", Verdict::Held),
            used("Queue", "lab-07-queue/target", Verdict::Unclear),
            used("Lock", "lab-02-lock/spin", Verdict::NotHeld),
        ]);
        assert!(text.contains("1 held, 1 not held, 1 unclear."), "{text}");
        assert!(text.contains("lab-07-queue/target (unclear)"), "{text}");
        assert!(text.contains("lab-02-lock/spin (not held)"), "{text}");
        assert!(!text.contains("rises ("), "{text}");
    }

    #[test]
    fn no_claims_no_summary() {
        assert_eq!(summary(&[]), "");
    }
}
