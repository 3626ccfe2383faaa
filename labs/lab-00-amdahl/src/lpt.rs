//! Longest task first: planning which worker runs which task.
//!
//! With tasks of very different lengths, the order they are handed out in
//! decides when the last worker finishes (the makespan). The classic greedy
//! rule, longest processing time first (LPT), sorts the tasks longest first
//! and gives each to the worker that is free earliest. Its makespan is never
//! more than 4/3 of the best possible one (Graham, 1969). The lab compares
//! the plan with what workers pulling from a shared queue actually do.
//! This module is also exercise `00-longest-first`.

/// Assigns `tasks` (their lengths, in any unit) to `workers` workers by the
/// LPT rule. Returns, for each worker, the indices of its tasks in the order
/// it runs them. Ties go to the lower-numbered worker and, between equal
/// tasks, to the lower index, so the plan is deterministic.
pub fn plan(tasks: &[u64], workers: usize) -> Vec<Vec<usize>> {
    assert!(workers > 0, "a plan needs at least one worker");
    // exercise: solution
    let mut order: Vec<usize> = (0..tasks.len()).collect();
    order.sort_by_key(|&i| (std::cmp::Reverse(tasks[i]), i));
    let mut load = vec![0u64; workers];
    let mut assigned = vec![Vec::new(); workers];
    for i in order {
        let earliest = (0..workers).min_by_key(|&w| (load[w], w)).expect("at least one worker");
        load[earliest] += tasks[i];
        assigned[earliest].push(i);
    }
    assigned
    // exercise: starter
    // let _ = tasks;
    // todo!("sort the task indices longest first, then give each to the least-loaded worker")
    // exercise: end
}

/// When the last worker of a plan finishes.
pub fn makespan(tasks: &[u64], plan: &[Vec<usize>]) -> u64 {
    plan.iter().map(|mine| mine.iter().map(|&i| tasks[i]).sum()).max().unwrap_or(0)
}

/// No schedule can finish before the work is shared perfectly, nor before
/// the longest task is done.
pub fn lower_bound(tasks: &[u64], workers: usize) -> u64 {
    let total: u64 = tasks.iter().sum();
    let longest = tasks.iter().copied().max().unwrap_or(0);
    total.div_ceil(workers as u64).max(longest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_task_is_planned_exactly_once() {
        let tasks = [5, 1, 9, 3, 3, 7, 2];
        let p = plan(&tasks, 3);
        assert_eq!(p.len(), 3);
        let mut all: Vec<usize> = p.concat();
        all.sort();
        assert_eq!(all, (0..tasks.len()).collect::<Vec<_>>());
    }

    #[test]
    fn each_worker_runs_its_tasks_longest_first() {
        let tasks = [2, 8, 4, 6, 1, 9];
        for mine in plan(&tasks, 2) {
            assert!(mine.windows(2).all(|w| tasks[w[0]] >= tasks[w[1]]), "{mine:?}");
        }
    }

    #[test]
    fn the_longest_tasks_go_to_different_workers_first() {
        let tasks = [1, 10, 1, 9, 1, 8];
        let p = plan(&tasks, 3);
        assert_eq!((p[0][0], p[1][0], p[2][0]), (1, 3, 5));
    }

    #[test]
    fn the_next_task_goes_to_the_least_loaded_worker() {
        // After 7 -> w0 and 5 -> w1, w1 is less loaded: 4 goes there, then 3 to w0.
        let p = plan(&[7, 5, 4, 3], 2);
        assert_eq!(p, vec![vec![0, 3], vec![1, 2]]);
    }

    #[test]
    fn reaches_the_lower_bound_where_round_robin_does_not() {
        // Dealt out in turn, every long task would land on worker 0 (40 against 4).
        let tasks = [10, 1, 10, 1, 10, 1, 10, 1];
        let p = plan(&tasks, 2);
        assert_eq!(makespan(&tasks, &p), 22);
        assert_eq!(lower_bound(&tasks, 2), 22);
    }

    #[test]
    fn stays_within_four_thirds_of_the_lower_bound() {
        let tasks: Vec<u64> = (1..=40).map(|i| (i * 7919) % 97 + 1).collect();
        for workers in 1..=6 {
            let m = makespan(&tasks, &plan(&tasks, workers)) as f64;
            assert!(
                m <= 4.0 / 3.0 * lower_bound(&tasks, workers) as f64 + 1.0,
                "{workers} workers: {m}"
            );
        }
    }

    #[test]
    fn no_tasks_leave_every_worker_idle() {
        assert_eq!(plan(&[], 2), vec![Vec::<usize>::new(), Vec::new()]);
    }
}
