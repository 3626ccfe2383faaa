//! The byte streams a connection runs over: a TCP socket, a Unix socket, or
//! a pair of pipes (chapter 12's transport), behind one type.
//!
//! Servers bind TCP to 127.0.0.1 only: the notebook's `("", 16000)` listens
//! on every interface, so anyone on the network could reach it.

use std::fs::File;
use std::io::{self, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpStream};
use std::os::unix::net::UnixStream;
use std::path::PathBuf;
use std::time::Duration;

/// Where a server listens and a client connects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Address {
    /// A TCP address; the lab only ever uses 127.0.0.1.
    Tcp(SocketAddr),
    /// A Unix socket file (inside a temporary directory of the run).
    Unix(PathBuf),
}

impl Address {
    /// 127.0.0.1 on a port the kernel picks (port 0).
    pub fn loopback() -> Address {
        Address::Tcp(SocketAddr::from(([127, 0, 0, 1], 0)))
    }
}

/// A connected byte stream.
#[derive(Debug)]
pub enum Socket {
    /// TCP on the loopback interface.
    Tcp(TcpStream),
    /// A Unix domain socket.
    Unix(UnixStream),
    /// Two pipes: one we read, one we write (chapter 12's transport).
    Pipes {
        /// The read end of the pipe the peer writes.
        read: File,
        /// The write end of the pipe the peer reads.
        write: File,
    },
}

impl Socket {
    /// Connects to `address`.
    pub fn connect(address: &Address) -> io::Result<Socket> {
        Ok(match address {
            Address::Tcp(a) => {
                let s = TcpStream::connect(a)?;
                // Small messages go out at once, not held back by Nagle's algorithm.
                s.set_nodelay(true)?;
                Socket::Tcp(s)
            }
            Address::Unix(p) => Socket::Unix(UnixStream::connect(p)?),
        })
    }

    /// Makes a read that waits longer than `limit` fail (`None`: wait forever).
    /// Pipes have no read timeout; the lab only uses them between its own threads.
    pub fn set_read_timeout(&self, limit: Option<Duration>) -> io::Result<()> {
        match self {
            Socket::Tcp(s) => s.set_read_timeout(limit),
            Socket::Unix(s) => s.set_read_timeout(limit),
            Socket::Pipes { .. } => Ok(()),
        }
    }

    /// A second handle on the same socket, so another thread can shut it down.
    pub fn try_clone(&self) -> io::Result<Socket> {
        Ok(match self {
            Socket::Tcp(s) => Socket::Tcp(s.try_clone()?),
            Socket::Unix(s) => Socket::Unix(s.try_clone()?),
            Socket::Pipes { read, write } => {
                Socket::Pipes { read: read.try_clone()?, write: write.try_clone()? }
            }
        })
    }

    /// Ends the connection both ways: a thread blocked reading it wakes up
    /// with end of file. (Pipes close when their last handle is dropped.)
    pub fn shutdown(&self) {
        // Shutting down a socket the peer already closed fails; nothing to do then.
        let _ = match self {
            Socket::Tcp(s) => s.shutdown(Shutdown::Both),
            Socket::Unix(s) => s.shutdown(Shutdown::Both),
            Socket::Pipes { .. } => Ok(()),
        };
    }
}

impl Read for Socket {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Socket::Tcp(s) => s.read(buf),
            Socket::Unix(s) => s.read(buf),
            Socket::Pipes { read, .. } => read.read(buf),
        }
    }
}

impl Write for Socket {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Socket::Tcp(s) => s.write(buf),
            Socket::Unix(s) => s.write(buf),
            Socket::Pipes { write, .. } => write.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Two connected pipe-pair sockets, like `multiprocessing.Pipe()`.
pub fn pipe_pair() -> io::Result<(Socket, Socket)> {
    let (a_read, b_write) = std::io::pipe()?;
    let (b_read, a_write) = std::io::pipe()?;
    let file = |fd: std::os::fd::OwnedFd| File::from(fd);
    Ok((
        Socket::Pipes { read: file(a_read.into()), write: file(a_write.into()) },
        Socket::Pipes { read: file(b_read.into()), write: file(b_write.into()) },
    ))
}
