//! The lab's own web server: real HTTP on 127.0.0.1, with a latency and a
//! body size that each request can choose, so that fetching "N pages" costs
//! what the lab says it costs, whatever the network outside.
//!
//! - [`LocalServer::start`] binds a free port on 127.0.0.1 and starts one
//!   thread, which runs the server until the [`LocalServer`] is dropped.
//! - HTTP itself (reading requests, writing answers, keep-alive
//!   connections) is done by the `hyper` crate, on a small `tokio` runtime:
//!   each connection is an asynchronous task on that one thread, and a
//!   request waits out its latency on a thread of tokio's blocking pool
//!   (started as needed), which sleeps more precisely than tokio's
//!   millisecond timers. So any number of slow requests are served at once,
//!   and the server is never the bottleneck being measured. (Asynchronous
//!   I/O is another model of concurrency than threads; here it is a tool.)
//! - What a request asks for, and the answer, are in `server/respond.rs`.
//! - [`LocalServer::start_limited`] also refuses, with status 429, every
//!   request beyond a rate limit (a token bucket, `server/limit.rs`), as
//!   the service of chapter 09's true story does.
//! - Dropping the server stops it: the thread is told to stop and drops the
//!   runtime, which closes every connection and the listening socket and
//!   waits for the sleeping threads of requests still in flight; then the
//!   thread is joined. Nothing is left behind.

mod limit;
mod respond;

pub use limit::RateLimit;
pub use respond::{Defaults, page_body};

use http_body_util::Full;
use hyper::body::{Bytes, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use limit::Bucket;
use std::convert::Infallible;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};
use tokio::sync::oneshot;

// ANCHOR: server
/// A running local HTTP server. Pages are at `/page/<id>`; see [`LocalServer::page_url`].
pub struct LocalServer {
    /// `http://127.0.0.1:<port>`, without a trailing slash.
    base_url: String,
    /// Sending on it (or dropping it) tells the server's thread to stop.
    stop: Option<oneshot::Sender<()>>,
    /// The server's thread; joined on drop.
    thread: Option<JoinHandle<()>>,
    /// What the server has done so far, for tests and reports.
    counts: Arc<Counts>,
}
// ANCHOR_END: server

/// What the server counts as it answers.
#[derive(Debug, Default)]
struct Counts {
    /// Requests answered (any status).
    served: AtomicU64,
    /// Requests received and not yet answered: waiting out their latency.
    in_flight: AtomicU64,
    /// Requests refused with 429 by the rate limit.
    refused: AtomicU64,
}

impl LocalServer {
    /// Starts a server on a free port of 127.0.0.1. Requests that do not say
    /// otherwise get the latency and body size in `defaults`.
    pub fn start(defaults: Defaults) -> anyhow::Result<LocalServer> {
        LocalServer::start_with(defaults, None)
    }

    /// Starts a server that also refuses, with status 429 and at once,
    /// every request beyond `limit`.
    pub fn start_limited(defaults: Defaults, limit: RateLimit) -> anyhow::Result<LocalServer> {
        LocalServer::start_with(defaults, Some(limit))
    }

    fn start_with(defaults: Defaults, limit: Option<RateLimit>) -> anyhow::Result<LocalServer> {
        let listener = std::net::TcpListener::bind("127.0.0.1:0")?; // port 0: any free port
        listener.set_nonblocking(true)?; // as tokio wants it
        let port = listener.local_addr()?.port();
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
        let (stop, stopped) = oneshot::channel();
        let counts = Arc::new(Counts::default());
        let counter = Arc::clone(&counts);
        let thread =
            std::thread::Builder::new().name("local http server".into()).spawn(move || {
                // Dropping the runtime at the end of this thread ends every task.
                let bucket = limit.map(|l| Arc::new(Mutex::new(Bucket::new(l, Instant::now()))));
                let served = serve(listener, defaults, bucket, counter, stopped);
                if let Err(e) = runtime.block_on(served) {
                    eprintln!("the local HTTP server stopped: {e}");
                }
            })?;
        Ok(LocalServer {
            base_url: format!("http://127.0.0.1:{port}"),
            stop: Some(stop),
            thread: Some(thread),
            counts,
        })
    }

    /// `http://127.0.0.1:<port>`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The URL of page `id`, with the server's default latency and size.
    pub fn page_url(&self, id: usize) -> String {
        format!("{}/page/{id}", self.base_url)
    }

    /// The URL of page `id`, asking for this latency and body size.
    pub fn page_url_with(&self, id: usize, latency: Duration, bytes: usize) -> String {
        let ms = latency.as_secs_f64() * 1e3;
        format!("{}/page/{id}?latency_ms={ms}&bytes={bytes}", self.base_url)
    }

    /// A URL that answers with the HTTP status `code` (after the default latency).
    pub fn status_url(&self, code: u16) -> String {
        format!("{}/status/{code}", self.base_url)
    }

    /// How many requests the server has answered so far.
    pub fn served(&self) -> u64 {
        self.counts.served.load(Ordering::Relaxed)
    }

    /// How many requests the rate limit has refused so far.
    pub fn refused(&self) -> u64 {
        self.counts.refused.load(Ordering::Relaxed)
    }

    /// How many requests the server holds right now, waiting out their latency.
    pub fn in_flight(&self) -> u64 {
        self.counts.in_flight.load(Ordering::Relaxed)
    }
}

/// Accepts connections until told to stop; each connection is served by a
/// task of its own, each request answered after its latency.
async fn serve(
    listener: std::net::TcpListener,
    defaults: Defaults,
    bucket: Option<Arc<Mutex<Bucket>>>,
    counts: Arc<Counts>,
    mut stopped: oneshot::Receiver<()>,
) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::from_std(listener)?;
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => accepted?.0,
            _ = &mut stopped => return Ok(()), // told to stop, or the handle is gone
        };
        // Send each answer at once rather than wait to fill a packet (Nagle).
        stream.set_nodelay(true)?;
        let counts = Arc::clone(&counts);
        let bucket = bucket.clone();
        let answer = service_fn(move |request: Request<Incoming>| {
            let counts = Arc::clone(&counts);
            let allowed = bucket
                .as_ref()
                .is_none_or(|b| b.lock().unwrap_or_else(|e| e.into_inner()).take(Instant::now()));
            async move {
                if !allowed {
                    counts.refused.fetch_add(1, Ordering::Relaxed);
                    counts.served.fetch_add(1, Ordering::Relaxed);
                    return Ok(respond::too_many());
                }
                let held = Held::count(&counts.in_flight); // uncounted when dropped
                let response = respond::answer(request.uri(), defaults).await;
                drop(held);
                counts.served.fetch_add(1, Ordering::Relaxed);
                Ok::<Response<Full<Bytes>>, Infallible>(response)
            }
        });
        tokio::spawn(async move {
            // A client that hangs up mid-request is its own business.
            let _ = http1::Builder::new().serve_connection(TokioIo::new(stream), answer).await;
        });
    }
}

/// One request counted as in flight, until this is dropped (answered, or
/// abandoned because its client hung up).
struct Held<'a>(&'a AtomicU64);

impl<'a> Held<'a> {
    fn count(in_flight: &'a AtomicU64) -> Held<'a> {
        in_flight.fetch_add(1, Ordering::Relaxed);
        Held(in_flight)
    }
}

impl Drop for Held<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

// ANCHOR: stop
impl Drop for LocalServer {
    /// Stops the server and joins its thread: the listening socket and every
    /// connection are closed when it returns.
    fn drop(&mut self) {
        drop(self.stop.take()); // a dropped sender wakes the receiver too
        if let Some(thread) = self.thread.take() {
            let _ = thread.join(); // a panic there has been printed already
        }
    }
}
// ANCHOR_END: stop
