//! Moving a stream of bytes through a pipe to a forked reader, four ways.
//!
//! - `write` copies the chunk from the writer's memory into the pipe's
//!   pages; `read` copies it out again: two copies per byte.
//! - `vmsplice` hands the pipe references to the writer's own pages instead
//!   of copying them ([vmsplice(2)](https://man7.org/linux/man-pages/man2/vmsplice.2.html));
//!   the writer must then leave those pages alone until the reader has
//!   them (the lab never changes its buffer).
//! - `splice` moves pages from the pipe to another file without bringing
//!   them to user space ([splice(2)](https://man7.org/linux/man-pages/man2/splice.2.html));
//!   here to `/dev/null`, so the data is never looked at: a transport with
//!   no copy at all, not a ceiling a real reader can reach.

use crate::capacity::resize;
use labkit::process::{ChildProcess, fork_child};
use nix::fcntl::{SpliceFFlags, splice, vmsplice};
use std::fs::File;
use std::io::{IoSlice, PipeReader, PipeWriter, Read, Write};
use std::os::fd::AsRawFd;

/// How the writer puts a chunk into the pipe.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Put {
    /// `write(2)`: a copy into the pipe.
    Write,
    /// `vmsplice(2)`: the writer's pages, by reference.
    Vmsplice,
}

/// How the reader takes bytes out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Take {
    /// `read(2)` into a 1 MiB buffer: a copy out of the pipe.
    Read,
    /// `splice(2)` to `/dev/null`: no copy, the bytes are never seen.
    SpliceToNull,
}

/// The reader's buffer and the most a `splice` moves at once.
const READ_BUFFER: usize = 1 << 20;

/// A pipe with a forked reader at the other end.
pub struct Flow {
    /// Our end; closing it ends the reader.
    writer: Option<PipeWriter>,
    /// How chunks go in.
    put: Put,
    /// The reader, which exits with 0 at the end of the stream.
    reader: ChildProcess,
}

impl Flow {
    /// A pipe of `capacity` bytes (`None`: the default) read by a child with `take`.
    pub fn start(capacity: Option<usize>, put: Put, take: Take) -> anyhow::Result<Flow> {
        let (r, w) = std::io::pipe()?;
        if let Some(bytes) = capacity {
            resize(&w, bytes)?;
        }
        // Everything the child uses is made before the fork: it allocates nothing.
        let mut buffer = vec![0u8; READ_BUFFER];
        let null = File::options().write(true).open("/dev/null")?;
        let ours = w.as_raw_fd();
        let reader = fork_child(move || {
            // Safety: the child's copy of our write end; it must not hold it
            // open, or it would never see the end of the stream.
            unsafe { libc::close(ours) };
            match drain_pipe(r, &mut buffer, &null, take) {
                Ok(_) => 0,
                Err(_) => 1,
            }
        })?;
        Ok(Flow { writer: Some(w), put, reader })
    }

    // ANCHOR: put
    /// Puts all of `chunk` into the pipe (blocking while it is full).
    pub fn send(&mut self, chunk: &[u8]) -> std::io::Result<()> {
        let w = self.writer.as_mut().expect("open until finish");
        match self.put {
            Put::Write => w.write_all(chunk),
            Put::Vmsplice => {
                let mut rest = chunk;
                while !rest.is_empty() {
                    let n = vmsplice(&*w, &[IoSlice::new(rest)], SpliceFFlags::empty())?;
                    rest = &rest[n..];
                }
                Ok(())
            }
        }
    }
    // ANCHOR_END: put

    /// Closes the pipe and waits for the reader to finish.
    pub fn finish(mut self) -> anyhow::Result<()> {
        drop(self.writer.take());
        let status = self.reader.wait()?;
        anyhow::ensure!(status.success(), "the reader ended with {status}");
        Ok(())
    }
}

// ANCHOR: take
/// Takes everything out of the pipe until its end; returns the byte count.
fn drain_pipe(
    mut r: PipeReader,
    buffer: &mut [u8],
    null: &File,
    take: Take,
) -> std::io::Result<u64> {
    let mut total = 0u64;
    loop {
        let n = match take {
            Take::Read => r.read(buffer)?,
            Take::SpliceToNull => {
                splice(&r, None, null, None, READ_BUFFER, SpliceFFlags::SPLICE_F_MOVE)?
            }
        };
        if n == 0 {
            return Ok(total);
        }
        total += n as u64;
    }
}
// ANCHOR_END: take

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_route_delivers_and_ends() {
        let chunk = vec![7u8; 300_000];
        for (put, take) in [
            (Put::Write, Take::Read),
            (Put::Vmsplice, Take::Read),
            (Put::Vmsplice, Take::SpliceToNull),
        ] {
            let mut flow = Flow::start(Some(1 << 20), put, take).unwrap();
            for _ in 0..20 {
                flow.send(&chunk).unwrap();
            }
            flow.finish().unwrap();
        }
    }
}
