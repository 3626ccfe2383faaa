//! The manager process: it owns the state and serves every client.
//!
//! [`Manager::start`] binds a Unix socket in a temporary directory of the
//! run, then forks (`labkit::process::fork_child`). The child is the
//! manager: it accepts connections, and each client gets a thread that
//! reads a request, applies it to the state under one lock and sends the
//! reply, until the client hangs up. The socket is bound *before* the fork,
//! so a client can connect as soon as `start` returns.
//!
//! A client that dies mid-call costs the manager one thread: its read
//! ends (end of stream, or a frame cut short) or its write fails, and that
//! thread leaves. The others never notice. Python's manager works the same
//! way: `multiprocessing.managers.Server` runs a thread per connection
//! ([`managers.py`](https://github.com/python/cpython/blob/3.11/Lib/multiprocessing/managers.py),
//! `serve_client`).
//!
//! The parent holds the child as a `ChildProcess`: dropped, it is killed
//! and reaped, and the socket's directory is removed (also on Ctrl-C, by
//! the kit's cleanup).

use crate::protocol::{Reply, Request};
use crate::state::State;
use lab_12_pipe::frame;
use labkit::process::{ChildProcess, TempDir, fork_child};
use std::io;
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The largest request or reply: 16 MiB (a snapshot of a long list).
pub const MAX_FRAME: usize = 16 << 20;

/// A running manager process.
pub struct Manager {
    /// The manager process; killed and reaped when dropped.
    child: ChildProcess,
    /// Its socket.
    path: PathBuf,
    /// The directory holding the socket, removed when dropped.
    _dir: TempDir,
}

impl Manager {
    /// Starts a manager process whose state begins as `initial`.
    pub fn start(initial: State) -> io::Result<Manager> {
        let dir = TempDir::new("lab16-manager")?;
        let path = dir.path().join("manager.sock");
        let listener = UnixListener::bind(&path)?;
        // The child runs `serve` for ever (until a Shutdown or a kill); the
        // parent's copy of the listener is dropped with the closure.
        let child = fork_child(move || serve(&listener, initial))?;
        Ok(Manager { child, path, _dir: dir })
    }

    /// The socket clients connect to.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The manager's pid.
    pub fn pid(&self) -> u32 {
        self.child.pid()
    }

    /// Kills the manager at once (SIGKILL) and reaps it: the fault experiment.
    pub fn kill(&mut self) -> io::Result<()> {
        self.child.kill_and_reap().map(drop)
    }

    /// Asks the manager to end, waits for it, and kills it if it does not.
    pub fn shutdown(mut self) -> io::Result<()> {
        if let Ok(mut c) = crate::proxy::Client::connect(&self.path) {
            let _ = c.call(Request::Shutdown);
        }
        if self.child.wait_timeout(Duration::from_secs(2))?.is_none() {
            self.child.kill_and_reap()?;
        }
        Ok(())
    }
}

// ANCHOR: serve
/// The manager's life: accept clients, a thread each, one lock on the state.
fn serve(listener: &UnixListener, initial: State) -> i32 {
    let state = Arc::new(Mutex::new(initial));
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        let state = Arc::clone(&state);
        // A client thread that cannot start costs that client only.
        let _ = std::thread::Builder::new()
            .name("manager-client".into())
            .spawn(move || serve_client(stream, &state));
    }
    0
}

/// One client: requests in, replies out, until it hangs up or dies.
fn serve_client(mut stream: UnixStream, state: &Mutex<State>) {
    // Ok(None): the client hung up. Err: it died mid-frame or sent garbage.
    while let Ok(Some(request)) = frame::recv::<_, Request>(&mut stream, MAX_FRAME) {
        let reply = match request {
            Request::Sleep(ms) => {
                std::thread::sleep(Duration::from_millis(ms));
                Reply::Done
            }
            Request::Shutdown => {
                let _ = frame::send(&mut stream, &Reply::Done, MAX_FRAME);
                // Safety: _exit ends the manager process at once; it owns
                // nothing that needs a destructor (the parent removes the socket).
                unsafe { libc::_exit(0) }
            }
            other => state.lock().unwrap_or_else(|e| e.into_inner()).apply(other),
        };
        if frame::send(&mut stream, &reply, MAX_FRAME).is_err() {
            break; // the client went away before its answer
        }
    }
}
// ANCHOR_END: serve
