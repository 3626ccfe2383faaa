//! What a child sees of its parent: the notebook's `import_mock` story,
//! and more.
//!
//! Before starting a child, the parent changes a global ([`GLOBAL`], the
//! notebook's `import_mock.to_mock`), sets an environment variable, makes
//! a heap object, opens a file with and one without close-on-exec, starts
//! extra threads and makes an [`A`]. Each child then runs [`observe`] and
//! sends its [`Seen`] back to the parent (postcard bytes, written as hex on
//! one line: a pipe for a forked child, stdout for a spawned one).

use crate::state::A;
use crate::status;
use serde::{Deserialize, Serialize};
use std::os::fd::RawFd;
use std::sync::atomic::{AtomicU64, Ordering};

/// The notebook's `import_mock.to_mock`: 0 in a fresh program, set to 1 by
/// the parent before it starts children.
pub static GLOBAL: AtomicU64 = AtomicU64::new(0);

/// The environment variable the parent sets before the start.
pub const ENV_MARK: &str = "LAB10_MARK";

/// What a process saw, sent back to the parent.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct Seen {
    /// The value of [`GLOBAL`].
    pub global: u64,
    /// The parent's heap object, read through the parent's pointer (only a
    /// copy of the parent's memory can): its address and text.
    pub heap: Option<(usize, String)>,
    /// Whether the descriptor opened without close-on-exec is open.
    pub fd_plain: bool,
    /// Whether the descriptor opened with close-on-exec is open.
    pub fd_cloexec: bool,
    /// The value of [`ENV_MARK`], if set.
    pub env: Option<String>,
    /// How many threads the process has (`/proc/self/status`).
    pub threads: usize,
    /// The `A` it got: (a, b, c).
    pub a: (u32, u32, u32),
}

/// The descriptors a child checks: their numbers in the parent.
#[derive(Serialize, Deserialize, Debug, Clone, Copy)]
pub struct Fds {
    /// Opened without `O_CLOEXEC`.
    pub plain: RawFd,
    /// Opened with `O_CLOEXEC`.
    pub cloexec: RawFd,
}

/// What a spawned child is told in its arguments (it has nothing else).
#[derive(Serialize, Deserialize, Debug)]
pub struct ChildArgs {
    /// The descriptor numbers to check.
    pub fds: Fds,
    /// The `A`, as [`crate::state::getstate`] serialized it.
    pub state: Vec<u8>,
}

/// Looks around this process. `heap` is the parent's heap object if this
/// process can read it (it is the parent, or a fork of it).
pub fn observe(heap: Option<&String>, a: A, fds: Fds) -> Seen {
    Seen {
        global: GLOBAL.load(Ordering::SeqCst),
        heap: heap.map(|h| (h as *const String as usize, h.clone())),
        fd_plain: is_open(fds.plain),
        fd_cloexec: is_open(fds.cloexec),
        env: std::env::var(ENV_MARK).ok(),
        threads: status::threads(&status::own_status()).unwrap_or(0),
        a: (a.a, a.b, a.c),
    }
}

/// Whether `fd` is an open descriptor of this process.
fn is_open(fd: RawFd) -> bool {
    // Safety: F_GETFD only reads the descriptor's flags; a closed fd gives -1.
    unsafe { libc::fcntl(fd, libc::F_GETFD) != -1 }
}

/// `bytes` as lowercase hex, for one line of text.
pub fn to_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The bytes of a hex line.
pub fn from_hex(text: &str) -> anyhow::Result<Vec<u8>> {
    let text = text.trim();
    anyhow::ensure!(text.len().is_multiple_of(2), "odd-length hex");
    (0..text.len()).step_by(2).map(|i| Ok(u8::from_str_radix(&text[i..i + 2], 16)?)).collect()
}

/// A [`Seen`] as its line.
pub fn encode(seen: &Seen) -> String {
    to_hex(&postcard::to_allocvec(seen).expect("a Seen always serializes")) + "\n"
}

/// The [`Seen`] in a child's line.
pub fn decode(line: &str) -> anyhow::Result<Seen> {
    Ok(postcard::from_bytes(&from_hex(line)?)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_seen_survives_its_line() {
        let fds = Fds { plain: 0, cloexec: 9999 };
        let heap = String::from("h");
        let seen = observe(Some(&heap), A { a: 1, b: 2, c: 3 }, fds);
        assert!(seen.fd_plain && !seen.fd_cloexec, "stdin is open, fd 9999 is not");
        assert_eq!(decode(&encode(&seen)).unwrap(), seen);
        assert!(decode("0g").is_err() && decode("abc").is_err());
    }
}
