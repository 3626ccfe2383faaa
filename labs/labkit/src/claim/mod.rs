//! Claims: the comparisons a chapter states, checked against the run that
//! measured them.
//!
//! The book is rebuilt on the reader's machine, so a sentence such as
//! "throughput rises with capacity for every queue" may be true where it
//! was written and false where it is read. A lab therefore never leaves
//! such a sentence to the chapter: it computes it from its own data as a
//! [`Claim`] and records it with [`crate::LabContext::claim`]. The claim
//! carries its statement, the numbers it rests on, and a [`Verdict`]; the
//! chapter quotes it with `{{#claim lab-07-queue/rises}}`, and the build
//! prints the statement where it held and says plainly, with the numbers,
//! where it did not.
//!
//! | file | what it holds |
//! | --- | --- |
//! | `claim/mod.rs` | [`Claim`], [`Verdict`], facts and combinations |
//! | `claim/quantity.rs` | [`Quantity`]: a named, measured value, and [`show`] |
//! | `claim/compare.rs` | claims over quantities: orderings, ratios, trends |
//!
//! A claim resting on points whose runs spread too wide to separate them
//! (see [`crate::measure::compare`]) is [`Verdict::Unclear`]: it neither
//! holds nor fails on this run, and the page says so.

mod compare;
mod quantity;

pub use quantity::{Quantity, show};

use serde::{Deserialize, Serialize};

/// What a run found about a claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// The data says the statement is true on this machine.
    Held,
    /// The data says it is false on this machine.
    NotHeld,
    /// The runs spread too wide to tell.
    Unclear,
}

impl Verdict {
    /// `held`, `not held`, `unclear`: for tables and summaries.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Held => "held",
            Verdict::NotHeld => "not held",
            Verdict::Unclear => "unclear",
        }
    }
}

/// A statement about this run's data, its verdict and its evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    /// The sentence as the chapter prints it when it held, e.g. "the
    /// hand-built queue reaches at least a third of crossbeam's throughput".
    pub statement: String,
    /// Whether it held in this run.
    pub verdict: Verdict,
    /// The numbers it rests on, as a phrase: "0.56× (target 0.33×)".
    pub evidence: String,
    /// Points it rests on whose runs spread too wide to decide.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unclear: Vec<String>,
    /// Why it may not hold on some machines, printed when it did not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub if_not: Option<String>,
}

impl Claim {
    /// A claim with a verdict and evidence given by the lab: for exact facts
    /// (counts, items lost, hangs seen), where there is no spread to weigh.
    pub fn fact(statement: impl Into<String>, held: bool, evidence: impl Into<String>) -> Claim {
        Claim {
            statement: statement.into(),
            verdict: if held { Verdict::Held } else { Verdict::NotHeld },
            evidence: evidence.into(),
            unclear: Vec::new(),
            if_not: None,
        }
    }

    /// A claim this run could not check, because what it rests on was not
    /// measured here (no python3, a system call this kernel refuses): it is
    /// [`Verdict::Unclear`], never "not held", and the page says "not
    /// measured on this machine" with `why`.
    pub fn not_measured(statement: impl Into<String>, why: impl Into<String>) -> Claim {
        Claim {
            statement: statement.into(),
            verdict: Verdict::Unclear,
            evidence: format!("not measured on this machine: {}", why.into()),
            unclear: Vec::new(),
            if_not: None,
        }
    }

    /// Adds the reason the chapter gives for the claim failing on some
    /// machines ("on a virtual machine the two vCPUs may share a core").
    pub fn if_not(mut self, why: impl Into<String>) -> Claim {
        self.if_not = Some(why.into());
        self
    }

    /// Every part must hold: held if all held, not held if any did not, and
    /// unclear otherwise. The evidence lists the parts'.
    pub fn all(statement: impl Into<String>, parts: Vec<Claim>) -> Claim {
        let verdict = if parts.iter().any(|p| p.verdict == Verdict::NotHeld) {
            Verdict::NotHeld
        } else if parts.iter().all(|p| p.verdict == Verdict::Held) {
            Verdict::Held
        } else {
            Verdict::Unclear
        };
        combined(statement.into(), verdict, &parts)
    }

    /// At least one part must hold: held if any held, not held if none held
    /// and none was unclear, unclear otherwise.
    pub fn any(statement: impl Into<String>, parts: Vec<Claim>) -> Claim {
        let verdict = if parts.iter().any(|p| p.verdict == Verdict::Held) {
            Verdict::Held
        } else if parts.iter().all(|p| p.verdict == Verdict::NotHeld) {
            Verdict::NotHeld
        } else {
            Verdict::Unclear
        };
        combined(statement.into(), verdict, &parts)
    }

    /// Whether it held.
    pub fn held(&self) -> bool {
        self.verdict == Verdict::Held
    }
}

/// A combination of `parts` with its verdict. Its evidence names every part
/// when it held; when it did not, only the parts that did not hold, so the
/// page's "but measured …" points at what failed instead of burying it in a
/// list of everything that went as expected.
fn combined(statement: String, verdict: Verdict, parts: &[Claim]) -> Claim {
    let failing: Vec<Claim> = parts.iter().filter(|p| !p.held()).cloned().collect();
    let shown = if verdict == Verdict::Held || failing.is_empty() { parts } else { &failing[..] };
    Claim {
        statement,
        verdict,
        evidence: join_parts(shown),
        unclear: parts.iter().flat_map(|p| p.unclear.iter().cloned()).collect(),
        if_not: None,
    }
}

/// The parts' statements with their verdicts and evidence, for a combination.
fn join_parts(parts: &[Claim]) -> String {
    let each = parts.iter().map(|p| match p.verdict {
        Verdict::Held => format!("{}: {}", p.statement, p.evidence),
        other => format!("{} ({}): {}", p.statement, other.as_str(), p.evidence),
    });
    each.collect::<Vec<_>>().join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fact_holds_or_not_as_the_lab_says() {
        assert!(Claim::fact("no item was lost", true, "0 of 1000 lost").held());
        let c = Claim::fact("no item was lost", false, "3 of 1000 lost").if_not("a race");
        assert_eq!((c.verdict, c.if_not.as_deref()), (Verdict::NotHeld, Some("a race")));
    }

    #[test]
    fn combinations_follow_their_parts() {
        let held = Claim::fact("a", true, "1");
        let not = Claim::fact("b", false, "2");
        let unclear = Claim { verdict: Verdict::Unclear, ..Claim::fact("c", true, "3") };
        let all = |parts: Vec<Claim>| Claim::all("all", parts).verdict;
        assert_eq!(all(vec![held.clone(), held.clone()]), Verdict::Held);
        assert_eq!(all(vec![held.clone(), unclear.clone()]), Verdict::Unclear);
        assert_eq!(all(vec![unclear.clone(), not.clone()]), Verdict::NotHeld);
        let any = |parts: Vec<Claim>| Claim::any("any", parts).verdict;
        assert_eq!(any(vec![not.clone(), held.clone()]), Verdict::Held);
        assert_eq!(any(vec![not.clone(), unclear.clone()]), Verdict::Unclear);
        assert_eq!(any(vec![not.clone(), not.clone()]), Verdict::NotHeld);
        let text = Claim::all("all", vec![held.clone(), not.clone()]).evidence;
        assert_eq!(text, "b (not held): 2", "a failed combination names only what failed");
        let text = Claim::all("all", vec![held.clone(), held.clone()]).evidence;
        assert_eq!(text, "a: 1; a: 1", "a held one names every part");
        let text = Claim::any("any", vec![not, held]).evidence;
        assert_eq!(text, "b (not held): 2; a: 1", "a held `any` names every part");
    }

    #[test]
    fn a_claim_not_measured_is_unclear_and_says_why() {
        let c = Claim::not_measured("Python is slower", "python3 was not found");
        assert_eq!(c.verdict, Verdict::Unclear);
        assert_eq!(c.evidence, "not measured on this machine: python3 was not found");
    }
}
