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
/// One call on the manager.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Request {
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
    /// Several requests in one message, applied in order under one lock;
    /// one reply each.
    Batch(Vec<Request>),
    /// Sleeps this many milliseconds before answering (the fault
    /// experiment's slow call).
    Sleep(u64),
    /// Ends the manager after answering.
    Shutdown,
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
