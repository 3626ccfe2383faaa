//! The process queue under stress, and its failure modes: no item lost,
//! duplicated or torn with several producer processes and items above
//! PIPE_BUF; a producer that dies mid-message gives an error, not garbage.

use lab_12_pipe::frame::FrameError;
use lab_13_process_queue::{Payload, ProcessQueue};
use labkit::process::fork_child;
use std::io::Write;

/// An item: who sent it, its number, and bytes derived from both.
type Item = (u8, u32, Payload);

fn bytes_for(id: u8, seq: u32) -> Payload {
    // Sizes from 1 B to about 20 KiB, most small (1 in 997 well above PIPE_BUF).
    let len = if seq.is_multiple_of(997) {
        20_000 + (seq as usize % 500)
    } else {
        1 + (seq as usize * 7) % 300
    };
    Payload(
        (0..len)
            .map(|i| (i as u32).wrapping_mul(31).wrapping_add(seq).wrapping_add(id as u32) as u8)
            .collect(),
    )
}

/// A million items in all, from four producer processes at once.
#[test]
fn several_producer_processes_lose_duplicate_and_tear_nothing() {
    const PRODUCERS: u8 = 4;
    const EACH: u32 = 250_000;
    let mut queue: ProcessQueue<Item> = ProcessQueue::new().unwrap();
    let mut children = Vec::new();
    for id in 1..=PRODUCERS {
        let q = &queue;
        children.push(
            fork_child(move || {
                let tx = q.sender().unwrap();
                for seq in 0..EACH {
                    tx.put((id, seq, bytes_for(id, seq)));
                }
                if tx.join().is_ok() { 0 } else { 1 }
            })
            .unwrap(),
        );
    }
    queue.close_writer();
    let mut next = [0u32; PRODUCERS as usize + 1];
    let (mut total, mut large) = (0u32, 0u32);
    while let Some((id, seq, payload)) = queue.get().unwrap() {
        large += u32::from(payload.0.len() > lab_12_pipe::frame::PIPE_BUF);
        assert!((1..=PRODUCERS).contains(&id), "an item from nobody: {id}");
        assert_eq!(seq, next[id as usize], "producer {id}: item out of order, lost or duplicated");
        assert_eq!(payload, bytes_for(id, seq), "producer {id} item {seq} arrived changed");
        next[id as usize] += 1;
        total += 1;
    }
    for child in &mut children {
        assert!(child.wait().unwrap().success());
    }
    assert_eq!(total, PRODUCERS as u32 * EACH, "items lost");
    assert_eq!(total, 1_000_000, "the stress is a million messages");
    assert!(large > 1_000, "items above PIPE_BUF were sent too (only {large})");
}

#[test]
fn a_producer_that_dies_mid_message_gives_the_reader_an_error() {
    let mut queue: ProcessQueue<Item> = ProcessQueue::new().unwrap();
    let mut writer = queue.raw_writer().unwrap().try_clone().unwrap();
    let mut child = fork_child(move || {
        // One whole item, then a frame cut short: header for 1000 bytes, 100 sent.
        let whole =
            lab_12_pipe::frame::encode(&(1u8, 0u32, Payload(vec![1; 10])), 1 << 20).unwrap();
        writer.write_all(&whole).unwrap();
        writer.write_all(&1000u32.to_le_bytes()).unwrap();
        writer.write_all(&[0xAB; 100]).unwrap();
        0 // and exit, as if killed mid-write
    })
    .unwrap();
    queue.close_writer();
    assert!(child.wait().unwrap().success());
    assert_eq!(queue.get().unwrap(), Some((1, 0, Payload(vec![1; 10]))));
    match queue.get() {
        Err(FrameError::Truncated { in_header: false, expected: 1000, got: 100 }) => {}
        other => panic!("expected a truncated frame, got {other:?}"),
    }
}

#[test]
fn put_returns_while_the_pipe_is_full() {
    // Nobody reads: 16 items of 64 KiB are far more than a pipe holds, yet
    // every put returns at once (the feeder is the one that waits).
    let queue: ProcessQueue<Payload> = ProcessQueue::new().unwrap();
    let tx = queue.sender().unwrap();
    let start = std::time::Instant::now();
    for _ in 0..16 {
        tx.put(Payload(vec![0; 64 << 10]));
    }
    assert!(start.elapsed() < std::time::Duration::from_secs(5), "put blocked");
    // Drain on this thread so the feeder can finish, then join it.
    let mut queue = queue;
    let drained = std::thread::scope(|s| {
        let reader =
            s.spawn(|| (0..16).map(|_| queue.get().unwrap().unwrap().0.len()).sum::<usize>());
        tx.join().unwrap();
        reader.join().unwrap()
    });
    assert_eq!(drained, 16 << 16);
}
