//! A server with a thread per client and a bound on clients: the shape of
//! the notebook's echo and RPC servers, written once for both.
//!
//! One thread accepts. Before it accepts, it takes a permit from chapter
//! 05's semaphore (`lab_05_semaphore::Semaphore`, `max_clients` permits),
//! so a flood of clients waits in the kernel's backlog instead of costing
//! a thread each; a client's thread gives the permit back when it ends. Each accepted socket gets its own
//! thread, which runs the handshake under its deadline (so a client that
//! sends nothing delays nobody else) and then the handler. Whatever goes
//! wrong in one client's thread ends that connection only; the server logs
//! it and goes on.
//!
//! [`Server::stop`] ends it all: it wakes the accepting thread, shuts down
//! every live socket so its thread's read returns, and joins every thread.
//! It also runs when the server is dropped.

use crate::connection::Connection;
use crate::errors::ConnError;
use crate::listener::{self, Listener, Options};
use crate::socket::{Address, Socket};
use lab_05_semaphore::Semaphore;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};

/// What a server does with each authenticated connection, until it returns.
pub type Handler = Arc<dyn Fn(&mut Connection) -> Result<(), ConnError> + Send + Sync>;

/// The most connection outcomes the server remembers (its memory stays bounded).
const LOG_LIMIT: usize = 1000;

/// How one connection ended, as the server saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The handshake failed: why.
    Refused(String),
    /// The client hung up between messages.
    Closed,
    /// The handler stopped with an error: which.
    Failed(String),
}

/// What the threads share.
struct Shared {
    /// Set by `stop`: the accepting thread leaves its loop.
    stopping: AtomicBool,
    /// The live clients' sockets by connection number, so `stop` can shut them down.
    live: Mutex<HashMap<u64, Socket>>,
    /// One permit per client that may be served at once: the acceptor
    /// takes one before each `accept`, a client's thread returns it at its end.
    slots: Semaphore,
    /// How the most recent connections ended, oldest first, at most `LOG_LIMIT`.
    log: Mutex<Vec<Outcome>>,
}

/// A running server.
pub struct Server {
    /// Where clients connect.
    address: Address,
    /// State shared with its threads.
    shared: Arc<Shared>,
    /// The accepting thread, which joins the client threads when it ends.
    acceptor: Option<JoinHandle<()>>,
}

impl Server {
    /// Listens on `address` and serves each client with `handler`, at most
    /// `max_clients` at a time.
    pub fn start(
        address: &Address,
        options: Options,
        max_clients: usize,
        handler: Handler,
    ) -> std::io::Result<Server> {
        assert!(max_clients >= 1, "a server needs room for one client");
        let listener = Listener::bind(address)?;
        let address = listener.address()?;
        let shared = Arc::new(Shared {
            stopping: AtomicBool::new(false),
            live: Mutex::new(HashMap::new()),
            slots: Semaphore::new(max_clients),
            log: Mutex::new(Vec::new()),
        });
        let s = Arc::clone(&shared);
        let acceptor = thread::Builder::new()
            .name("acceptor".into())
            .spawn(move || accept_loop(&listener, &s, &options, &handler))?;
        Ok(Server { address, shared, acceptor: Some(acceptor) })
    }

    /// Where clients connect (with the port the kernel picked).
    pub fn address(&self) -> &Address {
        &self.address
    }

    /// How the connections so far ended (the most recent `LOG_LIMIT`).
    pub fn outcomes(&self) -> Vec<Outcome> {
        self.shared.log.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Clients connected now.
    pub fn clients(&self) -> usize {
        self.shared.live.lock().unwrap_or_else(|e| e.into_inner()).len()
    }

    /// Stops accepting, disconnects every client and joins every thread.
    pub fn stop(&mut self) {
        let Some(acceptor) = self.acceptor.take() else { return };
        self.shared.stopping.store(true, Ordering::SeqCst);
        // Wake the acceptor if it waits for a permit.
        self.shared.slots.add_permits(1);
        // Wake the acceptor if it sits in accept(): connect to ourselves.
        let _ = Socket::connect(&self.address);
        let _ = acceptor.join();
        if let Address::Unix(path) = &self.address {
            let _ = std::fs::remove_file(path);
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
    }
}

// ANCHOR: accept_loop
fn accept_loop(listener: &Listener, shared: &Arc<Shared>, options: &Options, handler: &Handler) {
    let mut threads: Vec<JoinHandle<()>> = Vec::new();
    for id in 0u64.. {
        // Wait for a free slot (or the stop, which adds a permit to wake us).
        // The permit is handed back by hand (`add_permits`) because it
        // outlives this loop's iteration: the client's thread returns it.
        shared.slots.acquire().forget();
        if shared.stopping.load(Ordering::SeqCst) {
            break;
        }
        let Ok(socket) = listener.accept_socket() else {
            shared.slots.add_permits(1);
            continue;
        };
        if shared.stopping.load(Ordering::SeqCst) {
            break; // the wake-up connection from stop()
        }
        let Ok(handle) = socket.try_clone() else {
            shared.slots.add_permits(1);
            continue;
        };
        shared.live.lock().unwrap_or_else(|e| e.into_inner()).insert(id, handle);
        let (s, o, h) = (Arc::clone(shared), options.clone(), Arc::clone(handler));
        let spawned = thread::Builder::new().name(format!("client-{id}")).spawn(move || {
            let outcome = serve_one(socket, &o, &h);
            s.finish(id, outcome);
        });
        match spawned {
            Ok(t) => threads.push(t),
            Err(_) => shared.finish(id, Outcome::Failed("no thread for this client".into())),
        }
        threads.retain(|t| !t.is_finished());
    }
    // Stopping: wake every client thread and wait for it.
    for socket in shared.live.lock().unwrap_or_else(|e| e.into_inner()).values() {
        socket.shutdown();
    }
    for t in threads {
        let _ = t.join();
    }
}

/// One client: the handshake, then the handler until it returns.
fn serve_one(socket: Socket, options: &Options, handler: &Handler) -> Outcome {
    let mut conn = match listener::accept(socket, options) {
        Ok(conn) => conn,
        Err(e) => return Outcome::Refused(e.to_string()),
    };
    match handler(&mut conn) {
        Ok(()) | Err(ConnError::Closed) => Outcome::Closed,
        Err(e) => Outcome::Failed(e.to_string()),
    }
}
// ANCHOR_END: accept_loop

impl Shared {
    /// A client thread is done: free its slot and log how it ended.
    fn finish(&self, id: u64, outcome: Outcome) {
        let mut log = self.log.lock().unwrap_or_else(|e| e.into_inner());
        if log.len() == LOG_LIMIT {
            log.remove(0);
        }
        log.push(outcome);
        drop(log);
        self.live.lock().unwrap_or_else(|e| e.into_inner()).remove(&id);
        self.slots.add_permits(1);
    }
}
