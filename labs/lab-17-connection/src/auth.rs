//! The handshake: each side proves it knows the shared key, without sending it.
//!
//! This is `multiprocessing.connection`'s scheme (`deliver_challenge` and
//! `answer_challenge` in CPython's
//! [`connection.py`](https://github.com/python/cpython/blob/3.11/Lib/multiprocessing/connection.py)),
//! with SHA-256 instead of the MD5 that Python 3.11 still uses and a
//! constant-time comparison instead of its `==`:
//!
//! ```text
//! challenger                                 answerer
//!   nonce = 32 random bytes
//!   "#CHALLENGE#" + nonce  ───────────────►
//!                          ◄───────────────  HMAC-SHA256(key, nonce)
//!   compare with its own HMAC, in constant time
//!   "#WELCOME#" or "#FAILURE#" ───────────►
//! ```
//!
//! The server challenges first, then the client challenges the server, so
//! both ends are checked. The key never crosses the wire, and a fresh nonce
//! makes a recorded answer useless next time. It authenticates; it does not
//! encrypt: everything after the handshake travels in the clear.
//!
//! The file stands alone (it is an exercise): it talks to the peer through
//! the [`Wire`] trait, which the crate's connection implements.

use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::fmt;

// ANCHOR: protocol
/// The first bytes of a challenge; the nonce follows.
pub const CHALLENGE: &[u8] = b"#CHALLENGE#";
/// The challenger's reply to a right answer.
pub const WELCOME: &[u8] = b"#WELCOME#";
/// The challenger's reply to a wrong answer.
pub const FAILURE: &[u8] = b"#FAILURE#";
/// Bytes of randomness in a challenge (Python uses 20; SHA-256's block of
/// security is 32).
pub const NONCE_LEN: usize = 32;
/// The largest handshake message either side accepts: nothing in the
/// handshake is longer, so a peer cannot make us read more.
pub const MAX_HANDSHAKE: usize = 256;
// ANCHOR_END: protocol

/// What the handshake needs from a connection: whole messages out and in.
pub trait Wire {
    /// The connection's error, which a handshake failure converts into.
    type Error: From<AuthError>;
    /// Sends one message.
    fn send_bytes(&mut self, bytes: &[u8]) -> Result<(), Self::Error>;
    /// Receives one message of at most `max` bytes.
    fn recv_bytes(&mut self, max: usize) -> Result<Vec<u8>, Self::Error>;
}

/// How a handshake fails.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthError {
    /// We challenged the peer and its answer was not the HMAC of our nonce
    /// under our key: it does not know the key.
    WrongDigest,
    /// We answered the peer's challenge and it said `#FAILURE#`: we do not
    /// know its key.
    Rejected,
    /// The peer's message was not the one the handshake expects at this
    /// step (no key on its side, or another protocol altogether).
    Protocol(String),
}

impl fmt::Display for AuthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AuthError::WrongDigest => {
                write!(f, "the peer's digest was wrong: it does not know the key")
            }
            AuthError::Rejected => {
                write!(f, "the peer rejected our digest: we do not know its key")
            }
            AuthError::Protocol(what) => write!(f, "not a handshake message: {what}"),
        }
    }
}

impl std::error::Error for AuthError {}

// ANCHOR: digest
/// HMAC-SHA256 of `nonce` under `key`: the answer to a challenge.
pub fn digest(key: &[u8], nonce: &[u8]) -> Vec<u8> {
    // exercise: solution
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes a key of any length");
    mac.update(nonce);
    mac.finalize().into_bytes().to_vec()
    // exercise: starter
    // let _ = (key, nonce, Hmac::<Sha256>::new_from_slice);
    // todo!("HMAC-SHA256 of the nonce under the key")
    // exercise: end
}

/// Whether `answer` is the HMAC of `nonce` under `key`, compared in
/// constant time: the comparison takes as long whatever byte differs, so a
/// peer cannot find the right digest byte by byte by timing our refusals.
pub fn is_right_answer(key: &[u8], nonce: &[u8], answer: &[u8]) -> bool {
    // exercise: solution
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes a key of any length");
    mac.update(nonce);
    // verify_slice compares with subtle's constant-time equality, and
    // refuses an answer of the wrong length.
    mac.verify_slice(answer).is_ok()
    // exercise: starter
    // let _ = (key, nonce, answer);
    // todo!("compute the expected digest and compare it with the answer in constant time")
    // exercise: end
}
// ANCHOR_END: digest

// ANCHOR: challenge
/// Challenges the peer: sends a fresh nonce, checks its answer, tells it
/// the verdict. `Err(WrongDigest)` if the answer was wrong.
pub fn deliver_challenge<W: Wire>(wire: &mut W, key: &[u8]) -> Result<(), W::Error> {
    let mut nonce = [0u8; NONCE_LEN];
    getrandom::fill(&mut nonce).expect("the OS random source works");
    wire.send_bytes(&[CHALLENGE, &nonce[..]].concat())?;
    let answer = wire.recv_bytes(MAX_HANDSHAKE)?;
    if is_right_answer(key, &nonce, &answer) {
        wire.send_bytes(WELCOME)
    } else {
        wire.send_bytes(FAILURE)?;
        Err(AuthError::WrongDigest.into())
    }
}

/// Answers the peer's challenge and reads its verdict.
/// `Err(Rejected)` if our key was not the peer's.
pub fn answer_challenge<W: Wire>(wire: &mut W, key: &[u8]) -> Result<(), W::Error> {
    let challenge = wire.recv_bytes(MAX_HANDSHAKE)?;
    let Some(nonce) = challenge.strip_prefix(CHALLENGE) else {
        return Err(AuthError::Protocol(format!(
            "expected a challenge, got {}",
            preview(&challenge)
        ))
        .into());
    };
    wire.send_bytes(&digest(key, nonce))?;
    match wire.recv_bytes(MAX_HANDSHAKE)?.as_slice() {
        WELCOME => Ok(()),
        FAILURE => Err(AuthError::Rejected.into()),
        other => {
            Err(AuthError::Protocol(format!("expected a verdict, got {}", preview(other))).into())
        }
    }
}
// ANCHOR_END: challenge

/// The first bytes of a message, printable, for an error message.
fn preview(bytes: &[u8]) -> String {
    let shown: Vec<u8> = bytes.iter().take(16).copied().collect();
    format!("{} bytes starting {:?}", bytes.len(), String::from_utf8_lossy(&shown))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digest_matches_the_rfc_4231_test_vector() {
        // RFC 4231, test case 2: key "Jefe".
        let d = digest(b"Jefe", b"what do ya want for nothing?");
        let hex: String = d.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(hex, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }

    #[test]
    fn the_right_answer_is_accepted() {
        let answer = digest(b"peekaboo", b"nonce");
        assert!(is_right_answer(b"peekaboo", b"nonce", &answer));
    }

    #[test]
    fn an_answer_under_another_key_is_refused() {
        let answer = digest(b"guess", b"nonce");
        assert!(!is_right_answer(b"peekaboo", b"nonce", &answer));
    }

    #[test]
    fn an_answer_to_another_nonce_is_refused() {
        let answer = digest(b"peekaboo", b"yesterday's nonce");
        assert!(!is_right_answer(b"peekaboo", b"nonce", &answer));
    }

    #[test]
    fn a_short_or_empty_answer_is_refused() {
        let answer = digest(b"peekaboo", b"nonce");
        assert!(!is_right_answer(b"peekaboo", b"nonce", &answer[..16]));
        assert!(!is_right_answer(b"peekaboo", b"nonce", b""));
        let mut longer = answer.clone();
        longer.push(0);
        assert!(!is_right_answer(b"peekaboo", b"nonce", &longer));
    }
}
