//! What travels between a proxy and the manager: the values it holds, the
//! requests a proxy sends and the replies it gets, all serde types sent as
//! chapter 12's frames.
//!
//! Every request names one operation on one of the manager's two objects,
//! the list or the map. A reply carries a *copy* of what the manager holds:
//! the value a proxy gets back is its own, and changing it changes nothing
//! in the manager (the proxy trap).

use serde::{Deserialize, Serialize};
use std::fmt;

// ANCHOR: value
/// A value the manager can hold: enough for the notebook's records and the
/// trap (a record whose scores are a list).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Value {
    /// A number.
    Int(i64),
    /// A string.
    Text(String),
    /// The notebook's `(name, score)` tuple.
    Record(String, i64),
    /// A list of numbers: a managed list of lists is where the trap bites.
    /// Numbers, not values: a `Value` inside a `Value` would let a peer send
    /// a value nested millions deep, and decoding it would recurse until
    /// the manager's stack overflowed.
    List(Vec<i64>),
}
// ANCHOR_END: value

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Int(n) => write!(f, "{n}"),
            Value::Text(s) => write!(f, "{s:?}"),
            Value::Record(name, score) => write!(f, "({name:?}, {score})"),
            Value::List(items) => {
                let shown: Vec<String> = items.iter().map(i64::to_string).collect();
                write!(f, "[{}]", shown.join(", "))
            }
        }
    }
}

// ANCHOR: request
/// One operation on the manager's list or map.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Op {
    /// `list.append(value)`.
    Append(Value),
    /// `list[index]`: a copy.
    Get(usize),
    /// `list[index] = value`.
    Set(usize, Value),
    /// `len(list)`.
    Len,
    /// `list[:]`: a copy of the whole list.
    Snapshot,
    /// `list.clear()`.
    Clear,
    /// Adds `delta` to the score of the record at `index`, in the manager,
    /// in one step (the right way to change an item in place).
    AddToScore(usize, i64),
    /// `map[key] = value`.
    Insert(String, Value),
    /// `map.get(key)`: a copy, or nothing.
    Lookup(String),
}

/// What a client sends: one operation, a batch of them, or a word to the
/// server itself.
///
/// No type here contains itself. A `Batch` holds operations, not
/// requests, so a batch inside a batch cannot even be written down, and
/// decoding never recurses. (With `Batch(Vec<Request>)` a peer could send
/// a batch nested a hundred thousand deep in two bytes a level; postcard
/// has no depth limit, and decoding it would overflow the stack of the
/// manager's thread and kill the whole manager.)
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Request {
    /// One operation.
    One(Op),
    /// Several operations in one message, applied in order under one
    /// lock; one reply each.
    Batch(Vec<Op>),
    /// Sleeps this many milliseconds before answering (the fault
    /// experiment's slow call).
    Sleep(u64),
    /// Ends the manager after answering.
    Shutdown,
}

impl From<Op> for Request {
    fn from(op: Op) -> Request {
        Request::One(op)
    }
}

/// The manager's answer to one request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Reply {
    /// Done; nothing to return.
    Done,
    /// A copy of one value (`None`: no such key).
    Value(Option<Value>),
    /// A length.
    Len(usize),
    /// A copy of the list.
    Values(Vec<Value>),
    /// The replies to a batch, in order.
    Batch(Vec<Reply>),
    /// The request could not be carried out: why.
    Error(String),
}
// ANCHOR_END: request

/// Decodes one request from a frame's payload, refusing bytes left over
/// after it: a frame holds exactly one request, and anything else is not
/// one (postcard's `from_bytes` would ignore the rest).
pub fn decode_request(payload: &[u8]) -> Result<Request, String> {
    match postcard::take_from_bytes::<Request>(payload) {
        Ok((request, [])) => Ok(request),
        Ok((_, rest)) => Err(format!("{} bytes after the request", rest.len())),
        Err(e) => Err(format!("it does not decode: {e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_round_trips() {
        let request = Request::Batch(vec![Op::Append(Value::Int(1)), Op::Len]);
        let bytes = postcard::to_stdvec(&request).unwrap();
        assert_eq!(decode_request(&bytes), Ok(request));
    }

    #[test]
    fn trailing_bytes_are_refused() {
        let mut bytes = postcard::to_stdvec(&Request::One(Op::Len)).unwrap();
        bytes.push(0);
        assert!(decode_request(&bytes).unwrap_err().contains("1 bytes after"));
    }

    /// A batch nested 100 000 deep, two bytes a level, with the tags of
    /// `Request::Batch` and of a batch inside it: it is refused without
    /// recursing (with a recursive `Batch(Vec<Request>)` this overflowed
    /// the stack).
    #[test]
    fn a_deeply_nested_batch_is_refused_without_recursion() {
        let batch = postcard::to_stdvec(&Request::Batch(vec![])).unwrap()[0];
        let mut bytes = [batch, 1].repeat(100_000);
        bytes.push(3);
        assert!(decode_request(&bytes).is_err());
    }
}
