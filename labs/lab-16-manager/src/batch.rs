//! Batched calls: many requests in one message, so that one round trip
//! pays for all of them.
//!
//! A proxy call costs a round trip through the kernel and two thread
//! wake-ups whatever it does; appending one item is nothing beside that.
//! Sending a hundred appends in one `Op::Batch` pays the round trip
//! once. The manager applies the batch's operations in order, under one
//! lock (no other client's request lands in the middle), and answers with
//! one reply per operation, in the same order.
//!
//! A batch holds operations ([`Op`]), not requests, so a batch inside a
//! batch cannot be sent: the type itself rules it out (see
//! `protocol.rs` for why that matters).

use lab_16_manager::protocol::{Op, Reply};

/// The most operations one batch may carry (a bound on what one client can
/// make the manager do while it holds the lock).
pub const MAX_BATCH: usize = 100_000;

// ANCHOR: apply_batch
/// Applies `ops` in order with `apply` (the manager passes
/// `|op| state.apply(op)`): one reply each, in the same order. An
/// operation that fails gets its `Error` reply and the rest still run. A
/// batch longer than [`MAX_BATCH`] is refused whole, with nothing applied.
pub fn apply_batch(ops: Vec<Op>, mut apply: impl FnMut(Op) -> Reply) -> Reply {
    // exercise: solution
    if ops.len() > MAX_BATCH {
        return Reply::Error(format!("a batch of {} operations: at most {MAX_BATCH}", ops.len()));
    }
    Reply::Batch(ops.into_iter().map(&mut apply).collect())
    // exercise: starter
    // let _ = (&mut apply, ops, MAX_BATCH);
    // todo!("check the batch's length, then apply each operation in order and collect the replies")
    // exercise: end
}
// ANCHOR_END: apply_batch

#[cfg(test)]
mod tests {
    use super::*;
    use lab_16_manager::protocol::Value;
    use lab_16_manager::state::State;

    /// Applies a batch to `state` as the manager does.
    fn apply_to(state: &mut State, ops: Vec<Op>) -> Reply {
        apply_batch(ops, |op| state.apply(op))
    }

    #[test]
    fn replies_come_back_in_order() {
        let mut s = State::default();
        let reply = apply_to(&mut s, vec![Op::Append(Value::Int(1)), Op::Len, Op::Get(0)]);
        assert_eq!(
            reply,
            Reply::Batch(vec![Reply::Done, Reply::Len(1), Reply::Value(Some(Value::Int(1)))])
        );
    }

    #[test]
    fn a_failing_request_does_not_stop_the_others() {
        let mut s = State::default();
        let reply = apply_to(&mut s, vec![Op::Get(5), Op::Append(Value::Int(2)), Op::Len]);
        let Reply::Batch(replies) = reply else { panic!("a batch reply") };
        assert!(matches!(replies[0], Reply::Error(_)));
        assert_eq!(replies[1..], [Reply::Done, Reply::Len(1)]);
    }

    #[test]
    fn a_batch_over_the_limit_is_refused_and_nothing_is_applied() {
        let mut s = State::default();
        let reply = apply_to(&mut s, vec![Op::Append(Value::Int(1)); MAX_BATCH + 1]);
        assert!(matches!(reply, Reply::Error(_)));
        assert!(s.list.is_empty());
    }

    #[test]
    fn an_empty_batch_gets_an_empty_reply() {
        assert_eq!(apply_to(&mut State::default(), vec![]), Reply::Batch(vec![]));
    }
}
