//! How much a pipe holds, probed rather than quoted.
//!
//! The write end is made non-blocking (`O_NONBLOCK`), then written to until
//! the kernel says `EAGAIN` ("would block"): everything accepted until then
//! sits in the pipe, unread. That count is the capacity. `F_GETPIPE_SZ`
//! reports what the kernel thinks it is and `F_SETPIPE_SZ` asks for another
//! size, up to `/proc/sys/fs/pipe-max-size` for an unprivileged process
//! ([pipe(7)](https://man7.org/linux/man-pages/man7/pipe.7.html)); the
//! probe checks both.

use nix::errno::Errno;
use nix::fcntl::{FcntlArg, OFlag, fcntl};
use std::io::{PipeReader, PipeWriter, Write};
use std::os::fd::AsFd;

/// Where an unprivileged process's largest pipe is configured.
pub const MAX_SIZE_FILE: &str = "/proc/sys/fs/pipe-max-size";

// ANCHOR: probe
/// Writes to `writer` without blocking until the pipe is full, and returns
/// how many bytes it took. The pipe must be empty, and is left full.
pub fn probe(writer: &mut PipeWriter) -> anyhow::Result<usize> {
    set_nonblocking(writer, true)?;
    let chunk = [0u8; 4096];
    let mut held = 0;
    // Big writes first, then single bytes for whatever room is left.
    for size in [chunk.len(), 1] {
        loop {
            match writer.write(&chunk[..size]) {
                Ok(n) => held += n,
                Err(e) if e.raw_os_error() == Some(Errno::EAGAIN as i32) => break,
                Err(e) => return Err(e.into()),
            }
        }
    }
    set_nonblocking(writer, false)?;
    Ok(held)
}
// ANCHOR_END: probe

/// Turns `O_NONBLOCK` on or off for `fd`.
pub fn set_nonblocking(fd: &impl AsFd, on: bool) -> nix::Result<()> {
    let flags = OFlag::from_bits_truncate(fcntl(fd.as_fd(), FcntlArg::F_GETFL)?);
    let flags = if on { flags | OFlag::O_NONBLOCK } else { flags - OFlag::O_NONBLOCK };
    fcntl(fd.as_fd(), FcntlArg::F_SETFL(flags)).map(drop)
}

/// The size the kernel reports for the pipe (`F_GETPIPE_SZ`).
pub fn reported_size(fd: &impl AsFd) -> nix::Result<usize> {
    fcntl(fd.as_fd(), FcntlArg::F_GETPIPE_SZ).map(|n| n as usize)
}

/// Asks for a pipe of `bytes` (`F_SETPIPE_SZ`); returns the size granted
/// (the kernel rounds up to a power-of-two number of pages).
pub fn resize(fd: &impl AsFd, bytes: usize) -> nix::Result<usize> {
    fcntl(fd.as_fd(), FcntlArg::F_SETPIPE_SZ(bytes as i32)).map(|n| n as usize)
}

/// The largest pipe an unprivileged process may ask for.
pub fn max_size() -> anyhow::Result<usize> {
    let text = std::fs::read_to_string(MAX_SIZE_FILE)?;
    Ok(text.trim().parse()?)
}

/// A fresh pipe of `bytes` capacity (`None`: the default).
pub fn pipe_of(bytes: Option<usize>) -> anyhow::Result<(PipeReader, PipeWriter)> {
    let (r, w) = std::io::pipe()?;
    if let Some(bytes) = bytes {
        resize(&w, bytes)?;
    }
    Ok((r, w))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn a_fresh_pipe_holds_what_the_kernel_reports() {
        let (_r, mut w) = pipe_of(None).unwrap();
        let reported = reported_size(&w).unwrap();
        assert_eq!(probe(&mut w).unwrap(), reported);
    }

    #[test]
    fn a_resized_pipe_holds_the_new_size_and_gives_it_back() {
        let (mut r, mut w) = pipe_of(Some(256 * 1024)).unwrap();
        let held = probe(&mut w).unwrap();
        assert_eq!(held, 256 * 1024);
        let mut back = vec![0u8; held + 1];
        let mut got = 0;
        while got < held {
            got += r.read(&mut back[got..]).unwrap();
        }
        assert_eq!(got, held, "every byte the probe wrote is in the pipe");
    }

    #[test]
    fn more_than_the_maximum_is_refused() {
        let (_r, w) = pipe_of(None).unwrap();
        let max = max_size().unwrap();
        assert_eq!(resize(&w, max).unwrap(), max);
        // Root (CAP_SYS_RESOURCE) may go past the limit; nobody else may.
        // Safety: geteuid only reads this process's credentials.
        if unsafe { libc::geteuid() } != 0 {
            assert_eq!(resize(&w, max * 2), Err(Errno::EPERM));
        }
    }
}
