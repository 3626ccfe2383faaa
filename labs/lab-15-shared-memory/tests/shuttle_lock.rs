//! shuttle: many random schedules of four threads counting through chapter
//! 02's `Mutex` on the process lock, with a yield inside the critical
//! section to invite a switch there.
//!
//! `cargo test -p lab-15-shared-memory --features shuttle --test shuttle_lock`

#![cfg(all(feature = "shuttle", not(feature = "loom")))]

use lab_02_lock::Mutex;
use lab_15_shared_memory::lock::ProcessLock;
use labkit::sync::{Arc, model, thread};

#[test]
fn four_threads_count_exactly_through_the_mutex() {
    model(|| {
        let mutex = Arc::new(Mutex::<u64, ProcessLock>::new(0));
        let workers: Vec<_> = (0..4)
            .map(|_| {
                let mutex = Arc::clone(&mutex);
                thread::spawn(move || {
                    for _ in 0..3 {
                        let mut guard = mutex.lock();
                        let v = *guard;
                        thread::yield_now();
                        *guard = v + 1;
                    }
                })
            })
            .collect();
        workers.into_iter().for_each(|w| w.join().unwrap());
        assert_eq!(*mutex.lock(), 12);
    });
}
