//! The log sink every process of the chapter writes to: a file, and a lock
//! that keeps each record whole.
//!
//! It is the Rust counterpart of a Python logging handler: `emit` formats a
//! record into a buffer and writes it while holding the handler's lock, so
//! two threads never mix their lines. The lock is chapter 02's futex lock
//! (`lab_02_lock::FutexLock`, the same three-state word as std's `Mutex`
//! on Linux: 0 free, 1 held, 2 held with sleepers), used raw because the
//! `pthread_atfork` fix must lock it in one function and unlock it in
//! another.
//!
//! [`Sink::log_holding`] keeps the lock for a chosen time after writing, so
//! the logging thread can hold it for a chosen share of its time (its duty
//! cycle, `logger.rs`). [`Sink::write_unlocked`] is the one thing a child
//! forked from a threaded parent may safely do here: a single `write(2)`.

use lab_02_lock::{FutexLock, RawLock};
use std::cell::UnsafeCell;
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::os::fd::AsRawFd;
use std::path::Path;
use std::time::{Duration, Instant};

// ANCHOR: sink
/// A log file shared by threads (and, after `fork`, by copies of them).
pub struct Sink {
    /// Who is writing a record: 0 free, 1 held, 2 held with a sleeper.
    lock: FutexLock,
    /// The record being formatted; only the lock's holder touches it.
    record: UnsafeCell<Vec<u8>>,
    /// The log file, opened for appending (each write lands at the end).
    file: File,
}
// ANCHOR_END: sink

// Safety: `record` is only reached between `lock.lock()` and
// `lock.unlock()` (in `log_holding`), so one thread at a time uses it; the
// file is written through `&File`, which the kernel serialises.
unsafe impl Sync for Sink {}

impl Sink {
    // ANCHOR: log
    /// Writes one record, `who: message`, holding the lock for at least
    /// `hold` (spinning after the write).
    pub fn log_holding(&self, who: &str, message: &str, hold: Duration) -> std::io::Result<()> {
        self.lock.lock(); // a child forked while another thread held it waits here for ever
        let start = Instant::now();
        // Safety: this thread holds the lock (see `unsafe impl Sync`).
        let record = unsafe { &mut *self.record.get() };
        record.clear();
        let written =
            writeln!(record, "{who}: {message}").and_then(|()| (&self.file).write_all(record));
        while start.elapsed() < hold {
            std::hint::spin_loop();
        }
        // Safety: taken at the top of this function, by this thread.
        unsafe { self.lock.unlock() };
        written
    }
    // ANCHOR_END: log

    /// Writes one record and lets go of the lock at once.
    pub fn log(&self, who: &str, message: &str) -> std::io::Result<()> {
        self.log_holding(who, message, Duration::ZERO)
    }

    /// Creates (or empties) the log file at `path`.
    pub fn create(path: &Path) -> std::io::Result<Sink> {
        File::create(path)?;
        Sink::open(path)
    }

    /// Appends to the log file at `path`, which must exist.
    pub fn open(path: &Path) -> std::io::Result<Sink> {
        let file = OpenOptions::new().append(true).open(path)?;
        Ok(Sink { lock: FutexLock::new(), record: UnsafeCell::new(Vec::new()), file })
    }

    // ANCHOR: unlocked
    /// Appends `line` with a single `write(2)`, without the lock and without
    /// allocating: async-signal-safe, so a child forked from a threaded
    /// parent may call it. One `write` of a short line to a file opened
    /// with `O_APPEND` lands whole at the end, so the lock is not needed
    /// for that.
    pub fn write_unlocked(&self, line: &[u8]) -> bool {
        // Safety: the pointer and length describe `line`, which lives
        // across the call; the descriptor is the sink's open file.
        let n = unsafe { libc::write(self.file.as_raw_fd(), line.as_ptr().cast(), line.len()) };
        n == line.len() as isize
    }
    // ANCHOR_END: unlocked

    /// The lock, for the `pthread_atfork` handlers (`atfork.rs`).
    pub fn lock(&self) -> &FutexLock {
        &self.lock
    }
}

/// The lines of the log at `path` that start with `prefix`.
pub fn count_lines(path: &Path, prefix: &str) -> std::io::Result<usize> {
    Ok(std::fs::read_to_string(path)?.lines().filter(|l| l.starts_with(prefix)).count())
}

#[cfg(test)]
mod tests {
    use super::*;
    use labkit::process::TempDir;
    use std::sync::Arc;

    #[test]
    fn records_from_many_threads_stay_whole() {
        let dir = TempDir::new("lab-11-sink").unwrap();
        let path = dir.path().join("whole.log");
        let sink = Arc::new(Sink::create(&path).unwrap());
        let threads: Vec<_> = (0..4)
            .map(|t| {
                let sink = Arc::clone(&sink);
                std::thread::spawn(move || {
                    for i in 0..500 {
                        sink.log(
                            &format!("thread {t}"),
                            &format!("record {i} {}", "x".repeat(i % 97)),
                        )
                        .unwrap();
                    }
                })
            })
            .collect();
        threads.into_iter().for_each(|t| t.join().unwrap());
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(text.lines().count(), 2000);
        for line in text.lines() {
            let (who, rest) = line.split_once(": record ").expect("a whole record");
            assert!(who.starts_with("thread "), "{line}");
            let (i, xs) = rest.split_once(' ').expect("a whole record");
            assert_eq!(xs.len(), i.parse::<usize>().unwrap() % 97, "{line}");
        }
    }

    #[test]
    fn an_unlocked_write_appends_one_line_while_the_lock_is_held() {
        let dir = TempDir::new("lab-11-sink").unwrap();
        let path = dir.path().join("unlocked.log");
        let sink = Sink::create(&path).unwrap();
        sink.log("first", "locked").unwrap();
        sink.lock().lock();
        assert!(sink.write_unlocked(b"second: unlocked\n"));
        // Safety: taken just above.
        unsafe { sink.lock().unlock() };
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "first: locked\nsecond: unlocked\n");
        assert_eq!(count_lines(&path, "second").unwrap(), 1);
    }
}
