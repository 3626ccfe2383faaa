//! Experiment 2: are writes to a shared pipe atomic?
//!
//! `writers` forked children share one pipe's write end. Each writes
//! messages of one size, each with a single `write` call, every byte of a
//! message being the writer's number. The parent reads the whole stream and
//! counts interleavings (`crate::interleave`): places where one writer's
//! bytes give way to another's inside a message. POSIX promises none for
//! messages of at most `PIPE_BUF` (4096 bytes on Linux); above it, the
//! kernel may split a write whenever the pipe is full.

use super::{Settings, bytes};
use crate::frame::PIPE_BUF;
use crate::interleave::interleavings;
use labkit::LabContext;
use labkit::claim::{Claim, Quantity, show};
use labkit::process::fork_child;
use labkit::report::{Csv, Table};
use std::io::{Read, Write};
use std::os::fd::AsRawFd;

/// The message sizes tried: below, at, just above and well above PIPE_BUF.
pub const SIZES: [usize; 5] = [512, PIPE_BUF, PIPE_BUF + 1, 2 * PIPE_BUF, 16 * PIPE_BUF];

/// Counts interleavings per size, prints, saves `atomicity.csv`, records claims.
pub fn run(ctx: &mut LabContext, settings: &Settings) -> anyhow::Result<()> {
    let mut table = Table::new(
        format!(
            "{} writers on one pipe, {} each per size",
            settings.writers,
            bytes(settings.volume)
        ),
        &["message", "messages", "interleavings", "messages cut"],
    );
    let mut csv =
        Csv::new(&["message_bytes", "writers", "messages", "interleavings", "messages_cut"]);
    let (mut at_or_below, mut above) = (0, 0);
    for size in SIZES {
        let count = settings.volume / size;
        let stream = shared_writes(settings.writers, size, count)?;
        anyhow::ensure!(stream.len() == settings.writers * size * count, "bytes were lost");
        let cuts = interleavings(&stream, size);
        let cut_messages = stream.chunks(size).filter(|m| m.iter().any(|&b| b != m[0])).count();
        if size <= PIPE_BUF {
            at_or_below += cuts;
        } else {
            above += cuts;
        }
        let messages = settings.writers * count;
        table.row([bytes(size), messages.to_string(), cuts.to_string(), cut_messages.to_string()]);
        csv.row(&[&size, &settings.writers, &messages, &cuts, &cut_messages]);
        ctx.record_result(
            &format!("interleavings-{size}"),
            cuts.to_string(),
            &format!("interleavings, {} messages", bytes(size)),
        );
    }
    table.print();
    println!();
    ctx.save_csv("atomicity", "interleavings of several writers' messages on one pipe", &csv)?;
    ctx.claim(
        "atomic-at-pipe-buf",
        Claim::fact(
            "no message of at most PIPE_BUF bytes was cut by another writer's",
            at_or_below == 0,
            format!("{at_or_below} interleavings at 512 B and 4 KiB"),
        ),
    );
    let above_q = Quantity::exact("interleavings above PIPE_BUF", above as f64, show::count);
    ctx.claim(
        "torn-above-pipe-buf",
        Claim::fact(
            "messages longer than PIPE_BUF were cut by other writers' bytes",
            above > 0,
            above_q.shown(),
        )
        .if_not("above PIPE_BUF the kernel may split a write, it does not have to; with few writers or a reader that keeps the pipe from filling, every write can still land whole"),
    );
    Ok(())
}

// ANCHOR: writers
/// Forks `writers` children that each write `count` messages of `size`
/// bytes (filled with the writer's number) to one pipe, and returns
/// everything the parent read from it.
fn shared_writes(writers: usize, size: usize, count: usize) -> anyhow::Result<Vec<u8>> {
    let (mut r, w) = std::io::pipe()?;
    let reader_fd = r.as_raw_fd();
    let mut children = Vec::new();
    for id in 1..=writers {
        let message = vec![id as u8; size]; // made before the fork
        let mut w = w.try_clone()?;
        children.push(fork_child(move || {
            // Safety: the child's copy of the read end, which it never uses.
            unsafe { libc::close(reader_fd) };
            for _ in 0..count {
                // One write call per message: the unit POSIX makes atomic.
                match w.write(&message) {
                    Ok(n) if n == size => {}
                    _ => return 1,
                }
            }
            0
        })?);
    }
    drop(w); // only the children hold the write end now: their exits end the stream
    let mut stream = Vec::with_capacity(writers * size * count);
    r.read_to_end(&mut stream)?;
    for child in &mut children {
        anyhow::ensure!(child.wait()?.success(), "a writer failed");
    }
    Ok(stream)
}
// ANCHOR_END: writers
