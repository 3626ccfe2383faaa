//! "Don't do this at home": workers that end when `get(timeout=0.1)` finds
//! the queue empty, as the notebook's Tarantool threads do. An empty queue
//! does not mean the work is over; it may mean the producer is slow. Here
//! the producer pauses longer than the workers' timeout once, part way
//! through, and every worker leaves; the items put after the pause are
//! never processed. The fix: end the workers with a sentinel each, and let
//! an empty queue mean "wait".

use lab_07_queue::Queue;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// How a worker decides it is done.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// It leaves when a `get_timeout` finds the queue empty.
    EmptyForTimeout(Duration),
    /// It leaves when it takes a sentinel (`None`).
    Sentinel,
}

/// Runs `workers` workers over `items` items put by a producer that pauses
/// for `pause` after the first half. Returns (processed, left unprocessed).
pub fn run(ending: Ending, workers: usize, items: usize, pause: Duration) -> (usize, usize) {
    let queue: Arc<Queue<Option<usize>>> = Arc::new(Queue::unbounded());
    let processed = Arc::new(AtomicUsize::new(0));
    let handles: Vec<_> = (0..workers)
        .map(|_| {
            let (queue, processed) = (Arc::clone(&queue), Arc::clone(&processed));
            std::thread::spawn(move || {
                loop {
                    let item = match ending {
                        Ending::EmptyForTimeout(t) => match queue.get_timeout(t) {
                            Ok(item) => item,
                            Err(_) => return, // "the queue is empty, so we are done": wrong
                        },
                        Ending::Sentinel => queue.get(),
                    };
                    match item {
                        Some(_) => {
                            processed.fetch_add(1, Ordering::SeqCst);
                        }
                        None => return,
                    }
                }
            })
        })
        .collect();
    for i in 0..items {
        if i == items / 2 {
            std::thread::sleep(pause); // a slow read, a network hiccup
        }
        queue.put(Some(i));
    }
    for _ in 0..workers {
        queue.put(None);
    }
    handles.into_iter().for_each(|h| h.join().expect("a worker panicked"));
    let left = queue_items(&queue);
    (processed.load(Ordering::SeqCst), left)
}

/// Items (not sentinels) still in the queue.
fn queue_items(queue: &Queue<Option<usize>>) -> usize {
    std::iter::from_fn(|| queue.try_get().ok()).filter(Option::is_some).count()
}
