//! One byte bounced between this process and a forked child: the
//! notebook's ping-pong, done right.
//!
//! Each [`Channel`] is a pair of ways to say "your turn": two pipes, a Unix
//! socket pair, or a futex word in a shared page. Both sides *block* until
//! it is their turn (no busy `poll()` loop, except in
//! [`Channel::PipeBusyPoll`], the notebook's own way, kept to measure what
//! it costs), and the parent times each round trip with [`Instant`](std::time::Instant), a
//! monotonic clock (the notebook's `time.time()` can jump).
//!
//! The child closes the parent's ends first, so that when the parent closes
//! its ends the child sees the end of the stream and exits.

use crate::shared_futex::{self, SharedPage};
use labkit::process::{ChildProcess, fork_child};
use std::io::{PipeReader, PipeWriter, Read, Write};
use std::os::fd::{AsFd, AsRawFd, RawFd};
use std::os::unix::net::UnixStream;
use std::sync::atomic::Ordering::{Acquire, Release};

/// The ways to bounce a byte between two processes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Channel {
    /// Two pipes, one each way; blocking reads.
    Pipe,
    /// A `socketpair(AF_UNIX, SOCK_STREAM)`; blocking reads.
    Socket,
    /// A futex word in a shared page (the calls without the private flag).
    Futex,
    /// Two pipes, the child spinning on `poll()` with a zero timeout, as the notebook does.
    PipeBusyPoll,
}

impl Channel {
    /// Every channel, in the order the lab measures them.
    pub const ALL: [Channel; 4] =
        [Channel::Pipe, Channel::Socket, Channel::Futex, Channel::PipeBusyPoll];

    /// The name in tables and legends.
    pub fn name(self) -> &'static str {
        match self {
            Channel::Pipe => "pipe",
            Channel::Socket => "Unix socket pair",
            Channel::Futex => "shared futex",
            Channel::PipeBusyPoll => "pipe, busy poll (notebook)",
        }
    }

    /// The key in result names.
    pub fn key(self) -> &'static str {
        match self {
            Channel::Pipe => "pipe",
            Channel::Socket => "socket",
            Channel::Futex => "futex",
            Channel::PipeBusyPoll => "busy-poll",
        }
    }
}

/// The futex word's states.
/// The parent's turn (the child answered, or nothing sent yet).
const PONG: u32 = 0;
/// The child's turn: the parent sent a ping.
const PING: u32 = 1;
/// The child should exit.
const STOP: u32 = 2;

/// The parent's end of a running ping-pong.
pub struct PingPong {
    /// How the byte travels, and the parent's ends.
    ends: Ends,
    /// The child answering.
    child: ChildProcess,
}

/// The parent's ends of each channel.
enum Ends {
    /// To the child, from the child.
    Pipes(PipeWriter, PipeReader),
    /// The parent's socket.
    Socket(UnixStream),
    /// The shared page; word 0 is the turn.
    Futex(SharedPage),
}

impl PingPong {
    /// Forks a child that answers on `channel`.
    pub fn start(channel: Channel) -> anyhow::Result<PingPong> {
        let (ends, child) = match channel {
            Channel::Pipe | Channel::PipeBusyPoll => {
                let (down_r, down_w) = std::io::pipe()?;
                let (up_r, up_w) = std::io::pipe()?;
                let busy = channel == Channel::PipeBusyPoll;
                let theirs = [down_w.as_raw_fd(), up_r.as_raw_fd()];
                let child = fork_child(|| {
                    close_all(&theirs);
                    answer_pipe(&down_r, &up_w, busy)
                })?;
                (Ends::Pipes(down_w, up_r), child)
            }
            Channel::Socket => {
                let (mine, other) = UnixStream::pair()?;
                let theirs = [mine.as_raw_fd()];
                let child = fork_child(|| {
                    close_all(&theirs);
                    answer_stream(&other, &other)
                })?;
                (Ends::Socket(mine), child)
            }
            Channel::Futex => {
                let page = SharedPage::new()?;
                let child = fork_child(|| answer_futex(&page))?;
                (Ends::Futex(page), child)
            }
        };
        Ok(PingPong { ends, child })
    }

    // ANCHOR: round_trip
    /// One round trip: say "your turn", wait until the child says it back.
    pub fn round_trip(&mut self) -> std::io::Result<()> {
        let mut byte = [0u8; 1];
        match &mut self.ends {
            Ends::Pipes(to, from) => {
                to.write_all(&byte)?;
                from.read_exact(&mut byte)
            }
            Ends::Socket(s) => {
                s.write_all(&byte)?;
                s.read_exact(&mut byte)
            }
            Ends::Futex(page) => {
                let turn = page.word(0);
                turn.store(PING, Release);
                shared_futex::wake(turn, 1, false);
                while turn.load(Acquire) == PING {
                    shared_futex::wait(turn, PING, None, false);
                }
                Ok(())
            }
        }
    }
    // ANCHOR_END: round_trip

    /// The child's CPU time so far (user + system), in seconds, from /proc.
    pub fn child_cpu_seconds(&self) -> anyhow::Result<f64> {
        crate::procfs::cpu_seconds(self.child.pid())
    }

    /// Tells the child to stop (end of stream, or STOP) and reaps it.
    pub fn stop(mut self) -> anyhow::Result<()> {
        match self.ends {
            Ends::Pipes(..) | Ends::Socket(_) => drop(self.ends),
            Ends::Futex(ref page) => {
                page.word(0).store(STOP, Release);
                shared_futex::wake(page.word(0), 1, false);
            }
        }
        let status = self.child.wait()?;
        anyhow::ensure!(status.success(), "the ping-pong child ended with {status}");
        Ok(())
    }
}

/// Closes descriptors the child inherited but must not hold.
fn close_all(fds: &[RawFd]) {
    for &fd in fds {
        // Safety: the child owns its copies of these descriptors and never
        // uses the Rust objects that wrap them (it `_exit`s).
        unsafe { libc::close(fd) };
    }
}

// ANCHOR: answer
/// The child of a pipe ping-pong: read a byte, write it back, until the
/// parent closes its end. `busy`: spin on `poll(0)` first, as the notebook does.
fn answer_pipe(from: &PipeReader, to: &PipeWriter, busy: bool) -> i32 {
    if busy {
        let mut fds =
            [libc::pollfd { fd: from.as_fd().as_raw_fd(), events: libc::POLLIN, revents: 0 }];
        return answer_after(from, to, || {
            // Safety: one valid pollfd; a zero timeout returns at once.
            while unsafe { libc::poll(fds.as_mut_ptr(), 1, 0) } == 0 {}
            fds[0].revents = 0;
        });
    }
    answer_stream(from, to)
}

/// Reads a byte and writes it back until the end of the stream.
fn answer_stream(from: impl Read, to: impl Write) -> i32 {
    answer_after(from, to, || {})
}

/// The answering loop, with `ready` run before each read.
fn answer_after(mut from: impl Read, mut to: impl Write, mut ready: impl FnMut()) -> i32 {
    let mut byte = [0u8; 1];
    loop {
        ready();
        match from.read(&mut byte) {
            Ok(0) => return 0,
            Ok(_) if to.write_all(&byte).is_ok() => {}
            _ => return 1,
        }
    }
}

/// The child of a futex ping-pong: sleep until PING, answer PONG; STOP ends.
fn answer_futex(page: &SharedPage) -> i32 {
    let turn = page.word(0);
    loop {
        match turn.load(Acquire) {
            PING => {
                turn.store(PONG, Release);
                shared_futex::wake(turn, 1, false);
            }
            STOP => return 0,
            other => {
                shared_futex::wait(turn, other, None, false);
            }
        }
    }
}
// ANCHOR_END: answer

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_channel_bounces_and_stops_cleanly() {
        for channel in Channel::ALL {
            let mut pp = PingPong::start(channel).unwrap();
            for _ in 0..1000 {
                pp.round_trip().unwrap();
            }
            pp.stop().unwrap();
        }
    }
}
