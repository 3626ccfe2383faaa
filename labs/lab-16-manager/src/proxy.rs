//! The client side: proxies whose methods are calls to the manager.
//!
//! A [`Client`] is one connection. `client.list()` and `client.map()` give
//! proxies for the manager's two objects; each method sends one request
//! and waits for its reply. What a method returns is a copy: the proxy
//! trap is that changing it changes nothing in the manager.
//!
//! Every way a call can fail is a [`ManagerError`]: in particular a
//! manager that died is `Gone`, reported as soon as the socket says so,
//! and a manager that stopped answering is `NoReply` after the call
//! timeout, never a hang.

use crate::protocol::{Op, Reply, Request, Value};
use crate::server::MAX_FRAME;
use lab_12_pipe::{FrameError, frame};
use std::fmt;
use std::io;
use std::os::unix::net::UnixStream;
use std::path::Path;
use std::time::Duration;

/// How long a call waits for its reply before giving up.
pub const CALL_TIMEOUT: Duration = Duration::from_secs(10);

/// Why a call failed.
#[derive(Debug, Clone, PartialEq)]
pub enum ManagerError {
    /// The manager is not there (any more): why.
    Gone(String),
    /// No reply within the call timeout.
    NoReply(Duration),
    /// The manager refused the request: why.
    Remote(String),
    /// A reply of the wrong kind for the request.
    Unexpected(String),
}

impl fmt::Display for ManagerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ManagerError::Gone(why) => write!(f, "the manager is gone: {why}"),
            ManagerError::NoReply(d) => write!(f, "the manager did not answer within {d:?}"),
            ManagerError::Remote(why) => write!(f, "the manager refused: {why}"),
            ManagerError::Unexpected(what) => write!(f, "unexpected reply: {what}"),
        }
    }
}

impl std::error::Error for ManagerError {}

/// A read or write on the socket failed: what the caller should hear.
fn failed(e: FrameError) -> ManagerError {
    match e {
        FrameError::Io(e)
            if matches!(e.kind(), io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut) =>
        {
            ManagerError::NoReply(CALL_TIMEOUT)
        }
        FrameError::Io(e) => ManagerError::Gone(format!("the connection failed ({e})")),
        FrameError::Truncated { .. } => ManagerError::Gone("its reply was cut short".into()),
        other => ManagerError::Unexpected(other.to_string()),
    }
}

// ANCHOR: client
/// One connection to the manager.
pub struct Client {
    /// The socket, with a read timeout of [`CALL_TIMEOUT`].
    stream: UnixStream,
}

impl Client {
    /// Connects to the manager at `path`.
    pub fn connect(path: &Path) -> Result<Client, ManagerError> {
        // The path is left out of the error: it is a temporary name.
        let stream = UnixStream::connect(path)
            .map_err(|e| ManagerError::Gone(format!("cannot connect to its socket ({e})")))?;
        stream
            .set_read_timeout(Some(CALL_TIMEOUT))
            .map_err(|e| ManagerError::Gone(e.to_string()))?;
        Ok(Client { stream })
    }

    /// Sends one request and waits for its reply; an `Error` reply is `Remote`.
    pub fn call(&mut self, request: impl Into<Request>) -> Result<Reply, ManagerError> {
        frame::send(&mut self.stream, &request.into(), MAX_FRAME).map_err(failed)?;
        match frame::recv::<_, Reply>(&mut self.stream, MAX_FRAME).map_err(failed)? {
            None => Err(ManagerError::Gone("it closed the connection before answering".into())),
            Some(Reply::Error(why)) => Err(ManagerError::Remote(why)),
            Some(reply) => Ok(reply),
        }
    }

    /// A proxy for the manager's list.
    pub fn list(&mut self) -> ListProxy<'_> {
        ListProxy { client: self }
    }

    /// A proxy for the manager's map.
    pub fn map(&mut self) -> MapProxy<'_> {
        MapProxy { client: self }
    }
}
// ANCHOR_END: client

/// `reply` if it is `Done`.
fn done(reply: Reply) -> Result<(), ManagerError> {
    match reply {
        Reply::Done => Ok(()),
        other => Err(ManagerError::Unexpected(format!("{other:?}"))),
    }
}

// ANCHOR: list_proxy
/// The manager's list, as seen from another process.
pub struct ListProxy<'a> {
    /// The connection every call goes through.
    client: &'a mut Client,
}

impl ListProxy<'_> {
    /// `list.append(value)`: one round trip.
    pub fn append(&mut self, value: Value) -> Result<(), ManagerError> {
        done(self.client.call(Op::Append(value))?)
    }

    /// `list[index]`: a copy of the item, not the item.
    pub fn get(&mut self, index: usize) -> Result<Value, ManagerError> {
        match self.client.call(Op::Get(index))? {
            Reply::Value(Some(v)) => Ok(v),
            other => Err(ManagerError::Unexpected(format!("{other:?}"))),
        }
    }

    /// `list[index] = value`.
    pub fn set(&mut self, index: usize, value: Value) -> Result<(), ManagerError> {
        done(self.client.call(Op::Set(index, value))?)
    }

    /// `len(list)`.
    pub fn len(&mut self) -> Result<usize, ManagerError> {
        match self.client.call(Op::Len)? {
            Reply::Len(n) => Ok(n),
            other => Err(ManagerError::Unexpected(format!("{other:?}"))),
        }
    }

    /// `len(list) == 0`.
    pub fn is_empty(&mut self) -> Result<bool, ManagerError> {
        self.len().map(|n| n == 0)
    }

    /// `list[:]`: a copy of every item.
    pub fn snapshot(&mut self) -> Result<Vec<Value>, ManagerError> {
        match self.client.call(Op::Snapshot)? {
            Reply::Values(v) => Ok(v),
            other => Err(ManagerError::Unexpected(format!("{other:?}"))),
        }
    }

    /// `list.clear()`.
    pub fn clear(&mut self) -> Result<(), ManagerError> {
        done(self.client.call(Op::Clear)?)
    }

    /// Adds `delta` to the score of the record at `index`, in the manager.
    pub fn add_to_score(&mut self, index: usize, delta: i64) -> Result<(), ManagerError> {
        done(self.client.call(Op::AddToScore(index, delta))?)
    }

    /// Appends every value in one message: one round trip for all of them.
    pub fn extend_batched(
        &mut self,
        values: impl IntoIterator<Item = Value>,
    ) -> Result<(), ManagerError> {
        let batch = Request::Batch(values.into_iter().map(Op::Append).collect());
        match self.client.call(batch)? {
            Reply::Batch(replies) => replies.into_iter().try_for_each(done),
            other => Err(ManagerError::Unexpected(format!("{other:?}"))),
        }
    }
}
// ANCHOR_END: list_proxy

/// The manager's map, as seen from another process.
pub struct MapProxy<'a> {
    /// The connection every call goes through.
    client: &'a mut Client,
}

impl MapProxy<'_> {
    /// `map[key] = value`.
    pub fn insert(&mut self, key: &str, value: Value) -> Result<(), ManagerError> {
        done(self.client.call(Op::Insert(key.to_string(), value))?)
    }

    /// `map.get(key)`: a copy, or `None`.
    pub fn get(&mut self, key: &str) -> Result<Option<Value>, ManagerError> {
        match self.client.call(Op::Lookup(key.to_string()))? {
            Reply::Value(v) => Ok(v),
            other => Err(ManagerError::Unexpected(format!("{other:?}"))),
        }
    }
}
