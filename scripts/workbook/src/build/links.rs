//! Step 4 of the build: every local link in the rendered book must lead to a
//! file, and every `#anchor` to an element of its page, so the book works
//! when opened from disk (`file://`).
//!
//! Each `.html` page under the output directory is tokenized with html5ever
//! (the HTML parser mdBook itself uses); every `href` and `src` attribute is
//! a link, and every `id` (or `<a name>`) an anchor. Links with a scheme
//! (`https:`, `mailto:`) and protocol-relative links are skipped; the rest
//! are resolved from the page's folder, without their `?query` or
//! `#fragment`, percent-decoded; then a `#fragment` must name an anchor of
//! the page it leads to (the linking page itself for `#x`).
//! A root-absolute link (`/x.html`) is reported too: from disk it would
//! point at the file system's root. The one exception is a page with a
//! root-absolute `<base href="/">`, which mdBook gives its `404.html`: that
//! page is only ever served by a web server, so its links are resolved from
//! the book's root.

use anyhow::{Context, Result};
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// A link that leads nowhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokenLink {
    /// The page it is on, relative to the book's output directory.
    pub page: PathBuf,
    /// The link as written.
    pub link: String,
}

/// Checks every page under `book_dir`.
pub fn check(book_dir: &Path) -> Result<Vec<BrokenLink>> {
    let mut pages = Vec::new();
    for page in html_files(book_dir)? {
        let html = std::fs::read_to_string(&page)
            .with_context(|| format!("cannot read {}", page.display()))?;
        pages.push((page, links_in(&html)));
    }
    let anchors: HashMap<&Path, &HashSet<String>> =
        pages.iter().map(|(page, found)| (page.as_path(), &found.anchors)).collect();
    let mut broken = Vec::new();
    for (page, found) in &pages {
        let page = page.as_path();
        let (dir, site_root) = match found.base.as_deref() {
            Some(base) if base.starts_with('/') => {
                (book_dir.join(base.trim_start_matches('/')), Some(book_dir))
            }
            _ => (page.parent().unwrap_or(book_dir).to_path_buf(), None),
        };
        for link in &found.links {
            let ok = resolves(&dir, link, site_root)
                && anchor_exists(page, &dir, link, site_root, &anchors);
            if !ok {
                let page = page.strip_prefix(book_dir).unwrap_or(page).to_path_buf();
                broken.push(BrokenLink { page, link: link.clone() });
            }
        }
    }
    Ok(broken)
}

/// Whether the `#fragment` of a link that resolves names an anchor of the
/// page it leads to. Links without a fragment, to other kinds of file, or
/// out of the book pass.
fn anchor_exists(
    page: &Path,
    dir: &Path,
    link: &str,
    site_root: Option<&Path>,
    anchors: &HashMap<&Path, &HashSet<String>>,
) -> bool {
    let link = link.trim();
    let Some((path, fragment)) = link.split_once('#') else { return true };
    let fragment = percent_encoding::percent_decode_str(fragment).decode_utf8_lossy();
    if fragment.is_empty() || link.starts_with("//") || has_scheme(link) {
        return true;
    }
    let path = path.split('?').next().unwrap_or_default();
    let target = if path.is_empty() {
        page.to_path_buf()
    } else {
        let (dir, path) = match (path.strip_prefix('/'), site_root) {
            (Some(rest), Some(root)) => (root, rest),
            _ => (dir, path),
        };
        let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
        let target = normalise(&dir.join(decoded.as_ref()));
        if target.is_dir() { target.join("index.html") } else { target }
    };
    match anchors.get(target.as_path()) {
        Some(ids) => ids.contains(fragment.as_ref()),
        // Not an HTML page of the book (an SVG, a CSV): nothing to check.
        None => true,
    }
}

/// `a/b/../c` as `a/c`, without touching the file system.
fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// The links of one page.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct PageLinks {
    /// The page's `<base href>`, if it has one.
    pub base: Option<String>,
    /// Every other `href` and `src` value, in order.
    pub links: Vec<String>,
    /// Every `id`, and every `<a name>`: what a `#fragment` can name.
    pub anchors: HashSet<String>,
}

/// Every `href` and `src` value in a page.
pub fn links_in(html: &str) -> PageLinks {
    let queue = BufferQueue::default();
    queue.push_back(StrTendril::from(html));
    let tokenizer = Tokenizer::new(LinkSink::default(), TokenizerOpts::default());
    let _ = tokenizer.feed(&queue);
    tokenizer.end();
    tokenizer.sink.found.into_inner()
}

/// Whether a link, found on a page whose links are relative to `dir`, leads
/// to a file. Root-absolute links resolve from `site_root` when the page is
/// served from one, and are broken otherwise.
pub fn resolves(dir: &Path, link: &str, site_root: Option<&Path>) -> bool {
    let link = link.trim();
    let path = link.split(['#', '?']).next().unwrap_or_default();
    if path.is_empty() || link.starts_with("//") || has_scheme(link) {
        return true;
    }
    let (dir, path) = match (path.strip_prefix('/'), site_root) {
        (Some(rest), Some(root)) => (root, rest),
        (Some(_), None) => return false,
        (None, _) => (dir, path),
    };
    let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    let target = dir.join(decoded.as_ref());
    target.is_file() || target.join("index.html").is_file()
}

/// `https://…`, `mailto:…`, `data:…`: a scheme before any `/`.
fn has_scheme(link: &str) -> bool {
    match link.split_once(':') {
        Some((scheme, _)) => {
            !scheme.is_empty()
                && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
                && !scheme.contains('/')
        }
        None => false,
    }
}

/// All `.html` files under `dir`, recursively.
fn html_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let entries =
        std::fs::read_dir(dir).with_context(|| format!("cannot list {}", dir.display()))?;
    for entry in entries {
        let path = entry?.path();
        if path.is_dir() {
            files.extend(html_files(&path)?);
        } else if path.extension().is_some_and(|e| e == "html") {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// Collects link attributes from tokens.
#[derive(Default)]
struct LinkSink {
    /// What was found so far.
    found: RefCell<PageLinks>,
}

impl TokenSink for LinkSink {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let Token::TagToken(tag) = token else {
            return TokenSinkResult::Continue;
        };
        if tag.kind != TagKind::StartTag {
            return TokenSinkResult::Continue;
        }
        let mut found = self.found.borrow_mut();
        for attr in &tag.attrs {
            match (&*tag.name, &*attr.name.local) {
                ("base", "href") => found.base = Some(attr.value.to_string()),
                (_, "id") | ("a", "name") => {
                    found.anchors.insert(attr.value.to_string());
                }
                (_, "href" | "src") => found.links.push(attr.value.to_string()),
                _ => {}
            }
        }
        // Script and style bodies are text, not markup: a `<a href=…>` inside
        // a JavaScript string is no link. (The tree builder does the same.)
        match &*tag.name {
            "script" => TokenSinkResult::RawData(html5ever::tokenizer::states::RawKind::ScriptData),
            "style" => TokenSinkResult::RawData(html5ever::tokenizer::states::RawKind::Rawtext),
            _ => TokenSinkResult::Continue,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_read_from_tags_but_not_from_scripts() {
        let html = r#"<a href="a.html">a</a><img src="f/x.svg" alt="x">
            <script src="s.js"></script><script>let s = '<a href="fake.html">';</script>
            <style>a { background: url(x) }</style><link rel="stylesheet" href="c.css">"#;
        assert_eq!(links_in(html).links, ["a.html", "f/x.svg", "s.js", "c.css"]);
        assert_eq!(links_in(r#"<base href="/"><a href="x">"#).base.as_deref(), Some("/"));
    }

    #[test]
    fn local_links_must_lead_to_files() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("figures/lab")).unwrap();
        std::fs::write(dir.path().join("figures/lab/a b.svg"), "").unwrap();
        std::fs::write(dir.path().join("index.html"), "").unwrap();
        let d = dir.path();
        let ok = |link: &str| resolves(d, link, None);
        assert!(ok("figures/lab/a%20b.svg"));
        assert!(ok("index.html#top") && ok("index.html?search=x"));
        assert!(ok("#anchor") && ok("./"));
        assert!(ok("https://example.org/x") && ok("mailto:a@b") && ok("//cdn/x"));
        assert!(!ok("figures/lab/missing.svg"));
        assert!(!ok("/index.html"), "a root-absolute link breaks from file://");
        assert!(
            resolves(&d.join("figures"), "/index.html", Some(d)),
            "unless the page is served from a root"
        );
    }

    #[test]
    fn a_book_with_a_broken_link_is_reported_page_by_page() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("part")).unwrap();
        std::fs::write(dir.path().join("index.html"), r#"<a href="part/ch.html">ok</a>"#).unwrap();
        std::fs::write(
            dir.path().join("404.html"),
            r#"<base href="/"><a href="/">home</a><a href="index.html">"#,
        )
        .unwrap();
        std::fs::write(
            dir.path().join("part/ch.html"),
            r##"<h2 id="locks">L</h2><a href="../index.html">ok</a><img src="gone.svg">
               <a href="#locks">ok</a><a href="#gone">no</a><a href="../part/ch.html#locks">ok</a>
               <a href="ch.html#nowhere">no</a><a href="../index.html#">ok</a>"##,
        )
        .unwrap();
        let broken = check(dir.path()).unwrap();
        let at = |link: &str| BrokenLink { page: "part/ch.html".into(), link: link.into() };
        assert_eq!(broken, [at("gone.svg"), at("#gone"), at("ch.html#nowhere")]);
    }
}
