//! `cargo workbook check-browser` on a toy book: a clean book passes, and a
//! page given a broken image, a console error, a dead anchor and a figure
//! whose caption does not name the machine fails with each of them named; so
//! does a book with a page deleted, and a book whose search index is blank.
//!
//! These tests need chromium. Without it they print a note and pass, unless
//! `WORKBOOK_REQUIRE_CHROMIUM=1` (set by `.ci/run`, which installs it) makes
//! the missing browser a failure.

use std::path::Path;
use std::process::{Command, Output};

/// A two-chapter book, rendered by the tool.
fn toy_book() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let write = |path: &str, text: &str| {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write(
        "book.toml",
        "[book]\ntitle = \"Toy\"\nsrc = \"src\"\n[output.html.search]\nenable = true\n",
    );
    write("labs/.keep", "");
    write("src/SUMMARY.md", "# Summary\n\n- [Futexes](01-futex.md)\n- [Queues](02-queues.md)\n");
    write(
        "src/01-futex.md",
        "# Futexes\n\n## Waiting\n\nA futex word waits; see [queues](02-queues.md#a-queue).\n",
    );
    write("src/02-queues.md", "# Queues\n\n## A queue\n\nA bounded queue blocks its producers.\n");
    let out = workbook(dir.path(), &["build", "--skip-labs"]);
    assert!(out.status.success(), "the toy book builds: {}", String::from_utf8_lossy(&out.stderr));
    dir
}

fn workbook(root: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_workbook"))
        .arg("--root")
        .arg(root)
        .args(args)
        .output()
        .expect("the workbook binary runs")
}

/// Whether chromium is there; if not, says so (and fails when CI requires it).
fn have_chromium() -> bool {
    let found = std::env::var_os("WORKBOOK_CHROMIUM").is_some()
        || ["chromium", "chromium-browser", "google-chrome"].iter().any(|name| {
            std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())
                .any(|dir| dir.join(name).is_file())
        });
    if !found {
        assert!(
            std::env::var_os("WORKBOOK_REQUIRE_CHROMIUM").is_none(),
            "WORKBOOK_REQUIRE_CHROMIUM is set but no chromium is installed"
        );
        eprintln!("Browser check skipped: no chromium on PATH (apt-get install chromium).");
    }
    found
}

#[test]
fn a_clean_book_passes_and_leaves_a_screenshot() {
    if !have_chromium() {
        return;
    }
    let root = toy_book();
    let shot = root.path().join("artifacts/page.png");
    let out = workbook(root.path(), &["check-browser", "--screenshot", shot.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("a search for each of 2 chapter(s): 2 listed its chapter"), "{stderr}");
    assert!(stderr.contains("with an #anchor"), "{stderr}");
    assert!(stderr.contains("search hit(s) in all"), "the summary counts search hits: {stderr}");
    assert!(stderr.contains(" s.\n"), "the summary gives the check's run time: {stderr}");
    let png = std::fs::read(&shot).expect("a screenshot");
    assert!(png.starts_with(b"\x89PNG"), "the screenshot is a PNG");
}

#[test]
fn each_problem_of_a_broken_page_is_named() {
    if !have_chromium() {
        return;
    }
    let root = toy_book();
    let page = root.path().join("book/02-queues.html");
    let html = std::fs::read_to_string(&page).unwrap();
    let broken = html.replacen(
        "<h2",
        "<figure class=\"wb-figure\" id=\"figure-x\"><img src=\"figures/gone.svg\" alt=\"x\">\
         <figcaption>No machine here.</figcaption></figure>\
         <a href=\"01-futex.html#nowhere\">dead</a><script>console.error('boom')</script><h2",
        1,
    );
    assert_ne!(broken, html, "the page was changed");
    std::fs::write(&page, broken).unwrap();
    let out = workbook(root.path(), &["check-browser"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    for expected in [
        "02-queues.html: the image figures/gone.svg did not load",
        "02-queues.html: the caption of figure #figure-x does not name the machine",
        "names an anchor its page lacks",
        "02-queues.html: console.error: boom",
        "02-queues.html: Failed to load resource",
    ] {
        assert!(stderr.contains(expected), "missing `{expected}` in:\n{stderr}");
    }
    assert!(!stderr.contains("01-futex.html:"), "the clean page has no problem:\n{stderr}");
}

#[test]
fn a_deleted_page_fails_naming_the_missing_file() {
    if !have_chromium() {
        return;
    }
    let root = toy_book();
    // 01-futex links to 02-queues.html#a-queue; the page goes missing.
    std::fs::remove_file(root.path().join("book/02-queues.html")).unwrap();
    let out = workbook(root.path(), &["check-browser"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "a missing page must fail the check:\n{stderr}");
    let named = stderr.lines().any(|line| {
        line.contains("01-futex.html:")
            && line.contains("02-queues.html#a-queue")
            && line.contains("leads to no file")
    });
    assert!(named, "the link to the deleted page is named on the page that has it:\n{stderr}");
}

#[test]
fn a_broken_search_fails() {
    if !have_chromium() {
        return;
    }
    let root = toy_book();
    let book = root.path().join("book");
    // mdBook writes the index as searchindex.js (or searchindex-<hash>.js).
    let mut blanked = 0;
    for entry in std::fs::read_dir(&book).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if name.starts_with("searchindex") && name.ends_with(".js") {
            std::fs::write(&path, "").unwrap();
            blanked += 1;
        }
    }
    assert!(blanked > 0, "the toy book has a search index to break");
    let out = workbook(root.path(), &["check-browser"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "a blank search index must fail the check:\n{stderr}");
    for page in ["01-futex.html", "02-queues.html"] {
        let named = stderr.lines().any(|line| {
            line.contains(&format!("{page}: searching for"))
                && line.contains("does not list this chapter")
        });
        assert!(named, "{page}'s search is reported:\n{stderr}");
    }
}
