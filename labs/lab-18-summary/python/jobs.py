#!/usr/bin/env python3
"""Chapter 18's three jobs in Python, timed for lab-18-summary.

    jobs.py io   --base http://127.0.0.1:PORT --pages 24 --workers 1,2,4 --repeat 3
    jobs.py cpu  --seconds 0.2 --tasks 64 --workers 1,2,4 --repeat 3
    jobs.py data --chunks 32 --chunk-kib 1024 --workers 1,2,4 --repeat 3

Each job runs sequentially, with a pool of threads
(concurrent.futures.ThreadPoolExecutor) and with a pool of processes
(multiprocessing's Pool, started with "fork" as the Rust lab's pool is),
the pool created inside the timed run. As in the Rust lab:

io:   fetch each page of the lab's local server (urllib); answer: body length.
cpu:  count primes below a limit by trial division; task t of T tests the
      blocks of 64 numbers starting at 64t, 64(t+T), ...; the limit is chosen
      so that the sequential run takes about --seconds. The same tasks with
      nothing to count (limit 0) are also run by each process pool: what
      the pool itself costs (start, a message each way per task, stop).
data: count the lines (newline bytes) of each chunk with bytes.count, a
      loop in C, as the Rust lab counts them; the chunks are copied afresh
      after the pool has started, so a process must be sent its chunk
      (pickled, through a pipe).

Prints one JSON object: {"python": version, "job": ..., "limit": ...,
"runs": [{"mode": ..., "workers": k, "seconds": [...], "total": n}, ...],
"empty": [{"workers": k, "seconds": [...]}, ...] (cpu only)}.
Standard library only.
"""

import argparse
import json
import multiprocessing
import os
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor

BLOCK = 64


def is_prime(n):
    if n < 4:
        return n >= 2
    if n % 2 == 0:
        return False
    d = 3
    while d * d <= n:
        if n % d == 0:
            return False
        d += 2
    return True


# Set before the pool forks, so the workers have them.
LIMIT = 0
TASKS = 1
URLS = []


def cpu_task(t):
    count = 0
    start = t * BLOCK
    step = TASKS * BLOCK
    while start < LIMIT:
        for n in range(start, min(start + BLOCK, LIMIT)):
            if is_prime(n):
                count += 1
        start += step
    return count


def io_task(i):
    with urllib.request.urlopen(URLS[i], timeout=30) as response:
        return len(response.read())


def data_task(chunk):
    # bytes.count runs in C (no bytecode per byte), as Rust's loop runs in
    # machine code: the same work in both languages.
    return chunk.count(b"\n")


# The data, made once; each run works on fresh copies of it.
SOURCE = []


def make_chunks(count, size):
    if len(SOURCE) != count or len(SOURCE[0]) != size:
        SOURCE[:] = [os.urandom(size) for _ in range(count)]
    return [bytes(memoryview(chunk)) for chunk in SOURCE]  # copies


def timed_run(job, mode, workers, args):
    """One run: (seconds, total). The pool is made and ended inside the timing."""
    if job == "data":
        items_of = lambda: make_chunks(args.chunks, args.chunk_kib * 1024)
        task = data_task
    else:
        items_of = lambda: range(len(URLS) if job == "io" else TASKS)
        task = io_task if job == "io" else cpu_task
    fork = multiprocessing.get_context("fork")
    if mode == "sequential":
        items = items_of()
        start = time.perf_counter()
        total = sum(task(x) for x in items)
        return time.perf_counter() - start, total
    start = time.perf_counter()
    pool = ThreadPoolExecutor(workers) if mode == "threads" else fork.Pool(workers)
    with pool:
        # The items are made once the pool runs (the data job's chunks must
        # then travel to a process); making them is not timed.
        made = time.perf_counter()
        items = items_of()
        start += time.perf_counter() - made
        if mode == "threads":
            total = sum(pool.map(task, items))
        else:
            total = sum(pool.map(task, items, chunksize=1))
    return time.perf_counter() - start, total


def calibrate(seconds):
    """A limit below which counting primes takes about `seconds`."""
    global LIMIT
    LIMIT = 20000
    while True:
        start = time.perf_counter()
        sum(cpu_task(t) for t in range(TASKS))
        took = time.perf_counter() - start
        if took >= seconds / 4:
            # Trial division up to n costs about n * sqrt(n) = n^1.5: scale
            # the limit by the 2/3 power of the time wanted, as the Rust lab does.
            scale = (seconds / took) ** (2.0 / 3.0)
            LIMIT = int(LIMIT * max(0.5, min(8.0, scale)))
            return
        LIMIT *= 4


def main():
    global TASKS, URLS
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("job", choices=["io", "cpu", "data"])
    parser.add_argument("--workers", default="1,2,4")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--base")
    parser.add_argument("--pages", type=int, default=24)
    parser.add_argument("--seconds", type=float, default=0.2)
    parser.add_argument("--tasks", type=int, default=64)
    parser.add_argument("--chunks", type=int, default=32)
    parser.add_argument("--chunk-kib", type=int, default=1024)
    args = parser.parse_args()
    workers = [int(w) for w in args.workers.split(",")]
    if args.job == "io":
        if not args.base:
            sys.exit("io needs --base")
        URLS = [f"{args.base}/page/{i}" for i in range(args.pages)]
    if args.job == "cpu":
        TASKS = args.tasks
        calibrate(args.seconds)
    grid = [("sequential", 1)] + [(m, k) for m in ("threads", "processes") for k in workers]
    runs = {point: {"seconds": [], "total": None} for point in grid}
    empty = {k: [] for k in workers} if args.job == "cpu" else {}
    for _ in range(args.repeat):
        # Rounds of every point, so a busy moment slows one run of each.
        for mode, k in grid:
            seconds, total = timed_run(args.job, mode, k, args)
            runs[(mode, k)]["seconds"].append(seconds)
            runs[(mode, k)]["total"] = total
        for k in empty:
            empty[k].append(empty_pool(k, args))
    print(json.dumps({
        "python": sys.version.split()[0],
        "job": args.job,
        "limit": LIMIT if args.job == "cpu" else None,
        "runs": [{"mode": m, "workers": k, **runs[(m, k)]} for m, k in grid],
        "empty": [{"workers": k, "seconds": s} for k, s in empty.items()],
    }))


def empty_pool(workers, args):
    """The CPU job's tasks with nothing to count, by a pool of processes:
    what the pool itself costs."""
    global LIMIT
    limit, LIMIT = LIMIT, 0
    try:
        seconds, total = timed_run("cpu", "processes", workers, args)
    finally:
        LIMIT = limit
    assert total == 0
    return seconds


if __name__ == "__main__":
    main()
