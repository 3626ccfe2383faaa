//! Frames over a real pipe. Several processes write small frames to one
//! pipe with no lock, and every frame arrives whole, because a frame of at
//! most PIPE_BUF bytes goes out in one `write` (which POSIX makes atomic).
//! A larger frame goes out as two `write` calls, a header and then a
//! payload, and another writer's frame can land between the two.

use lab_12_pipe::frame::{ATOMIC_PAYLOAD, DEFAULT_MAX, FrameError, read_frame, write_frame};
use labkit::process::fork_child;
use std::io::Write;
use std::sync::mpsc;

/// The length of writer `id`'s `seq`-th payload: 5 to ATOMIC_PAYLOAD bytes.
fn len_of(id: u8, seq: u32) -> usize {
    5 + (seq as usize * 131 + id as usize * 17) % (ATOMIC_PAYLOAD - 4)
}

/// The payload writer `id` sends as its `seq`-th frame: the frame's number
/// first, then the writer's id throughout.
fn payload(id: u8, seq: u32) -> Vec<u8> {
    let mut p = vec![id; len_of(id, seq)];
    p[..4].copy_from_slice(&seq.to_le_bytes());
    p
}

#[test]
fn small_frames_from_several_processes_never_interleave() {
    const WRITERS: u8 = 4;
    const EACH: u32 = 40_000;
    // A fixed volume: 160,000 frames of 5 to 4092 bytes, about 313 MiB in all.
    let volume: u64 =
        (1..=WRITERS).flat_map(|id| (0..EACH).map(move |seq| (4 + len_of(id, seq)) as u64)).sum();
    assert!(volume > 300 << 20, "the stress moves at least 300 MiB, not {volume}");
    let (mut r, w) = std::io::pipe().unwrap();
    let mut children = Vec::new();
    for id in 1..=WRITERS {
        let mut w = w.try_clone().unwrap();
        // Built before the fork, so the child allocates nothing.
        let mut frame = vec![id; ATOMIC_PAYLOAD];
        children.push(
            fork_child(move || {
                for seq in 0..EACH {
                    frame[..4].copy_from_slice(&seq.to_le_bytes());
                    if write_frame(&mut w, &frame[..len_of(id, seq)], DEFAULT_MAX).is_err() {
                        return 1;
                    }
                }
                0
            })
            .unwrap(),
        );
    }
    drop(w);
    let mut next = [0u32; WRITERS as usize + 1];
    let mut received = 0u64;
    while let Some(frame) = read_frame(&mut r, DEFAULT_MAX).unwrap() {
        // The last byte is always the writer's id (the first four hold the number).
        let id = *frame.last().unwrap();
        assert!((1..=WRITERS).contains(&id), "a frame from nobody: it was torn");
        let seq = next[id as usize];
        assert_eq!(frame, payload(id, seq), "writer {id} frame {seq} arrived changed");
        next[id as usize] += 1;
        received += (4 + frame.len()) as u64;
    }
    for child in &mut children {
        assert!(child.wait().unwrap().success());
    }
    assert!(next[1..].iter().all(|&n| n == EACH), "frames lost: {next:?}");
    assert_eq!(received, volume, "every byte arrived, once");
}

/// A pipe's write end that, after its first `write` call (a large frame's
/// header), lets another writer go and waits until it is done.
struct PauseAfterHeader {
    pipe: std::io::PipeWriter,
    calls: usize,
    go: mpsc::Sender<()>,
    done: mpsc::Receiver<()>,
}

impl Write for PauseAfterHeader {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.pipe.write(buf)?;
        self.calls += 1;
        if self.calls == 1 {
            self.go.send(()).unwrap();
            self.done.recv().unwrap();
        }
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn a_frame_written_in_two_calls_can_be_cut_by_another_writer() {
    // Writer A sends a frame too large for one atomic write: header, then
    // payload. The test forces the order the scheduler may pick at any time:
    // writer B's whole frame lands between A's two calls.
    let (mut r, w) = std::io::pipe().unwrap();
    let (go_tx, go_rx) = mpsc::channel();
    let (done_tx, done_rx) = mpsc::channel();
    let mut b_end = w.try_clone().unwrap();
    let b = std::thread::spawn(move || {
        go_rx.recv().unwrap();
        write_frame(&mut b_end, &[b'B'; 100], DEFAULT_MAX).unwrap();
        done_tx.send(()).unwrap();
    });
    let big = vec![b'A'; ATOMIC_PAYLOAD + 1000];
    let mut a_end = PauseAfterHeader { pipe: w, calls: 0, go: go_tx, done: done_rx };
    write_frame(&mut a_end, &big, DEFAULT_MAX).unwrap();
    assert_eq!(a_end.calls, 2, "a frame above PIPE_BUF is two write calls");
    b.join().unwrap();
    drop(a_end);

    // The reader takes A's header, then B's frame and A's first bytes as A's payload...
    let first = read_frame(&mut r, DEFAULT_MAX).unwrap().unwrap();
    assert_eq!(first.len(), big.len(), "the header is A's");
    assert_ne!(first, big, "A's payload arrived cut by B's frame");
    assert_eq!(&first[..4], &100u32.to_le_bytes(), "B's header sits inside A's payload");
    // ...and the next "header" is four of A's payload bytes: a length no
    // writer sent, which the reader refuses instead of allocating.
    match read_frame(&mut r, DEFAULT_MAX) {
        Err(FrameError::TooLarge { len, .. }) => {
            assert_eq!(len, u32::from_le_bytes([b'A'; 4]) as usize)
        }
        other => panic!("expected a refused header made of payload bytes, got {other:?}"),
    }
}
