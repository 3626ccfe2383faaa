//! Frames over a real pipe: several processes write small frames to one
//! pipe with no lock, and every frame arrives whole, because a frame of at
//! most PIPE_BUF bytes goes out in one `write` (which POSIX makes atomic).

use lab_12_pipe::frame::{ATOMIC_PAYLOAD, DEFAULT_MAX, read_frame, write_frame};
use labkit::process::fork_child;

/// The payload writer `id` sends as its `seq`-th frame: 5 to ATOMIC_PAYLOAD
/// bytes, the frame's number first, then the writer's id throughout.
fn payload(id: u8, seq: u32) -> Vec<u8> {
    let len = 5 + (seq as usize * 131 + id as usize * 17) % (ATOMIC_PAYLOAD - 4);
    let mut p = vec![id; len];
    p[..4].copy_from_slice(&seq.to_le_bytes());
    p
}

#[test]
fn small_frames_from_several_processes_never_interleave() {
    const WRITERS: u8 = 4;
    const EACH: u32 = 20_000;
    let (mut r, w) = std::io::pipe().unwrap();
    let mut children = Vec::new();
    for id in 1..=WRITERS {
        let mut w = w.try_clone().unwrap();
        let frames: Vec<Vec<u8>> = (0..EACH).map(|seq| payload(id, seq)).collect(); // before the fork
        children.push(
            fork_child(move || {
                for f in &frames {
                    if write_frame(&mut w, f, DEFAULT_MAX).is_err() {
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
    while let Some(frame) = read_frame(&mut r, DEFAULT_MAX).unwrap() {
        // The last byte is always the writer's id (the first four hold the number).
        let id = *frame.last().unwrap();
        assert!((1..=WRITERS).contains(&id), "a frame from nobody: it was torn");
        let seq = next[id as usize];
        assert_eq!(frame, payload(id, seq), "writer {id} frame {seq} arrived changed");
        next[id as usize] += 1;
    }
    for child in &mut children {
        assert!(child.wait().unwrap().success());
    }
    assert!(next[1..].iter().all(|&n| n == EACH), "frames lost: {next:?}");
}
