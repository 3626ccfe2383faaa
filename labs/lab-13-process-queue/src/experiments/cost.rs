//! Experiment 2: what one message costs, against its size.
//!
//! For payloads from 8 B to 1 MiB, five measurements, each the kit's
//! calibrated samples (at least 10 ms of messages each):
//!
//! - **serialization**: encoding the message into a frame and decoding it
//!   back, in one process: the part of the cost that is not transport;
//! - **process queue**: the parent puts messages (its feeder thread writes
//!   them) and a forked child takes them off; each sample ends with a
//!   `Sync` message that the child answers on a second pipe, so a sample
//!   counts only messages the child has received and decoded;
//! - **raw frames**: the same pipe, feeder thread and lock, with the
//!   payload's bytes sent as they are (no serialization, no copy before the
//!   pipe) and read without decoding; an empty frame ends a sample. This is
//!   the transport alone, the other part of the process queue's cost;
//! - **thread queue**: chapter 07's queue between two threads of one
//!   process, the same payloads moved without serialization or a pipe
//!   (the sample ends with `join`, when every item has been taken);
//! - **Python**: `multiprocessing.Queue` to a child process, the same way
//!   (`python/mpqueue.py`).

use super::{Settings, bytes};
use crate::payload::Payload;
use crate::queue::ProcessQueue;
use lab_07_queue::Queue;
use lab_12_pipe::frame::{self, DEFAULT_MAX};
use labkit::claim::{Claim, Quantity, show};
use labkit::plot::{Axis, LinePlot, Series};
use labkit::process::{ChildProcess, fork_child};
use labkit::python::Script;
use labkit::report::{Csv, Table};
use labkit::{LabContext, Stats};
use serde::{Deserialize, Serialize};
use std::io::{Read, Write};
use std::sync::Arc;
use std::time::Duration;

/// Payload sizes: 8 B to 1 MiB, every factor of 8 or so.
pub const SIZES: [usize; 6] = [8, 64, 512, 4096, 65536, 1 << 20];

/// What the parent sends the child.
#[derive(Serialize, Deserialize)]
pub enum Message {
    /// A payload to take.
    Data(Payload),
    /// "Answer on the ack pipe": the end of a sample.
    Sync,
}

/// What `python/mpqueue.py` prints: per size, each batch's seconds per message.
#[derive(Deserialize)]
struct PythonCost {
    sizes: Vec<usize>,
    batch_means: Vec<Vec<f64>>,
}

/// One series: a name, a key and seconds per message per size.
struct Curve {
    name: &'static str,
    key: &'static str,
    points: Vec<(usize, Stats)>,
}

/// Measures every series, prints, saves `cost.csv` and `cost.svg`, records claims.
pub fn run(ctx: &mut LabContext, settings: &Settings) -> anyhow::Result<()> {
    let mut serial = Vec::new();
    let mut process = Vec::new();
    let mut thread = Vec::new();
    let mut raw = Vec::new();
    let mut consumer = Consumer::start()?;
    let mut raw_consumer = RawConsumer::start()?;
    let threads = ThreadPair::start();
    for size in SIZES {
        let payload = Payload(vec![0x5a; size]);
        let message = Message::Data(payload.clone());
        let per = ctx.sample_units(|n| {
            for _ in 0..n {
                let frame = frame::encode(&message, DEFAULT_MAX).expect("encodes");
                let back: Message = postcard::from_bytes(&frame[frame::HEADER..]).expect("decodes");
                std::hint::black_box(back);
            }
        });
        serial.push((size, per.per_unit()));
        let per = ctx.sample_units(|n| consumer.send(&payload, n));
        process.push((size, per.per_unit()));
        let bytes: Arc<[u8]> = payload.0.clone().into();
        let per = ctx.sample_units(|n| raw_consumer.send(&bytes, n));
        raw.push((size, per.per_unit()));
        let per = ctx.sample_units(|n| threads.send(&payload.0, n));
        thread.push((size, per.per_unit()));
    }
    // The raw consumer first: forked after the other, it holds a copy of
    // the other queue's write end, which would keep that queue from ending.
    raw_consumer.finish()?;
    consumer.finish()?;
    threads.finish();
    let mut curves = vec![
        Curve { name: "process queue (this chapter)", key: "process", points: process },
        Curve { name: "serialization alone (encode + decode)", key: "serial", points: serial },
        Curve { name: "raw frames: transport alone", key: "raw", points: raw },
        Curve { name: "thread queue (chapter 07)", key: "thread", points: thread },
    ];
    let script = Script::new(ctx.lab, "mpqueue.py")
        .args([ctx.min_sample().as_secs_f64().to_string(), ctx.repeat.to_string()])
        .args(SIZES.map(|s| s.to_string()))
        .deadline(Duration::from_secs(120));
    match settings.python.run::<PythonCost>(&script) {
        Ok(py) => {
            let points = py
                .sizes
                .iter()
                .zip(&py.batch_means)
                .filter_map(|(&s, b)| Some((s, Stats::of(b)?)))
                .collect();
            curves.push(Curve { name: "Python mp.Queue", key: "python", points });
        }
        Err(skipped) => skipped.print(),
    }
    report(ctx, &curves)
}

/// A forked child taking messages off a process queue, answering each `Sync`.
struct Consumer {
    /// The parent's producer end.
    tx: crate::queue::Sender<Message>,
    /// The child's answers to `Sync`.
    acks: std::io::PipeReader,
    /// The child.
    child: ChildProcess,
}

impl Consumer {
    fn start() -> anyhow::Result<Consumer> {
        let mut queue: ProcessQueue<Message> = ProcessQueue::new()?;
        let (acks, mut ack_w) = std::io::pipe()?;
        let child = fork_child(|| {
            queue.close_writer(); // or it would never see the end
            loop {
                match queue.get() {
                    Ok(Some(Message::Data(p))) => drop(std::hint::black_box(p)),
                    Ok(Some(Message::Sync)) => {
                        if ack_w.write_all(&[1]).is_err() {
                            return 1;
                        }
                    }
                    Ok(None) => return 0,
                    Err(_) => return 1,
                }
            }
        })?;
        drop(ack_w);
        let tx = queue.sender()?;
        queue.close_writer();
        Ok(Consumer { tx, acks, child })
    }

    /// Puts `n` copies of `payload` and waits until the child has them all.
    fn send(&mut self, payload: &Payload, n: u64) {
        for _ in 0..n {
            self.tx.put(Message::Data(payload.clone()));
        }
        self.tx.put(Message::Sync);
        let mut ack = [0u8; 1];
        self.acks.read_exact(&mut ack).expect("the consumer answers");
    }

    fn finish(mut self) -> anyhow::Result<()> {
        self.tx.join()?;
        anyhow::ensure!(self.child.wait()?.success(), "the consumer failed");
        Ok(())
    }
}

/// A forked child taking raw frames off the same kind of queue; an empty
/// frame asks it to answer on the ack pipe.
struct RawConsumer {
    /// The parent's producer end, sending bytes as they are.
    tx: crate::queue::RawSender,
    /// The child's answers to an empty frame.
    acks: std::io::PipeReader,
    /// The child.
    child: ChildProcess,
}

impl RawConsumer {
    fn start() -> anyhow::Result<RawConsumer> {
        let mut queue: ProcessQueue<Message> = ProcessQueue::new()?;
        let (acks, mut ack_w) = std::io::pipe()?;
        let child = fork_child(|| {
            queue.close_writer();
            loop {
                match queue.get_raw() {
                    Ok(Some([])) => {
                        if ack_w.write_all(&[1]).is_err() {
                            return 1;
                        }
                    }
                    Ok(Some(bytes)) => {
                        std::hint::black_box(bytes);
                    }
                    Ok(None) => return 0,
                    Err(_) => return 1,
                }
            }
        })?;
        drop(ack_w);
        let tx = queue.raw_sender()?;
        queue.close_writer();
        Ok(RawConsumer { tx, acks, child })
    }

    /// Puts `n` references to `bytes` and waits until the child has read them all.
    fn send(&mut self, bytes: &Arc<[u8]>, n: u64) {
        for _ in 0..n {
            self.tx.put(Arc::clone(bytes));
        }
        self.tx.put(Arc::from([]));
        let mut ack = [0u8; 1];
        self.acks.read_exact(&mut ack).expect("the consumer answers");
    }

    fn finish(mut self) -> anyhow::Result<()> {
        self.tx.join()?;
        anyhow::ensure!(self.child.wait()?.success(), "the raw consumer failed");
        Ok(())
    }
}

/// Two threads and chapter 07's queue: a consumer that takes and marks done.
struct ThreadPair {
    queue: Arc<Queue<Option<Vec<u8>>>>,
    consumer: std::thread::JoinHandle<()>,
}

impl ThreadPair {
    fn start() -> ThreadPair {
        let queue: Arc<Queue<Option<Vec<u8>>>> = Arc::new(Queue::bounded(64));
        let q = Arc::clone(&queue);
        let consumer = std::thread::spawn(move || {
            while let Some(item) = q.get() {
                drop(std::hint::black_box(item));
                let _ = q.task_done();
            }
            let _ = q.task_done();
        });
        ThreadPair { queue, consumer }
    }

    /// Puts `n` copies of `payload` and waits until all have been taken.
    fn send(&self, payload: &[u8], n: u64) {
        for _ in 0..n {
            self.queue.put(Some(payload.to_vec()));
        }
        self.queue.join();
    }

    fn finish(self) {
        self.queue.put(None);
        let _ = self.consumer.join();
    }
}

fn report(ctx: &mut LabContext, curves: &[Curve]) -> anyhow::Result<()> {
    let mut headers = vec!["per message".to_string()];
    headers.extend(SIZES.map(bytes));
    let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
    let mut table = Table::new("Cost per message against payload size (median)", &headers);
    let mut csv =
        Csv::new(&["series", "payload_bytes", "seconds_median", "seconds_min", "seconds_max"]);
    let mut plot = LinePlot::new("Cost per message against payload size")
        .x(Axis::log("payload (bytes)"))
        .y(Axis::log("time per message (µs)"));
    for c in curves {
        let mut row = vec![c.name.to_string()];
        for (size, st) in &c.points {
            row.push(show::seconds(st.median));
            csv.row(&[&c.name, size, &st.median, &st.min, &st.max]);
        }
        table.row(row);
        let series = Series::measured(
            c.name,
            c.points.iter().map(|(s, st)| (*s as f64, st.map(|x| x * 1e6))),
        );
        plot =
            plot.series(if matches!(c.key, "serial" | "raw") { series.dashed() } else { series });
        for (size, label) in [(8, "8"), (65536, "64k")] {
            if let Some((_, st)) = c.points.iter().find(|(s, _)| *s == size) {
                ctx.record_result(
                    &format!("cost-{}-{label}", c.key),
                    show::seconds(st.median),
                    &format!("per message at {}: {}", bytes(size), c.name),
                );
            }
        }
    }
    table.print();
    println!();
    ctx.save_csv("cost", "cost per message against payload size", &csv)?;
    ctx.save_figure(
        "cost",
        &plot,
        "time per message against payload size (both log); dashed: its two parts, serialization alone and raw frames through the same pipe and feeder (transport alone)",
        &["cost"],
    )?;

    let at = |key: &str, size: usize| {
        let c = curves.iter().find(|c| c.key == key)?;
        let st = c.points.iter().find(|(s, _)| *s == size)?.1;
        Some(Quantity::new(format!("{} at {}", c.name, bytes(size)), st, show::seconds))
    };
    let (p8, s8, t8) =
        (at("process", 8).unwrap(), at("serial", 8).unwrap(), at("thread", 8).unwrap());
    ctx.claim(
        "process-dearer-than-thread",
        Claim::ratio_at_least(
            "at 8 B a message between processes costs at least twice one between threads",
            &p8,
            &t8,
            2.0,
        ),
    );
    ctx.claim(
        "serialization-cheaper",
        Claim::less("at 8 B, encoding and decoding a message takes less time than sending it through the process queue", &s8, &p8),
    );
    let big = 1 << 20;
    ctx.claim(
        "cost-rises-with-size",
        Claim::greater(
            "a 1 MiB message costs more than an 8 B one through the process queue",
            &at("process", big).unwrap(),
            &p8,
        ),
    );
    let (r8, p64, r64, s64) = (
        at("raw", 8).unwrap(),
        at("process", 65536).unwrap(),
        at("raw", 65536).unwrap(),
        at("serial", 65536).unwrap(),
    );
    ctx.claim(
        "transport-dominates-8",
        Claim::greater("at 8 B, a raw frame through the pipe and feeder takes longer than encoding and decoding the message", &r8, &s8),
    );
    ctx.claim(
        "raw-cheaper-64k",
        Claim::less("at 64 KiB, a raw frame costs less than a serialized message through the same pipe and feeder", &r64, &p64)
            .if_not("the queue's stages overlap on two cores, so copies done by the putting thread or the feeder can hide behind the reader's work"),
    );
    ctx.claim(
        "serialization-64k",
        Claim::less("at 64 KiB, encoding and decoding a message takes less time than sending it through the process queue", &s64, &p64),
    );
    if let Some((py8, py64)) = at("python", 8).zip(at("python", 65536)) {
        ctx.claim(
            "python-dearer",
            Claim::ratio_at_least("at 8 B Python's mp.Queue costs at least twice this chapter's queue per message", &py8, &p8, 2.0)
                .if_not("both pay for a pipe write and read and a feeder thread's hand-off; Python adds pickling, its interpreter and a lock per put"),
        );
        ctx.claim(
            "python-dearer-64k",
            Claim::greater("at 64 KiB Python's mp.Queue also costs more per message than this chapter's queue", &py64, &p64)
                .if_not("at 64 KiB copying the bytes is most of the work, and this chapter's queue copies each payload more often than it must"),
        );
        labkit::python::record_ratio(
            ctx,
            "python-ratio-8",
            p8.stats.median,
            py8.stats.median,
            "Python's mp.Queue against this queue, 8 B messages",
        );
        labkit::python::record_ratio(
            ctx,
            "python-ratio-64k",
            p64.stats.median,
            py64.stats.median,
            "Python's mp.Queue against this queue, 64 KiB messages",
        );
    }
    Ok(())
}
