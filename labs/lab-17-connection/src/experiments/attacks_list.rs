//! The bad inputs of experiment 4, each a small function (in
//! `attackers.rs`) that plays the attacker and says what it got back. The
//! tests (`tests/bad_input.rs`) run the same list against a server of
//! their own.

use super::attackers::*;
use crate::listener::Options;
use crate::socket::Address;

/// The server under attack.
pub struct Target {
    /// Where it listens.
    pub address: Address,
    /// Its options (the right key, its maximum frame).
    pub options: Options,
}

/// One bad input.
pub struct Attack {
    /// A key for the lab's results: `attack-<key>`.
    pub key: &'static str,
    /// What it does, for the table.
    pub name: &'static str,
    /// Whether the server should end the attacker's connection (and log it).
    pub ends_connection: bool,
    /// What the attacker's outcome must contain for the input to count as refused.
    pub refusal: &'static str,
    /// What the server's log of the attacker's connection must contain too
    /// (`""`: anything; the connection goes on after an error reply).
    pub server_logs: &'static str,
    /// Plays the attacker; returns what it got.
    pub run: fn(&Target) -> String,
}

impl Attack {
    /// Whether the input was refused: `got` (what `run` returned) says so,
    /// and so does `logged`, how the server logged the connection. (The
    /// server's side is what counts where the attacker cannot tell, as
    /// when it hangs up in the middle of a frame.)
    pub fn refused(&self, got: &str, logged: &str) -> bool {
        got.contains(self.refusal) && logged.contains(self.server_logs)
    }
}

/// Every bad input, in the order the table shows them.
pub const ATTACKS: &[Attack] = &[
    Attack {
        key: "wrong-key",
        name: "wrong key",
        ends_connection: true,
        refusal: "rejected our digest",
        server_logs: "digest was wrong",
        run: wrong_key,
    },
    Attack {
        key: "no-key",
        name: "no key: a request sent straight away",
        ends_connection: true,
        refusal: "closed",
        server_logs: "digest was wrong",
        run: no_key,
    },
    Attack {
        key: "garbage",
        name: "garbage bytes instead of a handshake",
        ends_connection: true,
        refusal: "closed",
        server_logs: "the maximum is 256",
        run: garbage,
    },
    Attack {
        key: "long-answer",
        name: "a 4 KiB answer to the challenge",
        ends_connection: true,
        refusal: "closed",
        server_logs: "4096 bytes refused",
        run: long_answer,
    },
    Attack {
        key: "huge-prefix",
        name: "a length prefix of 3 GiB",
        ends_connection: true,
        refusal: "closed",
        server_logs: "3221225472 bytes refused",
        run: huge_prefix,
    },
    Attack {
        key: "truncated",
        name: "a truncated frame, then end of stream",
        ends_connection: true,
        refusal: "closed",
        server_logs: "stream ended inside a frame",
        run: truncated,
    },
    Attack {
        key: "mid-frame",
        name: "a disconnect in the middle of a frame",
        ends_connection: true,
        refusal: "hung up",
        server_logs: "stream ended inside a frame",
        run: mid_frame,
    },
    Attack {
        key: "silent",
        name: "a client that sends nothing",
        ends_connection: true,
        refusal: "closed",
        server_logs: "deadline",
        run: silent,
    },
    Attack {
        key: "dribble",
        name: "a handshake answer dribbled one byte at a time",
        ends_connection: true,
        refusal: "closed",
        server_logs: "deadline",
        run: dribble,
    },
    Attack {
        key: "flood",
        name: "a flood: 16 connections that send nothing, then a good client",
        ends_connection: true,
        refusal: "got through",
        server_logs: "deadline",
        run: flood,
    },
    Attack {
        key: "not-request",
        name: "a frame of random bytes instead of a request",
        ends_connection: false,
        refusal: "bad arguments",
        server_logs: "",
        run: not_a_request,
    },
    Attack {
        key: "unknown",
        name: "an unknown method",
        ends_connection: false,
        refusal: "no function named",
        server_logs: "",
        run: unknown_method,
    },
    Attack {
        key: "wrong-types",
        name: "wrong argument types: sub([1, 2], 4)",
        ends_connection: false,
        refusal: "bad arguments",
        server_logs: "",
        run: wrong_types,
    },
    Attack {
        key: "lying-type",
        name: "arguments that lie about their type",
        ends_connection: false,
        refusal: "bad arguments",
        server_logs: "",
        run: lying_type,
    },
    Attack {
        key: "failing",
        name: "a function that fails: div(1, 0)",
        ends_connection: false,
        refusal: "div failed",
        server_logs: "",
        run: failing,
    },
    Attack {
        key: "panicking",
        name: "a function that panics: boom()",
        ends_connection: false,
        refusal: "panicked",
        server_logs: "",
        run: panicking,
    },
];
