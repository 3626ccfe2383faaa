//! What a request to the local server asks for, and the answer it gets.
//!
//! | path | answer |
//! | --- | --- |
//! | `/page/<id>` | 200, a body of `bytes` bytes starting `page <id>` ([`page_body`]) |
//! | `/status/<code>` | that status (200-599), a short text body |
//! | anything else | 404 |
//!
//! Every answer is sent after the request's latency. The query string may
//! set `latency_ms` (0 to 60 000, fractions allowed) and `bytes` (0 to
//! 64 MiB); otherwise the server's [`Defaults`] apply. A bad query value is
//! answered with 400 and says why.

use http_body_util::Full;
use hyper::body::Bytes;
use hyper::{Response, StatusCode};
use std::time::Duration;

/// The largest body a request may ask for.
const MAX_BYTES: usize = 64 << 20;
/// The longest latency a request may ask for.
const MAX_LATENCY_MS: f64 = 60_000.0;

/// The latency and body size of a request that does not choose its own.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Defaults {
    /// How long the server waits before answering: the network and the
    /// remote work, simulated.
    pub latency: Duration,
    /// How many bytes a page's body has.
    pub bytes: usize,
}

/// What one request asks for, once its URL is read.
#[derive(Debug, Clone, PartialEq)]
enum Asked {
    /// `/page/<id>`: the page's body, `bytes` long.
    Page { id: u64, bytes: usize },
    /// `/status/<code>`: an answer with that status.
    Status(u16),
    /// A malformed query: 400, with the reason.
    BadQuery(String),
    /// Any other path: 404.
    NotFound,
}

/// The body of page `id`: the line `page <id>`, then a repeating alphabet,
/// cut or padded to exactly `bytes` bytes. Clients and tests can rebuild it
/// to check that a page arrived whole.
pub fn page_body(id: u64, bytes: usize) -> Vec<u8> {
    let head = format!("page {id}\n");
    let filler = b"abcdefghijklmnopqrstuvwxyz\n".iter().copied().cycle();
    head.bytes().chain(filler).take(bytes).collect()
}

/// Reads `url` (path and query), returning what is asked and after what latency.
fn read(url: &str, defaults: Defaults) -> (Asked, Duration) {
    let (path, query) = url.split_once('?').unwrap_or((url, ""));
    let (mut latency, mut bytes) = (defaults.latency, defaults.bytes);
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        match key {
            "latency_ms" => match value.parse::<f64>() {
                Ok(ms) if (0.0..=MAX_LATENCY_MS).contains(&ms) => {
                    latency = Duration::from_secs_f64(ms / 1e3)
                }
                _ => {
                    return (
                        Asked::BadQuery(format!("latency_ms={value}: want 0 to 60000")),
                        latency,
                    );
                }
            },
            "bytes" => match value.parse::<usize>() {
                Ok(b) if b <= MAX_BYTES => bytes = b,
                _ => {
                    return (
                        Asked::BadQuery(format!("bytes={value}: want 0 to {MAX_BYTES}")),
                        latency,
                    );
                }
            },
            _ => return (Asked::BadQuery(format!("unknown parameter `{key}`")), latency),
        }
    }
    let asked = match path.split('/').collect::<Vec<_>>()[..] {
        ["", "page", id] => id.parse().map_or(Asked::NotFound, |id| Asked::Page { id, bytes }),
        ["", "status", code] => match code.parse::<u16>() {
            Ok(code @ 200..=599) => Asked::Status(code),
            _ => Asked::NotFound,
        },
        _ => Asked::NotFound,
    };
    (asked, latency)
}

/// Waits the request's latency, then answers it.
pub(super) async fn answer(uri: &hyper::Uri, defaults: Defaults) -> Response<Full<Bytes>> {
    let url = uri.path_and_query().map_or("/", |pq| pq.as_str());
    let (asked, latency) = read(url, defaults);
    if !latency.is_zero() {
        // On a thread of tokio's blocking pool: `std::thread::sleep` is
        // precise to tens of microseconds, where tokio's own timers round up
        // to the next millisecond. The runtime's thread stays free meanwhile.
        let slept = tokio::task::spawn_blocking(move || std::thread::sleep(latency)).await;
        debug_assert!(slept.is_ok(), "sleeping cannot panic");
    }
    let (status, body) = match asked {
        Asked::Page { id, bytes } => (200, page_body(id, bytes)),
        Asked::Status(code) => (code, format!("status {code}\n").into_bytes()),
        Asked::BadQuery(why) => (400, format!("bad query: {why}\n").into_bytes()),
        Asked::NotFound => (404, b"no such page\n".to_vec()),
    };
    let mut response = Response::new(Full::new(Bytes::from(body)));
    *response.status_mut() =
        StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    response
}

/// The answer to a request the rate limit refuses: 429, at once.
pub(super) fn too_many() -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from_static(b"too many requests\n")));
    *response.status_mut() = StatusCode::TOO_MANY_REQUESTS;
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    const D: Defaults = Defaults { latency: Duration::from_millis(7), bytes: 100 };

    #[test]
    fn a_page_takes_the_defaults_unless_the_query_says_otherwise() {
        assert_eq!(read("/page/3", D), (Asked::Page { id: 3, bytes: 100 }, D.latency));
        let (asked, latency) = read("/page/3?latency_ms=2.5&bytes=10", D);
        assert_eq!(asked, Asked::Page { id: 3, bytes: 10 });
        assert_eq!(latency, Duration::from_micros(2500));
    }

    #[test]
    fn statuses_unknown_paths_and_bad_queries() {
        assert_eq!(read("/status/503", D).0, Asked::Status(503));
        assert_eq!(read("/status/42", D).0, Asked::NotFound);
        assert_eq!(read("/nowhere", D).0, Asked::NotFound);
        assert_eq!(read("/page/x", D).0, Asked::NotFound);
        assert!(matches!(read("/page/1?latency_ms=-1", D).0, Asked::BadQuery(_)));
        assert!(matches!(read("/page/1?bytes=lots", D).0, Asked::BadQuery(_)));
        assert!(matches!(read("/page/1?colour=red", D).0, Asked::BadQuery(_)));
    }

    #[test]
    fn page_bodies_have_the_size_asked_and_name_their_page() {
        assert_eq!(page_body(12, 0), b"");
        assert_eq!(page_body(12, 4), b"page");
        let body = page_body(12, 1000);
        assert_eq!(body.len(), 1000);
        assert!(body.starts_with(b"page 12\nabc"));
        assert_ne!(page_body(1, 50), page_body(2, 50));
    }
}
