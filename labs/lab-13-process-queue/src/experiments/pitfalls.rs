//! Experiment 4: two ways a process queue goes wrong, shown safely.
//!
//! 1. **Joining a producer before taking its items.** Python documents it
//!    ([programming guidelines](https://docs.python.org/3/library/multiprocessing.html#multiprocessing-programming),
//!    "Joining processes that use queues"): a process that has put items
//!    on a queue waits, before it ends, until its feeder thread has written
//!    them all into the pipe. If they do not fit and the parent joins the
//!    child before getting them, each waits for the other. The lab's child
//!    puts four 64 KiB items and joins its feeder, as a Python process does
//!    at exit; the parent waits for the child first, under a deadline. At
//!    the deadline the child's threads are read from /proc; then the
//!    parent takes the items, and the child ends by itself: the fix is to
//!    get before you join.
//! 2. **A producer that dies in the middle of a message.** The child
//!    writes one whole frame and then the first 100 bytes of a frame that
//!    announces 1000, and exits. The reader gets the whole item, then an
//!    error that says what was missing: never a short or garbled item.

use super::{Settings, bytes};
use crate::payload::Payload;
use crate::queue::ProcessQueue;
use lab_12_pipe::frame::{self, FrameError};
use lab_12_pipe::procfs;
use labkit::LabContext;
use labkit::claim::Claim;
use labkit::process::fork_child;
use labkit::report::{Table, duration};
use std::io::Write;

/// Items the stuck producer puts, and their size: more than a pipe holds.
const ITEMS: usize = 4;
const ITEM_BYTES: usize = 64 << 10;

/// Runs both scenes, prints what happened, records results and claims.
pub fn run(ctx: &mut LabContext, settings: &Settings) -> anyhow::Result<()> {
    let mut table = Table::new("Process-queue pitfalls", &["scene", "what happened"]);

    // ANCHOR: join_first
    // 1. Join the producer first, get its items afterwards.
    let mut queue: ProcessQueue<Payload> = ProcessQueue::new()?;
    let mut producer = {
        let q = &queue;
        fork_child(move || {
            let Ok(tx) = q.sender() else { return 1 };
            for _ in 0..ITEMS {
                tx.put(Payload(vec![7; ITEM_BYTES]));
            }
            if tx.join().is_ok() { 0 } else { 1 } // waits until all are in the pipe
        })?
    };
    queue.close_writer();
    let joined_first = producer.wait_timeout(settings.deadline)?; // the join, under a deadline
    let stuck_threads = procfs::threads(producer.pid());
    let mut got = 0;
    while let Some(item) = queue.get()? {
        got += item.0.len();
    }
    let after_get = producer.wait_timeout(std::time::Duration::from_secs(10))?;
    // ANCHOR_END: join_first
    let stuck = joined_first.is_none();
    table.row([
        format!("join before get ({ITEMS} × {})", bytes(ITEM_BYTES)),
        if stuck {
            format!("still running after {}: {stuck_threads}", duration(settings.deadline))
        } else {
            "the producer ended by itself (the items fitted in the pipe?)".into()
        },
    ]);
    table.row([
        "then get, then join".into(),
        format!(
            "{} taken; the producer {}",
            bytes(got),
            match after_get {
                Some(status) => format!("ended ({status})"),
                None => "was still stuck".into(),
            }
        ),
    ]);
    ctx.record_result(
        "join-first-threads",
        stuck_threads.clone(),
        "the producer's threads while its parent joined it first",
    );
    ctx.claim(
        "join-first-hangs",
        Claim::fact(
            "a producer whose items do not fit in the pipe does not end while its parent joins it before getting them",
            stuck,
            format!("still running at the {} deadline: {stuck_threads}", duration(settings.deadline)),
        ),
    );
    ctx.claim(
        "get-then-join",
        Claim::fact(
            "once the parent gets the items, the producer ends by itself",
            after_get.is_some_and(|s| s.success()) && got == ITEMS * ITEM_BYTES,
            format!(
                "{} taken, then the producer {}",
                bytes(got),
                after_get.map_or("was still running".to_string(), |s| format!("ended ({s})"))
            ),
        ),
    );

    // 2. A producer that dies mid-message.
    let mut queue: ProcessQueue<Payload> = ProcessQueue::new()?;
    let mut raw = queue.raw_writer().expect("open").try_clone()?;
    let mut dying = fork_child(move || {
        let whole = frame::encode(&Payload(vec![1; 10]), frame::DEFAULT_MAX).expect("encodes");
        let ok = raw.write_all(&whole).is_ok()
            && raw.write_all(&1000u32.to_le_bytes()).is_ok()
            && raw.write_all(&[0xAB; 100]).is_ok();
        if ok { 0 } else { 1 } // and gone, 900 bytes short
    })?;
    queue.close_writer();
    anyhow::ensure!(dying.wait()?.success(), "the dying producer failed to write");
    let first = queue.get();
    let second = queue.get();
    let first_ok = matches!(&first, Ok(Some(p)) if p.0 == [1; 10]);
    let second_text = match &second {
        Err(e) => e.to_string(),
        Ok(v) => format!("no error: {v:?}"),
    };
    let truncated =
        matches!(second, Err(FrameError::Truncated { in_header: false, expected: 1000, got: 100 }));
    table.row([
        "producer dies mid-message".into(),
        format!("first item {}; then: {second_text}", if first_ok { "whole" } else { "WRONG" }),
    ]);
    ctx.record_result(
        "mid-message-error",
        second_text.clone(),
        "what the reader got after the producer died mid-message",
    );
    ctx.claim(
        "mid-message-error",
        Claim::fact("the reader gets the whole items, then an error naming what is missing, never a short item", first_ok && truncated, second_text),
    );
    table.print();
    println!();
    Ok(())
}
