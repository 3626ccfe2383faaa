//! Counting interleavings: did several writers' messages stay whole?
//!
//! Each writer fills every message it writes with its own byte (writer 1
//! writes `1`s, writer 2 writes `2`s, ...), all messages the same length,
//! each with a single `write`. The reader collects the whole stream. If
//! every write landed whole, the byte changes only at message boundaries:
//! at offsets that are multiples of the message length. A change anywhere
//! else is one writer's bytes giving way to another's inside a message: an
//! interleaving.
//!
//! This file is exercise `12-interleavings`.

// ANCHOR: count
/// The number of places in `stream` where the byte changes inside a
/// message of `len` bytes, i.e. not at an offset that is a multiple of `len`.
pub fn interleavings(stream: &[u8], len: usize) -> usize {
    assert!(len > 0, "messages have at least one byte");
    // exercise: solution
    stream
        .windows(2)
        .enumerate()
        .filter(|&(i, pair)| pair[0] != pair[1] && (i + 1) % len != 0)
        .count()
    // exercise: starter
    // todo!("count the offsets i + 1 where stream[i] != stream[i + 1] and (i + 1) is not a multiple of len")
    // exercise: end
}
// ANCHOR_END: count

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_messages_have_no_interleaving() {
        let stream = [vec![1u8; 4], vec![2; 4], vec![1; 4], vec![3; 4]].concat();
        assert_eq!(interleavings(&stream, 4), 0);
    }

    #[test]
    fn the_same_writer_twice_in_a_row_is_not_an_interleaving() {
        let stream = [vec![1u8; 8], vec![2; 4]].concat();
        assert_eq!(interleavings(&stream, 4), 0);
    }

    #[test]
    fn a_message_cut_by_another_counts_each_change_inside() {
        // 1 1 | 2 2 2 2 | 1 1 : writer 2's message landed in the middle of writer 1's.
        let stream = [vec![1u8; 2], vec![2; 4], vec![1; 2]].concat();
        assert_eq!(interleavings(&stream, 4), 2);
    }

    #[test]
    fn a_change_at_the_very_end_of_a_message_is_a_boundary() {
        let stream = [vec![5u8; 3], vec![6; 3], vec![5; 2], vec![7; 1]].concat();
        // Changes at offsets 3 (boundary), 6 (boundary), 8 (inside the third message).
        assert_eq!(interleavings(&stream, 3), 1);
    }

    #[test]
    fn empty_and_single_byte_streams_have_none() {
        assert_eq!(interleavings(&[], 4), 0);
        assert_eq!(interleavings(&[9], 4), 0);
    }
}
