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
    /// Plays the attacker; returns what it got.
    pub run: fn(&Target) -> String,
}

impl Attack {
    /// Whether `got` (what `run` returned) shows the input refused.
    pub fn refused(&self, got: &str) -> bool {
        got.contains(self.refusal)
    }
}

/// Every bad input, in the order the table shows them.
pub const ATTACKS: &[Attack] = &[
    Attack {
        key: "wrong-key",
        name: "wrong key",
        ends_connection: true,
        refusal: "rejected our digest",
        run: wrong_key,
    },
    Attack {
        key: "no-key",
        name: "no key: a request sent straight away",
        ends_connection: true,
        refusal: "closed",
        run: no_key,
    },
    Attack {
        key: "garbage",
        name: "garbage bytes instead of a handshake",
        ends_connection: true,
        refusal: "closed",
        run: garbage,
    },
    Attack {
        key: "long-answer",
        name: "a 4 KiB answer to the challenge",
        ends_connection: true,
        refusal: "closed",
        run: long_answer,
    },
    Attack {
        key: "huge-prefix",
        name: "a length prefix of 3 GiB",
        ends_connection: true,
        refusal: "closed",
        run: huge_prefix,
    },
    Attack {
        key: "truncated",
        name: "a truncated frame, then end of stream",
        ends_connection: true,
        refusal: "closed",
        run: truncated,
    },
    Attack {
        key: "mid-frame",
        name: "a disconnect in the middle of a frame",
        ends_connection: true,
        refusal: "hung up",
        run: mid_frame,
    },
    Attack {
        key: "silent",
        name: "a client that sends nothing",
        ends_connection: true,
        refusal: "closed",
        run: silent,
    },
    Attack {
        key: "dribble",
        name: "a handshake answer dribbled one byte at a time",
        ends_connection: true,
        refusal: "closed",
        run: dribble,
    },
    Attack {
        key: "flood",
        name: "a flood: 16 connections that send nothing, then a good client",
        ends_connection: true,
        refusal: "got through",
        run: flood,
    },
    Attack {
        key: "not-request",
        name: "a frame of random bytes instead of a request",
        ends_connection: false,
        refusal: "bad arguments",
        run: not_a_request,
    },
    Attack {
        key: "unknown",
        name: "an unknown method",
        ends_connection: false,
        refusal: "no function named",
        run: unknown_method,
    },
    Attack {
        key: "wrong-types",
        name: "wrong argument types: sub([1, 2], 4)",
        ends_connection: false,
        refusal: "bad arguments",
        run: wrong_types,
    },
    Attack {
        key: "lying-type",
        name: "arguments that lie about their type",
        ends_connection: false,
        refusal: "bad arguments",
        run: lying_type,
    },
    Attack {
        key: "failing",
        name: "a function that fails: div(1, 0)",
        ends_connection: false,
        refusal: "div failed",
        run: failing,
    },
    Attack {
        key: "panicking",
        name: "a function that panics: boom()",
        ends_connection: false,
        refusal: "panicked",
        run: panicking,
    },
];
