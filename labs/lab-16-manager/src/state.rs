//! The objects the manager owns, and what each request does to them.
//!
//! This is the manager's whole job, without any sockets: the server
//! (`server.rs`) decodes a request, locks the state, calls
//! [`State::apply`] and sends the reply back. Every answer is a copy of
//! what the state holds, never a reference into it.

use lab_16_manager::protocol::{Op, Reply, Value};
use std::collections::BTreeMap;

/// The manager's shared objects.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct State {
    /// The managed list (Python's `manager.list()`).
    pub list: Vec<Value>,
    /// The managed map (Python's `manager.dict()`).
    pub map: BTreeMap<String, Value>,
}

impl State {
    /// A state whose list starts as `list`.
    pub fn with_list(list: Vec<Value>) -> State {
        State { list, map: BTreeMap::new() }
    }

    // ANCHOR: apply
    /// Carries out one operation and says what came of it. A request that
    /// cannot be carried out (an index past the end, a score added to
    /// something that is not a record) is an `Error` reply, never a panic:
    /// the manager serves other clients and must not fall over.
    pub fn apply(&mut self, op: Op) -> Reply {
        match op {
            // exercise: solution
            Op::Append(v) => {
                self.list.push(v);
                Reply::Done
            }
            Op::Get(i) => match self.list.get(i) {
                Some(v) => Reply::Value(Some(v.clone())),
                None => out_of_range(i, self.list.len()),
            },
            Op::Set(i, v) => match self.list.get_mut(i) {
                Some(slot) => {
                    *slot = v;
                    Reply::Done
                }
                None => out_of_range(i, self.list.len()),
            },
            Op::Len => Reply::Len(self.list.len()),
            Op::Clear => {
                self.list.clear();
                Reply::Done
            }
            Op::Snapshot => Reply::Values(self.list.clone()),
            Op::AddToScore(i, delta) => {
                let len = self.list.len();
                match self.list.get_mut(i) {
                    Some(Value::Record(_, score)) => {
                        *score += delta;
                        Reply::Done
                    }
                    Some(other) => Reply::Error(format!("item {i} is {other}, not a record")),
                    None => out_of_range(i, len),
                }
            }
            Op::Insert(k, v) => {
                self.map.insert(k, v);
                Reply::Done
            }
            Op::Lookup(k) => Reply::Value(self.map.get(&k).cloned()),
            // exercise: starter
            // _ => {
            //     let _ = out_of_range;
            //     todo!("carry out the list and map requests on self.list and self.map")
            // }
            // exercise: end
        }
    }
    // ANCHOR_END: apply
}

/// The reply to an index past the end of the list.
fn out_of_range(index: usize, len: usize) -> Reply {
    Reply::Error(format!("index {index} is out of range: the list has {len} items"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn records() -> State {
        State::with_list(vec![Value::Record("Sam".into(), 10), Value::Record("Adam".into(), 9)])
    }

    #[test]
    fn append_then_len_and_snapshot() {
        let mut s = records();
        assert_eq!(s.apply(Op::Append(Value::Record("Jeff".into(), 8))), Reply::Done);
        assert_eq!(s.apply(Op::Len), Reply::Len(3));
        let Reply::Values(all) = s.apply(Op::Snapshot) else { panic!("a snapshot") };
        assert_eq!(all[2], Value::Record("Jeff".into(), 8));
    }

    #[test]
    fn get_returns_a_copy_and_set_replaces() {
        let mut s = records();
        assert_eq!(s.apply(Op::Get(1)), Reply::Value(Some(Value::Record("Adam".into(), 9))));
        assert_eq!(s.apply(Op::Set(1, Value::Int(5))), Reply::Done);
        assert_eq!(s.list[1], Value::Int(5));
    }

    #[test]
    fn an_index_past_the_end_is_an_error_reply() {
        let mut s = records();
        assert!(matches!(s.apply(Op::Get(2)), Reply::Error(e) if e.contains("out of range")));
        assert!(matches!(s.apply(Op::Set(9, Value::Int(1))), Reply::Error(_)));
        assert!(matches!(s.apply(Op::AddToScore(9, 1)), Reply::Error(_)));
        assert_eq!(s, records(), "nothing changed");
    }

    #[test]
    fn add_to_score_changes_the_record_in_place() {
        let mut s = records();
        assert_eq!(s.apply(Op::AddToScore(0, 5)), Reply::Done);
        assert_eq!(s.list[0], Value::Record("Sam".into(), 15));
        s.list.push(Value::Int(1));
        assert!(
            matches!(s.apply(Op::AddToScore(2, 1)), Reply::Error(e) if e.contains("not a record"))
        );
    }

    #[test]
    fn the_map_inserts_and_looks_up_copies() {
        let mut s = State::default();
        assert_eq!(s.apply(Op::Insert("best".into(), Value::Text("Sam".into()))), Reply::Done);
        assert_eq!(
            s.apply(Op::Lookup("best".into())),
            Reply::Value(Some(Value::Text("Sam".into())))
        );
        assert_eq!(s.apply(Op::Lookup("worst".into())), Reply::Value(None));
    }
}
