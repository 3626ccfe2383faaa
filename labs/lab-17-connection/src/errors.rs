//! Everything that can go wrong on a connection, as one error type, so that
//! every refusal the server makes has a clear name and message.
//!
//! A frame problem comes from chapter 12's framing ([`FrameError`]); the
//! rest are this chapter's: the handshake, its deadline, and RPC.

pub use crate::auth::AuthError;
use lab_12_pipe::FrameError;
use std::fmt;
use std::io;

/// Why a connection, a handshake or a call failed.
#[derive(Debug)]
pub enum ConnError {
    /// A frame could not be read or written: I/O, too large, truncated, or
    /// a payload that does not decode as the expected type.
    Frame(FrameError),
    /// The peer closed the connection between two frames.
    Closed,
    /// The peer did not send a whole message before the deadline.
    Deadline,
    /// The handshake failed; the text says which side and why.
    Auth(AuthError),
}

impl fmt::Display for ConnError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConnError::Frame(e) => e.fmt(f),
            ConnError::Closed => write!(f, "the peer closed the connection"),
            ConnError::Deadline => {
                write!(f, "the peer did not send its whole message before the deadline")
            }
            ConnError::Auth(e) => write!(f, "authentication failed: {e}"),
        }
    }
}

impl std::error::Error for ConnError {}

impl From<FrameError> for ConnError {
    fn from(e: FrameError) -> Self {
        match e {
            FrameError::Io(io) if is_timeout(&io) => ConnError::Deadline,
            other => ConnError::Frame(other),
        }
    }
}

impl From<io::Error> for ConnError {
    fn from(e: io::Error) -> Self {
        ConnError::from(FrameError::Io(e))
    }
}

impl From<AuthError> for ConnError {
    fn from(e: AuthError) -> Self {
        ConnError::Auth(e)
    }
}

/// A read timeout shows up as `WouldBlock` or `TimedOut`, depending on the
/// platform ([`std::net::TcpStream::set_read_timeout`]).
fn is_timeout(e: &io::Error) -> bool {
    matches!(e.kind(), io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut)
}
