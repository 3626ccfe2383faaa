//! Step 3 of the build: render the book with mdBook, used as a library.
//!
//! The book is loaded from `book.toml` as `MDBook::load` would, with one
//! change: mdBook's default preprocessors (`links`, which expands
//! `{{#include}}`, and `index`) are registered by hand *after* ours, because
//! `links` strips the backslash of an escaped `\{{#figure …}}` and ours
//! would then expand it.
//!
//! mdBook reports problems through `tracing`, and some real ones (an
//! `{{#include}}` of a missing file) only as a logged error while the build
//! goes on. While rendering, a scoped subscriber prints mdBook's warnings and
//! errors and counts the errors; any error fails the build.

use crate::exercise::registry::Registry;
use crate::preprocess::WorkbookPreprocessor;
use crate::preprocess::claim::ClaimUse;
use crate::workspace::Workspace;
use anyhow::{Context, Result, bail};
use mdbook_driver::MDBook;
use mdbook_driver::builtin_preprocessors::{IndexPreprocessor, LinkPreprocessor};
use mdbook_driver::config::Config;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use tracing::level_filters::LevelFilter;
use tracing::{Event, Level, Subscriber};
use tracing_subscriber::layer::{Context as LayerContext, Layer, SubscriberExt};

/// What rendering made.
#[derive(Debug)]
pub struct Rendered {
    /// The HTML book.
    pub dir: PathBuf,
    /// Every claim a chapter named, with its verdict.
    pub claims: Vec<ClaimUse>,
}

/// Renders the book at the workspace root.
pub fn render(workspace: &Workspace, registry: Registry) -> Result<Rendered> {
    let book_toml = workspace.root.join("book.toml");
    let mut config = Config::from_disk(&book_toml)
        .with_context(|| format!("cannot read {}", book_toml.display()))?;
    config.update_from_env().context("bad MDBOOK_* environment variable")?;
    config.build.use_default_preprocessors = false;

    let errors = Arc::new(AtomicUsize::new(0));
    let subscriber = tracing_subscriber::fmt()
        .without_time()
        .with_target(false)
        .with_max_level(LevelFilter::WARN)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .finish()
        .with(ErrorCounter(errors.clone()));

    let preprocessor = WorkbookPreprocessor::new(registry);
    let claims = preprocessor.claims.clone();
    let build_dir = tracing::subscriber::with_default(subscriber, || -> Result<PathBuf> {
        let mut book =
            MDBook::load_with_config(&workspace.root, config).context("cannot load the book")?;
        book.with_preprocessor(preprocessor)
            .with_preprocessor(LinkPreprocessor::new())
            .with_preprocessor(IndexPreprocessor::new());
        book.build().context("mdBook could not render the book")?;
        Ok(book.build_dir_for("html"))
    })?;

    let count = errors.load(Ordering::Relaxed);
    if count > 0 {
        bail!("mdBook reported {count} error(s) while rendering (shown above)");
    }
    let claims = std::mem::take(&mut *claims.lock().unwrap_or_else(|e| e.into_inner()));
    Ok(Rendered { dir: build_dir, claims })
}

/// A `tracing` layer that counts error events.
struct ErrorCounter(
    /// The count, shared with [`render`].
    Arc<AtomicUsize>,
);

impl<S: Subscriber> Layer<S> for ErrorCounter {
    fn on_event(&self, event: &Event<'_>, _ctx: LayerContext<'_, S>) {
        if *event.metadata().level() == Level::ERROR {
            self.0.fetch_add(1, Ordering::Relaxed);
        }
    }
}
