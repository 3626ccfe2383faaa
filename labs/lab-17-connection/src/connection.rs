//! A connection: whole messages over a byte stream, as
//! `multiprocessing.connection.Connection` sends them.
//!
//! Each message is one frame of chapter 12's framing (`lab_12_pipe::frame`):
//! a length, then the bytes. `send_bytes`/`recv_bytes` move raw bytes;
//! `send`/`recv` move any serde type, encoded with postcard. Every read
//! refuses a frame longer than the connection's maximum *before*
//! allocating it, so a peer that announces 4 GiB costs us nothing.
//!
//! Unlike Python's `recv()`, which unpickles whatever arrives (and
//! unpickling can run code), `recv::<T>()` only ever builds a `T`: bytes
//! that are not a `T` are a decode error.

use crate::auth::{self, Wire};
use crate::errors::ConnError;
use crate::socket::Socket;
use lab_12_pipe::frame::{self, FrameError};
use serde::{Serialize, de::DeserializeOwned};
use std::io::{self, Read};
use std::time::Instant;

/// The default largest message: 1 MiB.
pub const DEFAULT_MAX_FRAME: usize = 1 << 20;

/// Whole messages over a socket.
#[derive(Debug)]
pub struct Connection {
    /// The byte stream.
    socket: Socket,
    /// The largest frame this side reads or writes.
    max_frame: usize,
    /// The last frame read, kept so a stream of messages reuses one buffer.
    buf: Vec<u8>,
    /// When set, every read must finish by then: a whole-message deadline,
    /// not a per-read one, so a peer dribbling one byte at a time cannot
    /// stretch it.
    deadline: Option<Instant>,
}

impl Connection {
    /// A connection over `socket` refusing frames over `max_frame` bytes.
    pub fn new(socket: Socket, max_frame: usize) -> Connection {
        Connection { socket, max_frame, buf: Vec::new(), deadline: None }
    }

    /// The socket, e.g. to set a read timeout or shut it down.
    pub fn socket(&self) -> &Socket {
        &self.socket
    }

    /// The socket itself, to write bytes that are not frames (the
    /// bad-input experiment and tests do).
    pub fn socket_mut(&mut self) -> &mut Socket {
        &mut self.socket
    }

    /// Bytes the read buffer holds: never more than the maximum frame
    /// (the property test checks), whatever the peer announced.
    pub fn buffer_capacity(&self) -> usize {
        self.buf.capacity()
    }

    /// Reads must finish by `deadline` (`None`: no limit).
    pub fn set_deadline(&mut self, deadline: Option<Instant>) -> io::Result<()> {
        self.deadline = deadline;
        if deadline.is_none() {
            self.socket.set_read_timeout(None)?;
        }
        Ok(())
    }

    /// Sends `bytes` as one message.
    pub fn send_bytes(&mut self, bytes: &[u8]) -> Result<(), ConnError> {
        Ok(frame::write_frame(&mut self.socket, bytes, self.max_frame)?)
    }

    /// Receives one message of at most `max` bytes (and at most the
    /// connection's maximum); `Closed` if the peer hung up between messages.
    pub fn recv_bytes_max(&mut self, max: usize) -> Result<&[u8], ConnError> {
        let max = max.min(self.max_frame);
        // The frame reader grows the buffer with `resize`, which may double
        // it: from more than half the maximum, that could pass the maximum.
        // Growing it to exactly the connection's maximum first means it
        // never grows again, so it never holds more than the maximum.
        if self.buf.capacity() < self.max_frame && self.buf.capacity() * 2 > self.max_frame {
            self.buf.clear();
            self.buf.reserve_exact(self.max_frame);
        }
        let mut reader = Deadlined { socket: &mut self.socket, deadline: self.deadline };
        match frame::read_frame_into(&mut reader, &mut self.buf, max)? {
            true => Ok(&self.buf),
            false => Err(ConnError::Closed),
        }
    }

    /// Receives one message.
    pub fn recv_bytes(&mut self) -> Result<&[u8], ConnError> {
        self.recv_bytes_max(self.max_frame)
    }

    /// Sends a serde value as one message.
    pub fn send<T: Serialize + ?Sized>(&mut self, message: &T) -> Result<(), ConnError> {
        Ok(frame::send(&mut self.socket, message, self.max_frame)?)
    }

    /// Receives one message and decodes it as a `T`.
    pub fn recv<T: DeserializeOwned>(&mut self) -> Result<T, ConnError> {
        let bytes = self.recv_bytes()?;
        postcard::from_bytes(bytes).map_err(|e| ConnError::Frame(FrameError::Decode(e)))
    }

    /// Runs the handshake as the side that was connected to: challenge
    /// the peer, then answer its challenge (Python's `Listener.accept`).
    pub fn authenticate_as_server(&mut self, key: &[u8]) -> Result<(), ConnError> {
        auth::deliver_challenge(self, key)?;
        auth::answer_challenge(self, key)
    }

    /// Runs the handshake as the side that connected: answer, then
    /// challenge (Python's `Client`).
    pub fn authenticate_as_client(&mut self, key: &[u8]) -> Result<(), ConnError> {
        auth::answer_challenge(self, key)?;
        auth::deliver_challenge(self, key)
    }
}

impl Wire for Connection {
    type Error = ConnError;

    fn send_bytes(&mut self, bytes: &[u8]) -> Result<(), ConnError> {
        Connection::send_bytes(self, bytes)
    }

    fn recv_bytes(&mut self, max: usize) -> Result<Vec<u8>, ConnError> {
        self.recv_bytes_max(max).map(<[u8]>::to_vec)
    }
}

// ANCHOR: deadline
/// The socket, read under a deadline: each read may wait only for the time left.
struct Deadlined<'a> {
    /// The socket read.
    socket: &'a mut Socket,
    /// When reading must be over; `None`: no limit.
    deadline: Option<Instant>,
}

impl Read for Deadlined<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if let Some(deadline) = self.deadline {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(io::ErrorKind::TimedOut.into());
            }
            self.socket.set_read_timeout(Some(left))?;
        }
        self.socket.read(buf)
    }
}
// ANCHOR_END: deadline
