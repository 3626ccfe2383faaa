//! Length-prefixed frames: how to send whole messages through a byte stream.
//!
//! A pipe (or a socket) carries bytes, not messages: one `write` of 100
//! bytes may come out as two `read`s of 60 and 40, and two writes may come
//! out as one read. To send messages, each one goes out as a *frame*:
//!
//! ```text
//! +----------------------+------------------------+
//! | length: u32, little- | payload: `length` bytes |
//! | endian (4 bytes)     |                        |
//! +----------------------+------------------------+
//! ```
//!
//! The reader reads exactly 4 bytes, then exactly `length` bytes. A length
//! above the agreed maximum is refused before anything is allocated (a
//! corrupt or hostile header must not make the reader allocate 4 GiB), and
//! a stream that ends inside a frame is an error ([`FrameError::Truncated`]),
//! never a short message. A stream that ends exactly between frames is the
//! clean end: `Ok(None)`.
//!
//! A frame of at most [`ATOMIC_PAYLOAD`] bytes goes out in a single
//! `write`, so on a pipe several writers' small frames never interleave
//! (POSIX guarantees writes of up to `PIPE_BUF` bytes are atomic). Larger
//! frames need a lock around the writer (chapter 13's queue holds one).
//!
//! [`send`] and [`recv`] put a serde value in a frame with `postcard`, the
//! workspace's compact binary format. Chapters 13, 16 and 17 build on this
//! file.

use serde::{Serialize, de::DeserializeOwned};
use std::fmt;
use std::io::{self, Read, Write};

// ANCHOR: header
/// Bytes in a frame's header: the payload length as a little-endian `u32`.
pub const HEADER: usize = 4;

/// The default largest payload a reader accepts: 64 MiB.
pub const DEFAULT_MAX: usize = 64 << 20;

/// `PIPE_BUF` on Linux: a `write` of at most this many bytes to a pipe is
/// never interleaved with another writer's ([pipe(7)](https://man7.org/linux/man-pages/man7/pipe.7.html)).
pub const PIPE_BUF: usize = libc::PIPE_BUF;

/// The largest payload whose whole frame fits in one atomic pipe write.
pub const ATOMIC_PAYLOAD: usize = PIPE_BUF - HEADER;
// ANCHOR_END: header

/// What can go wrong reading or writing a frame.
#[derive(Debug)]
pub enum FrameError {
    /// The stream itself failed.
    Io(io::Error),
    /// A payload longer than the maximum, refused (on either side).
    TooLarge { len: usize, max: usize },
    /// The stream ended inside a frame: `got` of `expected` bytes of the
    /// header (`in_header`) or of the payload arrived.
    Truncated { in_header: bool, expected: usize, got: usize },
    /// The payload is not a valid encoding of the expected type.
    Decode(postcard::Error),
}

impl fmt::Display for FrameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FrameError::Io(e) => write!(f, "frame I/O failed: {e}"),
            FrameError::TooLarge { len, max } => {
                write!(f, "frame of {len} bytes refused: the maximum is {max}")
            }
            FrameError::Truncated { in_header, expected, got } => write!(
                f,
                "stream ended inside a frame: {got} of {expected} {} bytes arrived",
                if *in_header { "header" } else { "payload" }
            ),
            FrameError::Decode(e) => write!(f, "frame payload does not decode: {e}"),
        }
    }
}

impl std::error::Error for FrameError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            FrameError::Io(e) => Some(e),
            FrameError::Decode(e) => Some(e),
            _ => None,
        }
    }
}

impl From<io::Error> for FrameError {
    fn from(e: io::Error) -> Self {
        FrameError::Io(e)
    }
}

// ANCHOR: write
/// Writes `payload` as one frame. A frame of up to [`PIPE_BUF`] bytes
/// (payload up to [`ATOMIC_PAYLOAD`]) is one `write` call; a longer one
/// is the header then the payload, and needs a lock if several writers
/// share the stream.
pub fn write_frame<W: Write + ?Sized>(
    w: &mut W,
    payload: &[u8],
    max: usize,
) -> Result<(), FrameError> {
    let header = header_for(payload.len(), max)?;
    if payload.len() <= ATOMIC_PAYLOAD {
        let mut frame = [0u8; PIPE_BUF];
        frame[..HEADER].copy_from_slice(&header);
        frame[HEADER..HEADER + payload.len()].copy_from_slice(payload);
        w.write_all(&frame[..HEADER + payload.len()])?;
    } else {
        w.write_all(&header)?;
        w.write_all(payload)?;
    }
    Ok(())
}

/// The header for a payload of `len` bytes, or `TooLarge`.
fn header_for(len: usize, max: usize) -> Result<[u8; HEADER], FrameError> {
    match u32::try_from(len) {
        Ok(n) if len <= max => Ok(n.to_le_bytes()),
        _ => Err(FrameError::TooLarge { len, max }),
    }
}
// ANCHOR_END: write

// ANCHOR: read
/// Reads one frame into `buf` (replacing its contents). `Ok(false)` when
/// the stream ended cleanly before a frame; `Truncated` if it ended inside
/// one; `TooLarge` (before allocating) if the header announces more than
/// `max` bytes.
pub fn read_frame_into<R: Read + ?Sized>(
    r: &mut R,
    buf: &mut Vec<u8>,
    max: usize,
) -> Result<bool, FrameError> {
    let mut header = [0u8; HEADER];
    let got = read_full(r, &mut header)?;
    if got == 0 {
        return Ok(false);
    }
    if got < HEADER {
        return Err(FrameError::Truncated { in_header: true, expected: HEADER, got });
    }
    let len = u32::from_le_bytes(header) as usize;
    if len > max {
        return Err(FrameError::TooLarge { len, max });
    }
    buf.clear();
    buf.resize(len, 0);
    let got = read_full(r, buf)?;
    if got < len {
        return Err(FrameError::Truncated { in_header: false, expected: len, got });
    }
    Ok(true)
}

/// Reads one frame: `Ok(None)` at a clean end of stream.
pub fn read_frame<R: Read + ?Sized>(r: &mut R, max: usize) -> Result<Option<Vec<u8>>, FrameError> {
    let mut buf = Vec::new();
    Ok(read_frame_into(r, &mut buf, max)?.then_some(buf))
}

/// Reads until `buf` is full or the stream ends; returns the bytes read.
/// (Unlike `read_exact`, it says how many arrived before the end.)
fn read_full<R: Read + ?Sized>(r: &mut R, buf: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match r.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}
// ANCHOR_END: read

// ANCHOR: messages
/// Serializes `message` with postcard into one frame and writes it with a
/// single `write_all` (so a frame of up to `PIPE_BUF` bytes is atomic).
pub fn send<W: Write + ?Sized, T: Serialize + ?Sized>(
    w: &mut W,
    message: &T,
    max: usize,
) -> Result<(), FrameError> {
    let frame = encode(message, max)?;
    w.write_all(&frame)?;
    Ok(())
}

/// The whole frame (header and postcard payload) for `message`.
pub fn encode<T: Serialize + ?Sized>(message: &T, max: usize) -> Result<Vec<u8>, FrameError> {
    let mut frame = postcard::to_extend(message, vec![0u8; HEADER]).map_err(FrameError::Decode)?;
    let header = header_for(frame.len() - HEADER, max)?;
    frame[..HEADER].copy_from_slice(&header);
    Ok(frame)
}

/// Reads one frame and decodes it as a `T`: `Ok(None)` at a clean end.
pub fn recv<R: Read + ?Sized, T: DeserializeOwned>(
    r: &mut R,
    max: usize,
) -> Result<Option<T>, FrameError> {
    match read_frame(r, max)? {
        Some(payload) => postcard::from_bytes(&payload).map(Some).map_err(FrameError::Decode),
        None => Ok(None),
    }
}
// ANCHOR_END: messages

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    #[test]
    fn frames_round_trip_in_order() {
        let mut stream = Vec::new();
        for payload in [&b""[..], b"a", &[7u8; 5000], b"last"] {
            write_frame(&mut stream, payload, DEFAULT_MAX).unwrap();
        }
        let mut r = Cursor::new(stream);
        assert_eq!(read_frame(&mut r, DEFAULT_MAX).unwrap().unwrap(), b"");
        assert_eq!(read_frame(&mut r, DEFAULT_MAX).unwrap().unwrap(), b"a");
        assert_eq!(read_frame(&mut r, DEFAULT_MAX).unwrap().unwrap(), vec![7u8; 5000]);
        assert_eq!(read_frame(&mut r, DEFAULT_MAX).unwrap().unwrap(), b"last");
        assert!(read_frame(&mut r, DEFAULT_MAX).unwrap().is_none());
    }

    #[test]
    fn header_is_little_endian_length() {
        let mut stream = Vec::new();
        write_frame(&mut stream, b"abc", DEFAULT_MAX).unwrap();
        assert_eq!(stream, [3, 0, 0, 0, b'a', b'b', b'c']);
    }

    #[test]
    fn truncated_payload_is_an_error() {
        let mut stream = Vec::new();
        write_frame(&mut stream, b"hello", DEFAULT_MAX).unwrap();
        stream.truncate(stream.len() - 2);
        let err = read_frame(&mut Cursor::new(stream), DEFAULT_MAX).unwrap_err();
        assert!(
            matches!(err, FrameError::Truncated { in_header: false, expected: 5, got: 3 }),
            "{err}"
        );
    }

    #[test]
    fn truncated_header_is_an_error() {
        let err = read_frame(&mut Cursor::new(vec![9u8, 0]), DEFAULT_MAX).unwrap_err();
        assert!(
            matches!(err, FrameError::Truncated { in_header: true, expected: 4, got: 2 }),
            "{err}"
        );
    }

    #[test]
    fn oversized_frames_are_refused_on_both_sides() {
        let mut stream = Vec::new();
        let err = write_frame(&mut stream, &[0u8; 100], 99).unwrap_err();
        assert!(matches!(err, FrameError::TooLarge { len: 100, max: 99 }));
        assert!(stream.is_empty(), "nothing written for a refused frame");
        // A hostile header: u32::MAX bytes announced, refused without allocating.
        let err =
            read_frame(&mut Cursor::new(u32::MAX.to_le_bytes().to_vec()), DEFAULT_MAX).unwrap_err();
        assert!(matches!(err, FrameError::TooLarge { len, .. } if len == u32::MAX as usize));
    }

    #[test]
    fn a_reader_that_returns_one_byte_at_a_time_still_gets_whole_frames() {
        struct Dribble(Cursor<Vec<u8>>);
        impl Read for Dribble {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                let n = buf.len().min(1);
                self.0.read(&mut buf[..n])
            }
        }
        let mut stream = Vec::new();
        send(&mut stream, &(42u64, String::from("dribble")), DEFAULT_MAX).unwrap();
        let mut r = Dribble(Cursor::new(stream));
        let got: (u64, String) = recv(&mut r, DEFAULT_MAX).unwrap().unwrap();
        assert_eq!(got, (42, "dribble".into()));
        assert!(recv::<_, (u64, String)>(&mut r, DEFAULT_MAX).unwrap().is_none());
    }

    #[test]
    fn messages_round_trip_and_bad_payloads_do_not_decode() {
        let mut stream = Vec::new();
        send(&mut stream, &vec![1u32, 2, 3], DEFAULT_MAX).unwrap();
        send(&mut stream, "text", DEFAULT_MAX).unwrap();
        write_frame(&mut stream, &[0xff; 3], DEFAULT_MAX).unwrap();
        let mut r = Cursor::new(stream);
        assert_eq!(recv::<_, Vec<u32>>(&mut r, DEFAULT_MAX).unwrap().unwrap(), [1, 2, 3]);
        assert_eq!(recv::<_, String>(&mut r, DEFAULT_MAX).unwrap().unwrap(), "text");
        assert!(matches!(recv::<_, String>(&mut r, DEFAULT_MAX), Err(FrameError::Decode(_))));
    }

    #[test]
    fn small_frames_are_one_write_call() {
        struct Counting(usize);
        impl Write for Counting {
            fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
                self.0 += 1;
                Ok(buf.len())
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let mut w = Counting(0);
        write_frame(&mut w, &[1u8; ATOMIC_PAYLOAD], DEFAULT_MAX).unwrap();
        assert_eq!(w.0, 1);
        send(&mut w, &[2u8; 100][..], DEFAULT_MAX).unwrap();
        assert_eq!(w.0, 2);
    }
}
