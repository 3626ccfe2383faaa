"""Round trips through multiprocessing.Pipe, for lab-12-pipe.

Two kinds: Pipe() (duplex, which on Unix is a socket pair) and two
Pipe(duplex=False) (each an os.pipe()), one each way. The child echoes
every object it receives until it gets None. The parent
times each round trip with time.perf_counter_ns (a monotonic clock) and
blocking recv() calls: no busy poll. Prints one JSON object: the round-trip
quantiles (seconds) on the grid the lab asks for, and the mean and the
median round trip of each of `batches` batches (the lab's claims compare
the batch medians).

usage: pingpong.py ROUNDS BATCHES GRID_POINTS
"""

import json
import multiprocessing as mp
import sys
import time


def echo(inbox, outbox):
    while True:
        msg = inbox.recv()
        if msg is None:
            return
        outbox.send(msg)


def measure(duplex, rounds, batches, grid):
    if duplex:
        ours, theirs = mp.Pipe()
        ours_in, ours_out, their_in, their_out = ours, ours, theirs, theirs
        child_ends = [theirs]
    else:
        their_in, ours_out = mp.Pipe(duplex=False)  # (receiving end, sending end)
        ours_in, their_out = mp.Pipe(duplex=False)
        child_ends = [their_in, their_out]
    child = mp.Process(target=echo, args=(their_in, their_out))
    child.start()
    for end in child_ends:
        end.close()
    ours = ours_out
    try:
        for _ in range(rounds // 10):  # warm-up
            ours_out.send(1)
            ours_in.recv()
        trips = []
        means = []
        medians = []
        per_batch = max(1, rounds // batches)
        for _ in range(batches):
            start_batch = time.perf_counter_ns()
            for _ in range(per_batch):
                t0 = time.perf_counter_ns()
                ours_out.send(1)
                ours_in.recv()
                trips.append(time.perf_counter_ns() - t0)
            means.append((time.perf_counter_ns() - start_batch) / per_batch / 1e9)
            batch = sorted(trips[-per_batch:])
            medians.append(batch[len(batch) // 2] / 1e9)
    finally:
        ours.send(None)
        child.join()
    trips.sort()
    n = len(trips)
    quantiles = [trips[min(n - 1, round((n - 1) * (i + 1) / (grid + 1)))] / 1e9 for i in range(grid)]
    return {
        "quantiles": quantiles,
        "median": trips[n // 2] / 1e9,
        "p99": trips[min(n - 1, round((n - 1) * 0.99))] / 1e9,
        "batch_means": means,
        "batch_medians": medians,
    }


def main():
    rounds, batches, grid = (int(a) for a in sys.argv[1:4])
    print(json.dumps({
        "start_method": mp.get_start_method(),
        "duplex": measure(True, rounds, batches, grid),
        "simplex": measure(False, rounds, batches, grid),
    }))


if __name__ == "__main__":
    main()
