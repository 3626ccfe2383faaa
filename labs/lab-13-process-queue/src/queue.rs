//! A queue between processes, built the way Python's `multiprocessing.Queue` is.
//!
//! ```text
//!  producer process                                   consumer process
//!  put(item) -> buffer (chapter 07's queue)
//!                 |  feeder thread: encode (postcard),
//!                 |  take the shared lock, write the frame
//!                 v
//!               pipe  ==== length-prefixed frames ====>  get(): read a frame, decode
//! ```
//!
//! - **A pipe** carries the bytes; every process that forks after
//!   [`ProcessQueue::new`] inherits both ends.
//! - **Frames** (chapter 12's `frame.rs`): each item is one length-prefixed
//!   postcard frame, so the reader gets whole items or a clear error.
//! - **A feeder thread** per producer: `put` hands the item to an in-process
//!   buffer (chapter 07's unbounded queue) and returns at once, even when
//!   the pipe is full; the feeder writes in the background. Python does the
//!   same, and it is the source of its best-known deadlock (the chapter's
//!   pitfalls experiment): a producer that ends waits for its feeder to
//!   get everything into the pipe.
//! - **A lock shared by the producers** (`shared_lock.rs`, in a shared
//!   page), held while one frame is written: a frame larger than `PIPE_BUF`
//!   may be split by the kernel, and without the lock two producers' frames
//!   could interleave.
//!
//! One consumer reads a queue (Python adds a second lock for several).
//! The consumer sees the end of the queue (`Ok(None)`) once every write end
//! is closed: each producer's, and the parent's own ([`ProcessQueue::close_writer`]).

use crate::shared_lock;
use lab_07_queue::Queue;
use lab_12_pipe::frame::{self, DEFAULT_MAX, FrameError};
use lab_12_pipe::shared_futex::SharedPage;
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::io::{PipeReader, PipeWriter, Write};
use std::marker::PhantomData;
use std::sync::Arc;
use std::thread::JoinHandle;

/// The queue: both ends of the pipe and the producers' lock.
pub struct ProcessQueue<T> {
    /// The read end, for the one consumer.
    reader: PipeReader,
    /// A write end to clone for producers; `None` once closed here.
    writer: Option<PipeWriter>,
    /// Word 0 is the producers' write lock (see `shared_lock.rs`).
    page: Arc<SharedPage>,
    /// A frame read, reused for the next.
    buffer: Vec<u8>,
    /// The item type.
    _items: PhantomData<fn(T) -> T>,
}

impl<T: Serialize + DeserializeOwned + Send + 'static> ProcessQueue<T> {
    /// A new queue. Fork the producers after this, so they inherit it.
    pub fn new() -> std::io::Result<ProcessQueue<T>> {
        let (reader, writer) = std::io::pipe()?;
        let page = Arc::new(SharedPage::new()?);
        Ok(ProcessQueue {
            reader,
            writer: Some(writer),
            page,
            buffer: Vec::new(),
            _items: PhantomData,
        })
    }

    /// A producer's end, with its feeder thread. Call it in the process
    /// that puts (after the fork: threads do not survive a fork).
    pub fn sender(&self) -> std::io::Result<Sender<T>> {
        let writer =
            self.writer.as_ref().ok_or_else(|| std::io::Error::other("the write end is closed"))?;
        Sender::start(writer.try_clone()?, Arc::clone(&self.page))
    }

    /// Closes this process's own write end, so that the consumer sees the
    /// end of the queue once every producer has closed theirs.
    pub fn close_writer(&mut self) {
        self.writer = None;
    }

    /// The raw write end, to write bytes that are not a frame (the test of
    /// a producer that dies mid-message).
    pub fn raw_writer(&self) -> Option<&PipeWriter> {
        self.writer.as_ref()
    }

    // ANCHOR: get
    /// The next item, waiting for one; `Ok(None)` when every write end is
    /// closed and the pipe is empty. A producer that died inside a frame
    /// gives [`FrameError::Truncated`], never a short or garbled item.
    pub fn get(&mut self) -> Result<Option<T>, FrameError> {
        if !frame::read_frame_into(&mut self.reader, &mut self.buffer, DEFAULT_MAX)? {
            return Ok(None);
        }
        postcard::from_bytes(&self.buffer).map(Some).map_err(FrameError::Decode)
    }
    // ANCHOR_END: get
}

/// A producer's end: `put` never blocks; a feeder thread writes.
pub struct Sender<T> {
    /// The feeder thread and the items waiting for it.
    feeder: Feeder<T>,
}

impl<T: Serialize + Send + 'static> Sender<T> {
    fn start(mut pipe: PipeWriter, page: Arc<SharedPage>) -> std::io::Result<Sender<T>> {
        // ANCHOR: feeder
        let feeder = Feeder::start("queue-feeder", move |item: T| {
            let frame = frame::encode(&item, DEFAULT_MAX)?;
            // One frame at a time in the pipe, whatever its size.
            let _whole = shared_lock::locked(page.word(0));
            pipe.write_all(&frame)?;
            Ok(())
        })?;
        // ANCHOR_END: feeder
        Ok(Sender { feeder })
    }

    /// Queues `item` for the feeder and returns at once.
    pub fn put(&self, item: T) {
        self.feeder.put(item);
    }

    /// Waits until the feeder has written every item put so far into the
    /// pipe, and ends it. (This is what a Python process does at exit, and
    /// what blocks while nobody reads a full pipe.)
    pub fn join(mut self) -> Result<(), FrameError> {
        self.feeder.finish()
    }
}

impl<T> ProcessQueue<T> {
    /// A producer's end that sends bytes as they are, with no serialization,
    /// through the same pipe, feeder and lock: the cost experiment's
    /// "transport alone" series. Read its frames with [`ProcessQueue::get_raw`].
    pub fn raw_sender(&self) -> std::io::Result<RawSender> {
        let writer =
            self.writer.as_ref().ok_or_else(|| std::io::Error::other("the write end is closed"))?;
        RawSender::start(writer.try_clone()?, Arc::clone(&self.page))
    }

    /// The next frame's bytes, not decoded; `Ok(None)` at the end of the queue.
    pub fn get_raw(&mut self) -> Result<Option<&[u8]>, FrameError> {
        if !frame::read_frame_into(&mut self.reader, &mut self.buffer, DEFAULT_MAX)? {
            return Ok(None);
        }
        Ok(Some(&self.buffer))
    }
}

/// A producer's end for bytes: `put` hands over a shared reference (no
/// copy), and the feeder writes it as one frame under the producers' lock.
pub struct RawSender {
    /// The feeder thread and the messages waiting for it.
    feeder: Feeder<Arc<[u8]>>,
}

impl RawSender {
    fn start(mut pipe: PipeWriter, page: Arc<SharedPage>) -> std::io::Result<RawSender> {
        let feeder = Feeder::start("raw-feeder", move |bytes: Arc<[u8]>| {
            let _whole = shared_lock::locked(page.word(0));
            frame::write_frame(&mut pipe, &bytes, DEFAULT_MAX)
        })?;
        Ok(RawSender { feeder })
    }

    /// Queues `bytes` for the feeder and returns at once.
    pub fn put(&self, bytes: Arc<[u8]>) {
        self.feeder.put(bytes);
    }

    /// Waits until the feeder has written everything put so far, and ends it.
    pub fn join(mut self) -> Result<(), FrameError> {
        self.feeder.finish()
    }
}

/// A feeder thread and its buffer (chapter 07's queue, unbounded, so `put`
/// never blocks): the thread hands each message to `write` until it takes
/// the `None` that ends it. Joined by `finish`, or on drop.
struct Feeder<M> {
    /// Messages waiting for the thread; `None` tells it to finish.
    buffer: Arc<Queue<Option<M>>>,
    /// The thread; `None` once joined.
    thread: Option<JoinHandle<Result<(), FrameError>>>,
}

impl<M: Send + 'static> Feeder<M> {
    fn start(
        name: &str,
        mut write: impl FnMut(M) -> Result<(), FrameError> + Send + 'static,
    ) -> std::io::Result<Feeder<M>> {
        let buffer = Arc::new(Queue::unbounded());
        let items = Arc::clone(&buffer);
        // ANCHOR: feeder_thread
        let thread = std::thread::Builder::new().name(name.into()).spawn(move || {
            while let Some(message) = items.get() {
                write(message)?;
            }
            Ok(())
        })?;
        // ANCHOR_END: feeder_thread
        Ok(Feeder { buffer, thread: Some(thread) })
    }
}

impl<M> Feeder<M> {
    fn put(&self, message: M) {
        self.buffer.put(Some(message));
    }

    /// Ends the thread once it has written everything put before, with its
    /// result.
    fn finish(&mut self) -> Result<(), FrameError> {
        match self.thread.take() {
            Some(thread) => {
                self.buffer.put(None);
                thread.join().unwrap_or_else(|_| {
                    Err(FrameError::Io(std::io::Error::other("the feeder panicked")))
                })
            }
            None => Ok(()),
        }
    }
}

impl<M> Drop for Feeder<M> {
    fn drop(&mut self) {
        let _ = self.finish();
    }
}
