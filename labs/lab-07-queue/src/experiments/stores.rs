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
use labkit::claim::Claim;
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

/// Prints the three orders, records each, and checks each against the
/// order its store promises.
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
    let names = |order: &[Job]| order.iter().map(|j| j.name).collect::<Vec<_>>().join(", ");
    // With each job's priority, so a reader can check every order against the put one.
    let listed = |order: &[Job]| order.iter().map(show).collect::<Vec<_>>().join(", ");
    ctx.record_result("put-order", listed(&JOBS), "the jobs in the order they were put (priority)");
    let keys = [("fifo", "FIFO"), ("lifo", "LIFO"), ("priority", "priority")];
    for ((key, what), order) in keys.iter().zip(&orders) {
        ctx.record_result(
            &format!("{key}-order"),
            listed(order),
            &format!("the jobs as the {what} store gave them back (priority)"),
        );
    }
    let put = JOBS.to_vec();
    let mut reversed = put.clone();
    reversed.reverse();
    let mut by_priority = put.clone();
    by_priority.sort_by_key(|j| j.priority); // stable: first in, first out among equals
    let same =
        |got: &[Job], want: &[Job]| got.iter().map(|j| j.name).eq(want.iter().map(|j| j.name));
    let checks = [
        ("fifo", "the FIFO store gives the jobs back in the order they were put", &put),
        ("lifo", "the LIFO store gives them back in reverse order", &reversed),
        (
            "priority",
            "the priority store gives them back most urgent first, and first in, first out among equal priorities",
            &by_priority,
        ),
    ];
    for ((key, statement, want), got) in checks.iter().zip(&orders) {
        let evidence = format!("got {}", names(got));
        ctx.claim(
            &format!("{key}-order-right"),
            Claim::fact(*statement, same(got, want), evidence),
        );
    }
    Ok(())
}
