//! The notebook's `__getstate__` story: what a spawned child receives of
//! an argument is what its serialization keeps. Exercise `10-getstate`.
//!
//! The notebook's class `A` has three fields and a `__getstate__` that
//! returns `{'a': a, 'b': b, 'c': 0}`: under `spawn`, `pickle` calls it
//! and the child prints `1 2 0`; under `fork` nothing is pickled and the
//! child prints `1 2 3`. Here [`getstate`] serializes an [`A`] into the
//! compact bytes the lab passes to a spawned child (postcard, a serde
//! format), keeping only [`State`]; [`setstate`] rebuilds an `A` from them,
//! with `c` at its default, 0. A forked child needs neither: it reads the
//! parent's `A` in its own copy of memory.

use serde::{Deserialize, Serialize};

// ANCHOR: types
/// The notebook's `A`: `c` stands for what should not travel (a cache, a
/// lock, an open file).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct A {
    /// Sent.
    pub a: u32,
    /// Sent.
    pub b: u32,
    /// Not sent: a spawned child gets 0.
    pub c: u32,
}

/// What of an `A` is serialized: `__getstate__`'s dictionary.
#[derive(Serialize, Deserialize, Debug, PartialEq, Eq)]
pub struct State {
    /// `A::a`.
    pub a: u32,
    /// `A::b`.
    pub b: u32,
}
// ANCHOR_END: types

/// The bytes a spawned child gets for `x`: its [`State`], in postcard.
// exercise: solution
pub fn getstate(x: &A) -> Vec<u8> {
    let state = State { a: x.a, b: x.b };
    postcard::to_allocvec(&state).expect("two integers always serialize")
}
// exercise: starter
// pub fn getstate(x: &A) -> Vec<u8> {
//     todo!("serialize a State of x with postcard::to_allocvec")
// }
// exercise: end

/// The `A` a spawned child rebuilds from `bytes`; `c` is 0. Bytes that are
/// not a whole `State` are an error, never a panic.
// exercise: solution
pub fn setstate(bytes: &[u8]) -> Result<A, postcard::Error> {
    let state: State = postcard::from_bytes(bytes)?;
    Ok(A { a: state.a, b: state.b, c: 0 })
}
// exercise: starter
// pub fn setstate(bytes: &[u8]) -> Result<A, postcard::Error> {
//     todo!("postcard::from_bytes a State, then build an A with c = 0")
// }
// exercise: end

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_round_trip_keeps_a_and_b_and_drops_c() {
        let sent = A { a: 1, b: 2, c: 3 };
        assert_eq!(setstate(&getstate(&sent)).unwrap(), A { a: 1, b: 2, c: 0 });
    }

    #[test]
    fn only_a_and_b_are_on_the_wire() {
        // postcard writes small integers as one byte each (varints).
        assert_eq!(getstate(&A { a: 1, b: 2, c: 3 }), [1, 2]);
        assert_eq!(getstate(&A { a: 1, b: 2, c: 999_999 }), [1, 2], "c never changes the bytes");
        assert_eq!(getstate(&A { a: 300, b: 0, c: 0 }).len(), 3, "300 takes two varint bytes");
    }

    #[test]
    fn truncated_bytes_are_an_error_not_a_panic() {
        assert!(setstate(&[1]).is_err());
        assert!(setstate(&[]).is_err());
    }
}
