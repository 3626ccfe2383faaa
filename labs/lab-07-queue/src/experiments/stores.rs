//! Experiment 5: one queue, three orders.
//!
//! The same six jobs are put, in the same order, into queues with a FIFO,
//! a LIFO and a priority store (exercise `07-priority`), then got back.
//! The jobs compare by priority only, so the priority store's order among
//! equal priorities is its tie-break: first in, first out.

use crate::priority::Priority;
use crate::queue::Queue;
use crate::store::{Fifo, Lifo, Store};
use labkit::LabContext;
use labkit::report::Table;
use std::cmp::Ordering;

/// A job with a priority (lower = more urgent); jobs compare by priority only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Job {
    /// 1 = most urgent.
    priority: u8,
    /// What to do, shown in the table.
    name: &'static str,
}

impl Ord for Job {
    fn cmp(&self, other: &Self) -> Ordering {
        self.priority.cmp(&other.priority)
    }
}

impl PartialOrd for Job {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

const JOBS: [Job; 6] = [
    Job { priority: 3, name: "tidy the logs" },
    Job { priority: 1, name: "page the on-call" },
    Job { priority: 2, name: "reply to a mail" },
    Job { priority: 1, name: "restart the server" },
    Job { priority: 3, name: "back up" },
    Job { priority: 2, name: "review a patch" },
];

/// Puts the jobs into a queue with `store`, then gets them all back.
fn through<S: Store<Job>>(store: S) -> Vec<Job> {
    let queue = Queue::with_store(store, Some(JOBS.len()));
    JOBS.iter().for_each(|&job| queue.put(job));
    (0..JOBS.len()).map(|_| queue.get()).collect()
}

/// Prints the three orders and records the priority order.
pub fn run(ctx: &mut LabContext) -> anyhow::Result<()> {
    let orders = [through(Fifo::default()), through(Lifo::default()), through(Priority::default())];
    let mut table = Table::new(
        "Six jobs put in the order of the first column, got back from three stores",
        &["put", "Fifo (Queue)", "Lifo (LifoQueue)", "Priority (PriorityQueue)"],
    );
    let show = |j: &Job| format!("{} ({})", j.name, j.priority);
    for (i, job) in JOBS.iter().enumerate() {
        table.row([show(job), show(&orders[0][i]), show(&orders[1][i]), show(&orders[2][i])]);
    }
    table.print();
    println!();
    let names: Vec<&str> = orders[2].iter().map(|j| j.name).collect();
    ctx.record_result(
        "priority-order",
        names.join(", "),
        "the jobs as the priority store gave them back",
    );
    Ok(())
}
