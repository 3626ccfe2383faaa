//! `cargo workbook check-browser`: the built book, opened page by page in a
//! real browser, from disk (`file://`), as a reader opens it.
//!
//! The build's own checks read the HTML; this one runs it. For every page
//! (but `404.html`, which only a web server shows) it checks that:
//!
//! - the page loads with no console error, uncaught exception or failed
//!   resource;
//! - every image (every figure) has loaded and has a non-zero size;
//! - every figure's caption names the machine that measured it;
//! - every local link leads to a file, and every `#anchor` to an element of
//!   its page (as the browser resolves them);
//!
//! and, for every chapter, that searching for a word of its title lists
//! that chapter. It saves a screenshot of one chapter page with a figure.
//!
//! Layout: `cdp.rs` drives chromium; `page.js` is the script that reads a
//! loaded page; this file walks the book and turns what it read into
//! [`Problem`]s.

mod cdp;

use anyhow::{Context, Result, bail};
use cdp::Chromium;
use serde::Deserialize;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;
use url::Url;

/// The script run in each loaded page; it returns a [`PageReading`].
const READ_PAGE: &str = include_str!("page.js");

/// Browsers tried, in order, when none is named.
const CANDIDATES: [&str; 4] =
    ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"];

/// The environment variable that names the browser when `--chromium` is not given.
pub const CHROMIUM_ENV: &str = "WORKBOOK_CHROMIUM";

/// What the check was asked to do.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The browser (default: `$WORKBOOK_CHROMIUM`, else the first of [`CANDIDATES`] on `PATH`).
    pub chromium: Option<PathBuf>,
    /// Where to save the screenshot of a chapter page (PNG).
    pub screenshot: Option<PathBuf>,
}

/// Something wrong with one page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The page, relative to the book's folder.
    pub page: String,
    /// What is wrong.
    pub what: String,
}

/// What `page.js` read off a loaded page.
#[derive(Debug, Deserialize)]
struct PageReading {
    /// The chapter's title (its first `<h1>` in `<main>`), if it has one.
    title: Option<String>,
    /// Every image: its URL, whether it loaded, its natural and shown size.
    images: Vec<Image>,
    /// Every measured figure: its id and caption text.
    figures: Vec<Figure>,
    /// Every link's resolved URL.
    links: Vec<String>,
    /// Every element id (and `<a name>`).
    anchors: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct Image {
    src: String,
    loaded: bool,
    /// Whether it is a measured figure's (those must be shown; others may
    /// sit in a folded block).
    in_figure: bool,
    natural: (f64, f64),
    shown: (f64, f64),
}

#[derive(Debug, Deserialize)]
struct Figure {
    id: String,
    machine: String,
}

/// The browser to use, or an error saying how to install one.
pub fn find_chromium(named: Option<&Path>) -> Result<PathBuf> {
    if let Some(named) = named {
        return Ok(named.to_path_buf());
    }
    if let Some(named) = std::env::var_os(CHROMIUM_ENV) {
        return Ok(PathBuf::from(named));
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    for candidate in CANDIDATES {
        for dir in std::env::split_paths(&path) {
            let program = dir.join(candidate);
            if program.is_file() {
                return Ok(program);
            }
        }
    }
    bail!(
        "no chromium found (tried {} on PATH, and ${CHROMIUM_ENV}).\n\
         Install it: on Debian or Ubuntu `sudo apt-get install chromium`, on Fedora \
         `sudo dnf install chromium`, on macOS Google Chrome; or name one with \
         `--chromium /path/to/chrome`.",
        CANDIDATES.join(", ")
    )
}

/// Checks the book in `book_dir`; returns every problem found.
pub fn check(book_dir: &Path, options: &Options) -> Result<Vec<Problem>> {
    let started = Instant::now();
    let program = find_chromium(options.chromium.as_deref())?;
    let book_dir = book_dir.canonicalize().with_context(|| {
        format!("no built book at {} (run `cargo workbook build`)", book_dir.display())
    })?;
    let pages = html_pages(&book_dir)?;
    if pages.is_empty() {
        bail!("{} holds no page (run `cargo workbook build`)", book_dir.display());
    }
    let mut browser = Chromium::launch(&program, 1280, 900)?;
    let mut problems = Vec::new();
    let mut readings: HashMap<PathBuf, PageReading> = HashMap::new();
    for page in &pages {
        let name = relative(&book_dir, page);
        let url = file_url(page)?;
        for error in browser.open(&url)? {
            problems.push(Problem { page: name.clone(), what: error });
        }
        let reading: PageReading = serde_json::from_value(browser.evaluate(READ_PAGE)?)
            .with_context(|| format!("{name}: the page could not be read"))?;
        problems.extend(page_problems(&name, &reading));
        readings.insert(page.clone(), reading);
    }
    problems.extend(link_problems(&book_dir, &readings));
    let chapters: Vec<(&PathBuf, String)> = pages
        .iter()
        .filter(|p| is_chapter(p))
        .filter_map(|p| Some((p, readings[p].title.clone()?)))
        .collect();
    let mut searches = Searches::default();
    for (page, title) in &chapters {
        problems.extend(search_problems(&mut browser, &book_dir, page, title, &mut searches)?);
    }
    if let Some(file) = &options.screenshot {
        let shown = chapters.iter().map(|(p, _)| *p).find(|p| !readings[*p].figures.is_empty());
        let shown = shown.or(chapters.first().map(|(p, _)| *p)).unwrap_or(&pages[0]);
        browser.open(&file_url(shown)?)?;
        if let Some(dir) = file.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(file, browser.screenshot()?)?;
        eprintln!("Screenshot of {}: {}", relative(&book_dir, shown), file.display());
    }
    let count = |f: fn(&PageReading) -> usize| readings.values().map(f).sum::<usize>();
    let local = |r: &PageReading| r.links.iter().filter(|l| l.starts_with("file:")).count();
    let anchored = |r: &PageReading| {
        r.links
            .iter()
            .filter(|l| {
                l.starts_with("file:") && l.split_once('#').is_some_and(|(_, f)| !f.is_empty())
            })
            .count()
    };
    let anchors = count(|r| r.anchors.len());
    eprintln!(
        "Checked {} page(s): {} image(s), {} of them measured figures; {} local link(s), {} with an #anchor; \
         {anchors} anchor(s); a search for each of {} chapter(s): {} listed its chapter ({} search hit(s) in all); \
         in {}, {:.1} s.",
        pages.len(),
        count(|r| r.images.len()),
        count(|r| r.figures.len()),
        count(local),
        count(anchored),
        chapters.len(),
        searches.found,
        searches.hits,
        program.display(),
        started.elapsed().as_secs_f64(),
    );
    Ok(problems)
}

/// What the chapters' searches found, for the summary line.
#[derive(Debug, Default)]
struct Searches {
    /// Searches whose results listed their chapter.
    found: usize,
    /// Results listed, over every search.
    hits: usize,
}

/// Images that did not load or have no size; figures whose caption does
/// not name the machine.
fn page_problems(page: &str, reading: &PageReading) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut report = |what: String| problems.push(Problem { page: page.to_string(), what });
    for image in &reading.images {
        if !image.loaded || image.natural.0 <= 0.0 || image.natural.1 <= 0.0 {
            report(format!("the image {} did not load", image.src));
        } else if image.in_figure && (image.shown.0 <= 0.0 || image.shown.1 <= 0.0) {
            report(format!("the image {} is shown with no size", image.src));
        }
    }
    for figure in &reading.figures {
        if !figure.machine.contains("Measured on")
            || figure.machine.trim().len() <= "Measured on .".len()
        {
            report(format!("the caption of figure #{} does not name the machine", figure.id));
        }
    }
    problems
}

/// Local links to missing files, and `#anchors` no element of their page has.
fn link_problems(book_dir: &Path, readings: &HashMap<PathBuf, PageReading>) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut pages: Vec<&PathBuf> = readings.keys().collect();
    pages.sort();
    for page in pages {
        for link in &readings[page].links {
            let Ok(url) = Url::parse(link) else { continue };
            if url.scheme() != "file" {
                continue;
            }
            let Ok(target) = url.to_file_path() else { continue };
            let target = if target.is_dir() { target.join("index.html") } else { target };
            let what = if !target.exists() {
                Some(format!("the link {link} leads to no file"))
            } else {
                match (url.fragment().filter(|f| !f.is_empty()), readings.get(&target)) {
                    (Some(fragment), Some(reading)) => {
                        let fragment =
                            percent_encoding::percent_decode_str(fragment).decode_utf8_lossy();
                        (!reading.anchors.iter().any(|a| *a == fragment))
                            .then(|| format!("the link {link} names an anchor its page lacks"))
                    }
                    _ => None,
                }
            };
            if let Some(what) = what {
                problems.push(Problem { page: relative(book_dir, page), what });
            }
        }
    }
    problems
}

/// Searches for the longest word of a chapter's title; the chapter must be
/// among the results.
fn search_problems(
    browser: &mut Chromium,
    book_dir: &Path,
    page: &Path,
    title: &str,
    searches: &mut Searches,
) -> Result<Vec<Problem>> {
    let name = relative(book_dir, page);
    let Some(word) = search_word(title) else { return Ok(Vec::new()) };
    let url = format!("{}?search={word}", file_url(page)?);
    browser.open(&url)?;
    let found = browser.evaluate(
        "(async () => {
            for (let i = 0; i < 100; i++) {
                const links = document.querySelectorAll('#mdbook-searchresults a');
                if (links.length > 0) return Array.from(links, a => a.href);
                await new Promise(r => setTimeout(r, 50));
            }
            return [];
        })()",
    )?;
    let hrefs: Vec<String> = serde_json::from_value(found).unwrap_or_default();
    let listed = hrefs.iter().any(|href| {
        Url::parse(href).ok().and_then(|u| u.to_file_path().ok()).is_some_and(|p| p == page)
    });
    searches.hits += hrefs.len();
    searches.found += usize::from(listed);
    Ok(if listed {
        Vec::new()
    } else {
        let what = format!(
            "searching for \"{word}\" does not list this chapter (it listed {} result(s))",
            hrefs.len()
        );
        vec![Problem { page: name, what }]
    })
}

/// The stop words of four letters or more that mdBook's search
/// (elasticlunr 0.9.5's `defaultStopWords`) leaves out of its index, so
/// searching for one finds nothing.
const STOP_WORDS: [&str; 60] = [
    "able", "about", "across", "after", "almost", "also", "among", "because", "been", "cannot",
    "could", "dear", "does", "either", "else", "ever", "every", "from", "have", "hers", "however",
    "into", "just", "least", "like", "likely", "might", "most", "must", "neither", "often", "only",
    "other", "rather", "said", "says", "should", "since", "some", "than", "that", "their", "them",
    "then", "there", "these", "they", "this", "twas", "wants", "were", "what", "when", "where",
    "which", "while", "whom", "with", "would", "your",
];

/// The longest word of at least four letters in `title` that search indexes.
pub fn search_word(title: &str) -> Option<String> {
    title
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| w.chars().count() >= 4)
        .filter(|w| !STOP_WORDS.contains(&w.to_lowercase().as_str()))
        .max_by_key(|w| w.chars().count())
        .map(str::to_lowercase)
}

/// Every page of the book but `404.html` (which only a web server shows:
/// its links are relative to the site's root), sorted.
fn html_pages(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut pages = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            pages.extend(html_pages(&path)?);
        } else if path.extension().is_some_and(|e| e == "html") && !path.ends_with("404.html") {
            pages.push(path);
        }
    }
    pages.sort();
    Ok(pages)
}

/// A chapter page: not the index, the print view, or the table of contents.
fn is_chapter(page: &Path) -> bool {
    let name = page.file_name().and_then(|n| n.to_str()).unwrap_or_default();
    !matches!(name, "index.html" | "print.html" | "toc.html")
}

fn relative(book_dir: &Path, page: &Path) -> String {
    page.strip_prefix(book_dir).unwrap_or(page).display().to_string()
}

fn file_url(path: &Path) -> Result<String> {
    Url::from_file_path(path)
        .map(String::from)
        .map_err(|()| anyhow::anyhow!("{} is not an absolute path", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_search_word_is_the_longest_of_the_title() {
        assert_eq!(search_word("07 The queue: bounded, blocking").as_deref(), Some("blocking"));
        assert_eq!(search_word("A lock"), Some("lock".into()));
        assert_eq!(search_word("0 1 a"), None);
        assert_eq!(search_word("Copy-on-write after fork").as_deref(), Some("write"));
    }

    #[test]
    fn a_caption_without_the_machine_is_a_problem() {
        let reading = PageReading {
            title: None,
            images: vec![
                Image {
                    src: "a.svg".into(),
                    loaded: true,
                    in_figure: true,
                    natural: (10.0, 10.0),
                    shown: (5.0, 5.0),
                },
                Image {
                    src: "b.svg".into(),
                    loaded: false,
                    in_figure: true,
                    natural: (0.0, 0.0),
                    shown: (0.0, 0.0),
                },
            ],
            figures: vec![
                Figure { id: "ok".into(), machine: "Measured on a 2-core VM.".into() },
                Figure { id: "bare".into(), machine: String::new() },
            ],
            links: vec![],
            anchors: vec![],
        };
        let found: Vec<String> =
            page_problems("x.html", &reading).into_iter().map(|p| p.what).collect();
        assert_eq!(
            found,
            [
                "the image b.svg did not load",
                "the caption of figure #bare does not name the machine"
            ]
        );
    }
}
