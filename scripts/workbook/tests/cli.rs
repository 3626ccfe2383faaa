//! The command line, end to end, on a small workbook made in a temporary
//! directory (`--root`): one lab with one exercise, one chapter using every
//! directive, and that lab's measurements already in `src/figures`. Nothing
//! here runs cargo, so these tests take a second.

use std::path::Path;
use std::process::{Command, Output};

/// Runs the tool on the workbook at `root`.
fn workbook(root: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_workbook"))
        .arg("--root")
        .arg(root)
        .args(args)
        .output()
        .expect("the workbook binary runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn write(root: &Path, path: &str, text: &str) {
    let path = root.join(path);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

const EXERCISE_SOURCE: &str = "\
/// The answer.
pub fn answer() -> u32 {
    // exercise: solution
    42
    // exercise: starter
    // todo!(\"find the answer\")
    // exercise: end
}

#[cfg(test)]
mod tests {
    #[test]
    fn is_42() {
        assert_eq!(super::answer(), 42);
    }
}
";

const MANIFEST: &str = r#"{
  "lab": "lab-00-toy", "mode": "quick", "machine": "a test machine",
  "figures": [{"name": "speedup", "file": "speedup.svg", "title": "Speedup", "caption": "Median of 3.", "data": ["speedup.csv"]}],
  "data": [{"file": "speedup.csv", "title": "speedups"}],
  "results": [{"key": "best", "value": "1.9×", "what": "the best speedup"}]
}"#;

/// A workbook with one lab (`lab-00-toy`), measured, and one chapter.
fn toy_workbook(chapter: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "book.toml",
        "[book]\ntitle = \"Toy\"\nsrc = \"src\"\n[build]\ncreate-missing = false\n",
    );
    write(
        root,
        "labs/lab-00-toy/Cargo.toml",
        "[package]\nname = \"lab-00-toy\"\ndescription = \"A toy lab.\"\n",
    );
    write(root, "labs/lab-00-toy/src/answer.rs", EXERCISE_SOURCE);
    write(
        root,
        "labs/lab-00-toy/exercises.toml",
        "[[exercise]]\nid = \"00-answer\"\ntitle = \"The answer\"\nsource = \"src/answer.rs\"\n\
         summary = \"Return the answer.\"\nhints = [\"It is a number.\", \"It is 42.\"]\n",
    );
    write(root, "src/SUMMARY.md", "# Summary\n\n- [Toy](00-toy.md)\n");
    write(root, "src/00-toy.md", chapter);
    write(root, "src/figures/lab-00-toy/manifest.json", MANIFEST);
    write(
        root,
        "src/figures/lab-00-toy/speedup.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    write(root, "src/figures/lab-00-toy/speedup.csv", "n,speedup\n1,1\n");
    dir
}

const CHAPTER: &str = "# Toy\n\nBest: {{#result lab-00-toy/best}}.\n\n{{#figure lab-00-toy/speedup}}\n\n\
    Escaped: \\{{#figure not/expanded}}\n\n{{#exercise 00-answer}}\n";

#[test]
fn bad_arguments_exit_with_status_2() {
    let root = toy_workbook(CHAPTER);
    assert_eq!(workbook(root.path(), &["frobnicate"]).status.code(), Some(2));
    assert_eq!(workbook(root.path(), &["build", "--skip-labs", "--quick"]).status.code(), Some(2));
}

#[test]
fn list_shows_labs_and_exercises() {
    let root = toy_workbook(CHAPTER);
    let out = workbook(root.path(), &["list"]);
    assert!(out.status.success());
    let text = stdout(&out);
    assert!(
        text.contains("lab-00-toy") && text.contains("A toy lab.") && text.contains("00-answer"),
        "{text}"
    );
}

#[test]
fn an_unknown_lab_is_a_clear_error() {
    let root = toy_workbook(CHAPTER);
    let out = workbook(root.path(), &["run", "threads"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("error: no lab called `threads`; the labs are: lab-00-toy"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn start_makes_the_starter_and_refuses_to_overwrite_it() {
    let root = toy_workbook(CHAPTER);
    let out = workbook(root.path(), &["exercise", "start", "00-answer"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let lib = root.path().join("my-exercises/00-answer/src/lib.rs");
    assert!(std::fs::read_to_string(&lib).unwrap().contains("    todo!(\"find the answer\")"));
    assert!(stdout(&out).contains("cargo workbook exercise check 00-answer"));

    std::fs::write(&lib, "// my work").unwrap();
    let again = workbook(root.path(), &["exercise", "start", "00-answer"]);
    assert_eq!(again.status.code(), Some(1));
    assert!(
        stderr(&again).contains("already exists") && stderr(&again).contains("--force"),
        "{}",
        stderr(&again)
    );
    assert_eq!(std::fs::read_to_string(&lib).unwrap(), "// my work");

    assert!(workbook(root.path(), &["exercise", "start", "00-answer", "--force"]).status.success());
    assert!(std::fs::read_to_string(&lib).unwrap().contains("todo!"));
}

#[test]
fn hints_are_revealed_one_more_at_a_time() {
    let root = toy_workbook(CHAPTER);
    assert!(workbook(root.path(), &["exercise", "start", "00-answer"]).status.success());
    let first = stdout(&workbook(root.path(), &["exercise", "hint", "00-answer"]));
    assert!(first.contains("Hint 1 of 2: It is a number.") && !first.contains("Hint 2"), "{first}");
    let second = stdout(&workbook(root.path(), &["exercise", "hint", "00-answer"]));
    assert!(
        second.contains("Hint 1 of 2") && second.contains("Hint 2 of 2: It is 42."),
        "{second}"
    );
    assert!(second.contains("last hint"), "{second}");
}

#[test]
fn checking_an_exercise_not_started_says_how_to_start_it() {
    let root = toy_workbook(CHAPTER);
    let out = workbook(root.path(), &["exercise", "check", "00-answer"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("run `cargo workbook exercise start 00-answer` first"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn the_book_renders_every_directive() {
    let root = toy_workbook(CHAPTER);
    let out = workbook(root.path(), &["build", "--skip-labs"]);
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    assert!(stdout(&out).contains(&format!(
        "file://{}",
        root.path().canonicalize().unwrap().join("book/index.html").display()
    )));
    let page = std::fs::read_to_string(root.path().join("book/00-toy.html")).unwrap();
    assert!(page.contains(r#"<img src="figures/lab-00-toy/speedup.svg" alt="Speedup">"#), "{page}");
    assert!(page.contains("A quick run"), "{page}");
    assert!(page.contains(">1.9×</span>"), "{page}");
    assert!(page.contains("{{#figure not/expanded}}"), "the escape keeps a directive as text");
    assert!(
        page.contains("<summary>Solution</summary>") && page.contains("find the answer"),
        "{page}"
    );
    assert!(root.path().join("book/figures/lab-00-toy/speedup.csv").is_file());
}

#[test]
fn an_unmeasured_figure_fails_the_build_naming_chapter_and_directive() {
    let root = toy_workbook("# Toy\n\n{{#figure lab-01-other/x}}\n\n{{#exercise 00-nope}}\n");
    let out = workbook(root.path(), &["build", "--skip-labs"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains(
            "src/00-toy.md: {{#figure lab-01-other/x}}: no measurements from lab-01-other"
        ),
        "{err}"
    );
    assert!(err.contains("cargo workbook build"), "{err}");
    assert!(err.contains("src/00-toy.md: {{#exercise 00-nope}}: no exercise `00-nope`"), "{err}");
}

#[test]
fn a_broken_include_or_link_fails_the_build() {
    let root = toy_workbook("# Toy\n\n```rust\n{{#include ../labs/gone.rs}}\n```\n");
    let out = workbook(root.path(), &["build", "--skip-labs"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("mdBook reported 1 error"), "{}", stderr(&out));

    let root = toy_workbook("# Toy\n\n![a plot](figures/lab-00-toy/missing.svg)\n");
    let out = workbook(root.path(), &["build", "--skip-labs"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("00-toy.html: figures/lab-00-toy/missing.svg"),
        "{}",
        stderr(&out)
    );
}

/// The toy lab's manifest with two claims, one held and one not: the data
/// of a lab that contradicts what its chapter expected.
const MANIFEST_WITH_CLAIMS: &str = r#"{
  "lab": "lab-00-toy", "mode": "quick", "machine": "a test machine",
  "figures": [], "data": [],
  "results": [{"key": "best", "value": "1.9×", "what": "the best speedup"}],
  "claims": [
    {"key": "faster", "statement": "two workers beat one", "verdict": "held",
     "evidence": "1.9× (at least 1.2× wanted)"},
    {"key": "linear", "statement": "four workers are four times as fast", "verdict": "not-held",
     "evidence": "2.1× (at least 3.6× wanted)", "if_not": "this machine has two cores"}
  ]
}"#;

/// The chapter's text in a rendered page (what assertions print on failure).
fn main_of(page: &str) -> &str {
    let start = page.find("<main>").unwrap_or(0);
    let end = page.find("</main>").unwrap_or(page.len());
    &page[start..end]
}

const CLAIMS_CHAPTER: &str = "# Toy\n\n{{#claim lab-00-toy/faster}}\n\n{{#claim lab-00-toy/linear}}\n\n\
    {{#if-held lab-00-toy/linear}}HELD-PASSAGE{{#end-if}}\n\n\
    {{#if-not-held lab-00-toy/linear}}NOT-HELD-PASSAGE{{#end-if}}\n";

#[test]
fn claims_render_as_they_went_and_the_build_counts_them() {
    let root = toy_workbook(CLAIMS_CHAPTER);
    write(root.path(), "src/figures/lab-00-toy/manifest.json", MANIFEST_WITH_CLAIMS);
    let out = workbook(root.path(), &["build", "--skip-labs"]);
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    let page = std::fs::read_to_string(root.path().join("book/00-toy.html")).unwrap();
    let page = main_of(&page);
    assert!(page.contains("Two workers beat one (1.9× (at least 1.2× wanted))."), "{page}");
    assert!(
        page.contains("<strong>Not on this machine:</strong> the lab expected that four workers")
            && page
                .contains("but measured 2.1× (at least 3.6× wanted). This machine has two cores."),
        "{page}"
    );
    assert!(page.contains("NOT-HELD-PASSAGE") && !page.contains("<p>HELD-PASSAGE"), "{page}");
    let text = stdout(&out);
    assert!(text.contains("1 held, 1 not held, 0 unclear."), "{text}");
    assert!(text.contains("lab-00-toy/linear (not held)"), "{text}");

    let listed = workbook(root.path(), &["claims"]);
    assert!(listed.status.success(), "{}", stderr(&listed));
    let list = stdout(&listed);
    assert!(
        list.contains("faster") && list.contains("linear") && list.contains("not held"),
        "{list}"
    );
}

#[test]
fn the_same_chapter_reads_otherwise_when_the_data_goes_the_other_way() {
    let flipped = MANIFEST_WITH_CLAIMS
        .replace(r#""verdict": "held""#, r#""verdict": "HELD-SWAP""#)
        .replace(r#""verdict": "not-held""#, r#""verdict": "held""#)
        .replace(r#""verdict": "HELD-SWAP""#, r#""verdict": "not-held""#);
    let root = toy_workbook(CLAIMS_CHAPTER);
    write(root.path(), "src/figures/lab-00-toy/manifest.json", &flipped);
    let out = workbook(root.path(), &["build", "--skip-labs"]);
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    let page = std::fs::read_to_string(root.path().join("book/00-toy.html")).unwrap();
    let page = main_of(&page);
    assert!(page.contains("Four workers are four times as fast"), "{page}");
    assert!(page.contains("the lab expected that two workers beat one"), "{page}");
    assert!(page.contains("<p>HELD-PASSAGE") && !page.contains("NOT-HELD-PASSAGE"), "{page}");
}

#[test]
fn a_claim_the_lab_did_not_record_fails_the_build() {
    let root = toy_workbook("# Toy\n\n{{#claim lab-00-toy/nonesuch}}\n");
    write(root.path(), "src/figures/lab-00-toy/manifest.json", MANIFEST_WITH_CLAIMS);
    let out = workbook(root.path(), &["build", "--skip-labs"]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let err = stderr(&out);
    assert!(err.contains("lab-00-toy recorded no claim `nonesuch`"), "{err}");
    assert!(err.contains("faster, linear"), "the error lists what was recorded: {err}");
}
