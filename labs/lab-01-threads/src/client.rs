//! Fetching one URL with a real HTTP client, the `ureq` crate, and saying
//! exactly what went wrong when it fails.
//!
//! The notebook's `FetchUrls` catches a failed request, prints it, and then
//! reads the response anyway: a response it never got. Here [`fetch`]
//! returns a `Result`: either the body, or a [`FetchError`] saying why there
//! is none. A caller cannot reach a body without deciding what to do about
//! the error first; that is the whole fix.
//!
//! One [`ureq::Agent`] is shared by all the threads of a run (it is `Sync`,
//! and cheap to clone): it keeps idle connections open so that the next
//! request to the same server skips the TCP handshake.

use std::fmt;
use std::time::Duration;
use ureq::Agent;

/// The largest body [`fetch`] reads (the local server's limit too).
const MAX_BODY: u64 = 64 << 20;

/// Why a fetch gave no body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FetchError {
    /// The server answered with an error status (4xx or 5xx).
    Status(u16),
    /// No complete answer within the agent's timeout.
    Timeout,
    /// No connection (refused, reset, unreachable), with the system's reason.
    Connection(String),
    /// The thread doing the fetch panicked.
    Panicked,
    /// Anything else the client reports (a malformed URL, broken HTTP).
    Other(String),
}

impl fmt::Display for FetchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FetchError::Status(code) => write!(f, "HTTP status {code}"),
            FetchError::Timeout => write!(f, "timed out"),
            FetchError::Connection(why) => write!(f, "connection failed: {why}"),
            FetchError::Panicked => write!(f, "the fetching thread panicked"),
            FetchError::Other(why) => write!(f, "{why}"),
        }
    }
}

impl std::error::Error for FetchError {}

impl From<ureq::Error> for FetchError {
    fn from(e: ureq::Error) -> FetchError {
        use std::io::ErrorKind;
        match e {
            ureq::Error::StatusCode(code) => FetchError::Status(code),
            ureq::Error::Timeout(_) => FetchError::Timeout,
            ureq::Error::Io(io) if io.kind() == ErrorKind::TimedOut => FetchError::Timeout,
            ureq::Error::Io(io) => FetchError::Connection(io.to_string()),
            ureq::Error::ConnectionFailed => FetchError::Connection("no connection".into()),
            other => FetchError::Other(other.to_string()),
        }
    }
}

/// An HTTP client for the local server: no proxy (even if the environment
/// names one: the lab talks to 127.0.0.1 only), every request done or failed
/// within `timeout`, and enough idle connections kept for every worker.
pub fn agent(timeout: Duration) -> Agent {
    Agent::config_builder()
        .proxy(None)
        .timeout_global(Some(timeout))
        .max_idle_connections(256)
        .max_idle_connections_per_host(256)
        .build()
        .into()
}

// ANCHOR: fetch
/// Fetches `url` and returns its body. An error status (4xx, 5xx) is an
/// error, like a refused connection or a timeout: in each case there is no
/// response to read, and the type says so.
pub fn fetch(agent: &Agent, url: &str) -> Result<Vec<u8>, FetchError> {
    let mut response = agent.get(url).call()?; // `?`: on error, return it; no response
    let body = response.body_mut().with_config().limit(MAX_BODY).read_to_vec()?;
    Ok(body)
}
// ANCHOR_END: fetch

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_read_well() {
        assert_eq!(FetchError::Status(503).to_string(), "HTTP status 503");
        assert_eq!(FetchError::Timeout.to_string(), "timed out");
        assert!(FetchError::Connection("refused".into()).to_string().contains("refused"));
    }

    #[test]
    fn a_malformed_url_is_an_error_not_a_panic() {
        let agent = agent(Duration::from_secs(1));
        assert!(fetch(&agent, "not a url").is_err());
    }
}
