//! The manager process: it owns the state and serves every client.
//!
//! [`Manager::start`] binds a Unix socket in a temporary directory of the
//! run, then forks (`labkit::process::fork_child`). The child is the
//! manager: it accepts connections, and each client gets a thread that
//! reads a request, applies it to the state under one lock and sends the
//! reply, until the client hangs up. The socket is bound *before* the fork,
//! so a client can connect as soon as `start` returns.
//!
//! At most [`MAX_CLIENTS`] clients are served at once: before each
//! `accept` the manager takes a permit from chapter 05's semaphore
//! (`lab_05_semaphore::Semaphore`), and a client's thread gives it back
//! when it ends, so further clients wait in the kernel's backlog. With a
//! frame of at most [`MAX_FRAME`] per client, that bounds what clients can
//! make the manager hold at once.
//!
//! A request that does not decode gets an `Error` reply and the
//! connection is closed; the other clients go on.
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

use crate::batch::apply_batch;
use crate::protocol::{Reply, Request, decode_request};
use crate::state::State;
use lab_05_semaphore::Semaphore;
use lab_12_pipe::{FrameError, frame};
use labkit::process::{ChildProcess, TempDir, fork_child};
use std::io;
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The largest request or reply: 16 MiB (a snapshot of a long list).
pub const MAX_FRAME: usize = 16 << 20;

/// The most clients served at once (each may make the manager hold a
/// frame of up to [`MAX_FRAME`]); more wait in the kernel's backlog.
pub const MAX_CLIENTS: usize = 32;

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
/// The manager's life: accept clients, a thread each, at most
/// [`MAX_CLIENTS`] at once, one lock on the state.
fn serve(listener: &UnixListener, initial: State) -> i32 {
    let state = Arc::new(Mutex::new(initial));
    let slots = Arc::new(Semaphore::new(MAX_CLIENTS));
    loop {
        // The permit outlives this iteration: the client's thread returns it.
        slots.acquire().forget();
        let slot = Slot(Arc::clone(&slots));
        let Ok((stream, _)) = listener.accept() else { continue }; // `slot` drops: permit back
        let state = Arc::clone(&state);
        // A client thread that cannot start costs that client only.
        let _ = std::thread::Builder::new().name("manager-client".into()).spawn(move || {
            let _slot = slot; // gives the permit back when the client is done
            serve_client(stream, &state);
        });
    }
}

/// A client's permit: returned to the semaphore when dropped (also if the
/// client's thread panics or never starts).
struct Slot(Arc<Semaphore>);

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.add_permits(1);
    }
}

/// One client: requests in, replies out, until it hangs up, dies or sends
/// something that is not a request.
fn serve_client(mut stream: UnixStream, state: &Mutex<State>) {
    loop {
        let decoded = match frame::read_frame(&mut stream, MAX_FRAME) {
            Ok(Some(payload)) => decode_request(&payload),
            // It announced a frame too large: say why, hang up.
            Err(e @ FrameError::TooLarge { .. }) => Err(e.to_string()),
            // Ok(None): it hung up. Another Err: it died mid-frame.
            Ok(None) | Err(_) => return,
        };
        let request = match decoded {
            Ok(request) => request,
            Err(why) => {
                let why = Reply::Error(format!("not a request ({why}); closing the connection"));
                let _ = frame::send(&mut stream, &why, MAX_FRAME);
                return;
            }
        };
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
            Request::One(op) => state.lock().unwrap_or_else(|e| e.into_inner()).apply(op),
            Request::Batch(ops) => {
                let mut state = state.lock().unwrap_or_else(|e| e.into_inner());
                apply_batch(ops, |op| state.apply(op))
            }
        };
        if frame::send(&mut stream, &reply, MAX_FRAME).is_err() {
            return; // the client went away before its answer
        }
    }
}
// ANCHOR_END: serve
